package io.msupgrade.render.ansible;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.msupgrade.plan.Plan;
import io.msupgrade.render.GeneratedTree;
import io.msupgrade.render.YamlData;

/**
 * The generated repository as an AWX / Automation Controller project, as it is: what the
 * controller reads from the project's root (it runs {@code ansible-playbook} there and installs
 * {@code collections/requirements.yml} on the project sync: AWX docs/collections.md), the
 * execution environment the jobs run in, and the context of {@code ansible/controller/configure.yml},
 * the playbook that creates the project, inventory, job templates and workflows from the plan.
 */
public final class ControllerProject {

    /** The awx.awx collection configure.yml is written and tested against. */
    static final RequirementsData.Requirement AWX = new RequirementsData.Requirement("awx.awx", "21.14.0");

    /** The playbooks the controller runs, relative to the project root. */
    static final String PLAYBOOKS = "ansible/playbooks/";
    /** The inventory the controller's inventory source reads (group_vars and host_vars beside it). */
    static final String INVENTORY = "ansible/inventory/hosts.yml";

    /**
     * bindep lines for the execution environment: what the jobs need on the controller side. The
     * roles run their commands on the managed hosts; the controller side only connects (OpenSSH
     * client) and fetches files (the cloned legacy configuration).
     */
    static final List<String> SYSTEM_PACKAGES = List.of(
            "openssh-clients [platform:rpm]",
            "openssh-client [platform:dpkg]");

    private static final Pattern RELATIVE_PATH_SETTING =
            Pattern.compile("(?m)^(inventory|roles_path|collections_path) = (.*)$");

    private ControllerProject() {
    }

    /** The project's root files: ansible.cfg, collections/requirements.yml, execution-environment.yml. */
    static void render(byte[] ansibleCfg, String requirements, GeneratedTree tree) {
        tree.add("ansible.cfg", rootConfig(new String(ansibleCfg, StandardCharsets.UTF_8)));
        tree.add("collections/requirements.yml", requirements);
        tree.add("execution-environment.yml", YamlData.dump(executionEnvironment()));
        tree.add("ansible/controller/requirements.yml", RequirementsData.yaml(List.of(AWX)));
    }

    /**
     * ansible/ansible.cfg for a run from the repository's root (Ansible reads the ansible.cfg of
     * the current folder; the controller runs its jobs from the project's root): the same
     * settings, its relative paths pointing into ansible/. One source, so the two cannot drift.
     */
    static String rootConfig(String ansibleCfg) {
        Matcher m = RELATIVE_PATH_SETTING.matcher(ansibleCfg);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String paths = String.join(":", java.util.Arrays.stream(m.group(2).split(":"))
                    .map(p -> p.startsWith("./") ? "./ansible/" + p.substring(2) : p).toList());
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + " = " + paths));
        }
        m.appendTail(out);
        String body = out.toString().replaceFirst("(?s)^(#[^\n]*\n)+", "");
        return "# msupgrade: Ansible settings for a run from the repository's root, as AWX /\n"
                + "# Automation Controller runs a project's playbooks (ansible/ansible.cfg with\n"
                + "# its paths into ansible/; generated from it). On the command line, run from\n"
                + "# ansible/ as before.\n" + body;
    }

    /** ansible-builder's version 3 definition: the collections of the requirements, the system packages. */
    static Map<String, Object> executionEnvironment() {
        Map<String, Object> dependencies = new LinkedHashMap<>();
        dependencies.put("galaxy", "collections/requirements.yml");
        dependencies.put("system", SYSTEM_PACKAGES);
        Map<String, Object> ee = new LinkedHashMap<>();
        ee.put("version", 3);
        ee.put("dependencies", dependencies);
        return ee;
    }

    /** What configure.yml.tpl uses: job templates, and the workflows' nodes. */
    static Map<String, Object> context(Plan plan, List<String> playbooks) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("inventory_source_path", INVENTORY);
        c.put("job_templates", playbooks.stream().map(p -> Map.of(
                "name", plan.deployment() + " " + p,
                "playbook", PLAYBOOKS + p + ".yml")).toList());
        c.put("upgrade_nodes", nodes(plan.deployment(), UpgradeWorkflow.upgrade(plan)));
        c.put("backout_nodes", nodes(plan.deployment(), UpgradeWorkflow.backout()));
        c.put("decommission_nodes", plan.pairs().isEmpty() ? List.of()
                : nodes(plan.deployment(), UpgradeWorkflow.decommission()));
        return c;
    }

    /** Steps as workflow nodes: each node's success leads to the next. */
    private static List<Map<String, Object>> nodes(String deployment, List<UpgradeWorkflow.Step> steps) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            UpgradeWorkflow.Step s = steps.get(i);
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("identifier", s.id());
            n.put("approval", s.approval());
            n.put("name", s.approval() ? deployment + ": " + s.title() : deployment + " " + s.playbook());
            n.put("description", s.title());
            n.put("extra_data", s.gates());
            n.put("next", i + 1 < steps.size() ? steps.get(i + 1).id() : "");
            n.put("stops_at_gate", s.stopsAtGate());
            nodes.add(n);
        }
        return nodes;
    }
}
