package io.msupgrade.render.ansible;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.msupgrade.model.AnsibleOptions;
import io.msupgrade.model.Deployment;
import io.msupgrade.plan.Plan;
import io.msupgrade.render.GeneratedTree;
import io.msupgrade.render.TemplateTree;
import io.msupgrade.render.Templates;
import io.msupgrade.render.YamlData;

/**
 * Writes {@code ansible/}: the static roles and configuration copied verbatim (or, with
 * {@code ansible.roles: collection}, no roles: the tree requires the collection), the playbooks
 * rendered from their {@code .tpl} templates with the plan, and the inventory and requirements
 * written as data; and the repository's root files a controller project reads ({@link ControllerProject}).
 */
public final class AnsibleTreeRenderer {

    static final String TEMPLATE_ROOT = "templates/ansible";
    static final String TEMPLATE_SUFFIX = ".tpl";
    /**
     * The play of {@code msupgrade discover}, which runs it from its own copy against the operator's
     * inventory before any model exists: not a stage of the upgrade, so not in the generated tree
     * (its role is, with the others, and in the collection).
     */
    static final String DISCOVER_PLAYBOOK = "playbooks/discover.yml";
    private static final String ROLES = "roles/";
    private static final String PLAYBOOKS = "playbooks/";
    /** A gate every changing playbook imports; the controller's workflow asks it as an approval. */
    private static final String GATE_PLAYBOOK = "confirm";

    private final Templates templates;

    public AnsibleTreeRenderer(Templates templates) {
        this.templates = templates;
    }

    /** The playbooks, rendered from their {@code .tpl} templates with the plan. */
    public void renderTemplates(Deployment model, Plan plan, GeneratedTree tree) {
        Map<String, Object> context = new LinkedHashMap<>(PlaybookContext.of(plan));
        context.put("role_ns", model.ansible().fromCollection() ? AnsibleCollection.FQCN + "." : "");
        context.put("controller", ControllerProject.context(plan, playbooks()));
        TemplateTree.load(TEMPLATE_ROOT).forEach((path, bytes) -> {
            if (path.endsWith(TEMPLATE_SUFFIX)) {
                String target = path.substring(0, path.length() - TEMPLATE_SUFFIX.length());
                String source = new String(bytes, StandardCharsets.UTF_8);
                tree.add("ansible/" + target, templates.render(path, source, context));
            }
        });
    }

    /**
     * Everything but the playbooks: the static files, copied verbatim (the roles only when
     * vendored), the inventory and the collection requirements, written as data.
     */
    public void renderData(Deployment model, Plan plan, GeneratedTree tree) {
        AnsibleOptions options = model.ansible();
        TemplateTree.load(TEMPLATE_ROOT).forEach((path, bytes) -> {
            if (!path.endsWith(TEMPLATE_SUFFIX) && !(options.fromCollection() && path.startsWith(ROLES))
                    && !path.equals(DISCOVER_PLAYBOOK)) {
                tree.add("ansible/" + path, bytes);
            }
        });
        InventoryData inventory = new InventoryData(model, plan);
        tree.add("ansible/inventory/hosts.yml", YamlData.dump(inventory.hosts()));
        tree.add("ansible/inventory/group_vars/all.yml", YamlData.dump(inventory.all()));
        inventory.hostVars().forEach((host, vars) ->
                tree.add("ansible/inventory/host_vars/" + host + ".yml", YamlData.dump(vars)));
        String requirements = RequirementsData.yaml(RequirementsData.of(options, AnsibleCollection.version()));
        tree.add("ansible/collections/requirements.yml", requirements);
        ControllerProject.render(TemplateTree.load(TEMPLATE_ROOT).get("ansible.cfg"), requirements, tree);
    }

    /** The playbooks the generated tree holds, by name, but the gate the others import. */
    static List<String> playbooks() {
        return TemplateTree.load(TEMPLATE_ROOT, p -> p.startsWith(PLAYBOOKS) && !p.substring(PLAYBOOKS.length()).contains("/"))
                .keySet().stream()
                .map(p -> p.substring(PLAYBOOKS.length()).replace(TEMPLATE_SUFFIX, "").replaceAll("\\.yml$", ""))
                .filter(p -> !p.equals(GATE_PLAYBOOK) && !(PLAYBOOKS + p + ".yml").equals(DISCOVER_PLAYBOOK))
                .sorted()
                .toList();
    }
}
