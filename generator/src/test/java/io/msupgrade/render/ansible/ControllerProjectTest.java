package io.msupgrade.render.ansible;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import io.msupgrade.plan.GateVariables;
import io.msupgrade.plan.Plan;
import io.msupgrade.render.GeneratedTree;
import io.msupgrade.render.OutputFolder;
import io.msupgrade.testing.Samples;
import io.msupgrade.testing.Tool;

/**
 * Every sample's generated repository as an AWX / Automation Controller project: the root files
 * the controller reads, the execution environment, and ansible/controller/configure.yml run for
 * real against a controller URL nothing listens on, so that every awx.awx task's arguments pass
 * the module's own argument validation and the run fails only when it connects.
 */
class ControllerProjectTest {

    /** Nothing listens here: the awx.awx modules validate their arguments, then fail to connect. */
    static final String UNREACHABLE = "http://127.0.0.1:9";

    @TempDir
    static Path tmp;

    @TestFactory
    Stream<DynamicTest> everySampleIsAControllerProject() {
        return Samples.all().stream().map(sample -> DynamicTest.dynamicTest(Samples.name(sample), () -> {
            Path out = tmp.resolve(Samples.name(sample));
            GeneratedTree tree = Samples.tree(sample);
            new OutputFolder(out, false, false).write(tree);
            Map<String, String> env = Map.of(
                    "ANSIBLE_LOCAL_TEMP", tmp.resolve("ansible-tmp").toString(),
                    "ANSIBLE_NOCOLOR", "1", "NO_COLOR", "1");

            // The controller installs collections/requirements.yml of the project's root.
            assertArrayEquals(tree.get("ansible/collections/requirements.yml"), tree.get("collections/requirements.yml"));

            // ansible-builder's version 3 definition, its collections those of the requirements file.
            Map<String, Object> ee = new Yaml().load(Files.readString(out.resolve("execution-environment.yml")));
            assertEquals(3, ee.get("version"));
            @SuppressWarnings("unchecked")
            Map<String, Object> deps = (Map<String, Object>) ee.get("dependencies");
            assertTrue(Files.isRegularFile(out.resolve((String) deps.get("galaxy"))), "galaxy: " + deps.get("galaxy"));
            assertFalse(((List<?>) deps.get("system")).isEmpty());

            // From the project's root, as the controller runs it: the root ansible.cfg finds roles and inventory.
            List<String> syntax = new ArrayList<>(List.of("ansible-playbook", "--syntax-check"));
            try (Stream<Path> s = Files.list(out.resolve("ansible/playbooks"))) {
                s.map(p -> "ansible/playbooks/" + p.getFileName()).sorted().forEach(syntax::add);
            }
            syntax.add("ansible/controller/configure.yml");
            Tool.Result check = Tool.run(out, env, 600, syntax);
            assertTrue(check.ok(), "syntax-check from the project root failed:\n" + check.output());
            Tool.Result inventory = Tool.run(out, env, 120, List.of("ansible-inventory", "--list"));
            Plan plan = Samples.plan(sample);
            assertTrue(inventory.ok() && plan.hosts().stream().allMatch(h -> inventory.output().contains(h.name())),
                    "ansible-inventory from the project root:\n" + inventory.output());

            String configure = Files.readString(out.resolve("ansible/controller/configure.yml"));
            assertNoSecret(configure);
            assertGates(configure, plan);
            everyParameterIsInItsModulesDocumentation(out, env, configure);
            everyControllerTaskPassesItsModulesValidation(out, env, configure);
        }));
    }

    /** Credentials are named, never created: no awx.awx.credential task, no secret-looking key. */
    private static void assertNoSecret(String configure) {
        assertFalse(configure.contains("awx.awx.credential"), "configure.yml creates a credential");
        for (String key : List.of("password:", "ssh_key_data:", "controller_password:", "oauth_token:", "secret:")) {
            assertFalse(configure.contains(key), "configure.yml holds " + key);
        }
    }

    /** Each human gate is an approval node, and the job after it gets the gate's variable. */
    private static void assertGates(String configure, Plan plan) {
        boolean coexistence = !plan.pairs().isEmpty();
        List<String> gates = new ArrayList<>(List.of(GateVariables.CONFIRM, GateVariables.BACKOUT_CONFIRM));
        // a coexistence stage's review and pilot gates are its own: one approval each per migrate stage
        long migrateStages = plan.runOrder().stages().stream()
                .filter(st -> st.kind() == io.msupgrade.plan.Stage.Kind.MIGRATE).count();
        for (long i = 1; i < migrateStages; i++) {
            gates.addAll(List.of(GateVariables.CONFIG_REVIEWED, GateVariables.PILOTS_VERIFIED));
        }
        if (coexistence) {
            gates.addAll(List.of(GateVariables.CONFIG_REVIEWED, GateVariables.PILOTS_VERIFIED,
                    GateVariables.DECOMMISSION_CONFIRM));
        }
        List<Map<String, Object>> plays = new Yaml().load(configure);
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (Object t : (List<?>) plays.get(0).get("tasks")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> wf = (Map<String, Object>) ((Map<String, Object>) t).get("awx.awx.workflow_job_template");
            if (wf != null) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> n = (List<Map<String, Object>>) wf.get("workflow_nodes");
                nodes.addAll(n);
            }
        }
        long approvals = nodes.stream().filter(n -> "workflow_approval".equals(
                ((Map<?, ?>) n.get("unified_job_template")).get("type"))).count();
        assertEquals(gates.size(), approvals, "approval nodes");
        for (String gate : gates) {
            assertTrue(nodes.stream().anyMatch(n -> n.get("extra_data") instanceof Map<?, ?> m && "yes".equals(m.get(gate))),
                    "no job runs with " + gate + "=yes after its approval");
        }
    }

    /** {@code ansible-doc -j} of each awx.awx module used, read once per module. */
    private static final Map<String, Map<String, Object>> DOCS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Every parameter of every awx.awx task, nested ones included (a workflow node's
     * {@code unified_job_template}, {@code related}, ...), is an option or suboption of the argument
     * spec that {@code ansible-doc -j} of the installed awx.awx collection reports, of a matching
     * shape. The module's own validation (below) sees only the top level: {@code workflow_nodes} is
     * a list of plain dicts to it, checked by the controller only when the workflow is created.
     */
    private static void everyParameterIsInItsModulesDocumentation(Path out, Map<String, String> env, String configure) {
        List<Map<String, Object>> plays = new Yaml().load(configure);
        List<String> wrong = new ArrayList<>();
        for (Object t : (List<?>) plays.get(0).get("tasks")) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) t).entrySet()) {
                String module = e.getKey().toString();
                if (module.startsWith("awx.awx.")) {
                    Map<String, Object> options = DOCS.computeIfAbsent(module, m -> documentedOptions(out, env, m));
                    checkAgainst(module, (Map<?, ?>) e.getValue(), options, wrong);
                }
            }
        }
        assertEquals(List.of(), wrong, "parameters ansible-doc -j of awx.awx does not know");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> documentedOptions(Path out, Map<String, String> env, String module) {
        Tool.Result doc = Tool.run(out, env, 120, List.of("ansible-doc", "-j", "-t", "module", module));
        assertTrue(doc.ok(), doc.output());
        try {
            Map<String, Object> all = new com.fasterxml.jackson.databind.ObjectMapper().readValue(doc.output(), Map.class);
            return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) all.get(module)).get("doc"))
                    .get("options");
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /** Each key of PARAMS a documented option (or alias) of OPTIONS; dicts and lists of dicts recursed. */
    @SuppressWarnings("unchecked")
    private static void checkAgainst(String where, Map<?, ?> params, Map<String, Object> options, List<String> wrong) {
        for (Map.Entry<?, ?> p : params.entrySet()) {
            String key = p.getKey().toString();
            Map<String, Object> option = (Map<String, Object>) options.get(key);
            if (option == null) {
                option = options.values().stream().map(o -> (Map<String, Object>) o)
                        .filter(o -> o.get("aliases") instanceof List<?> a && a.contains(key)).findFirst().orElse(null);
            }
            if (option == null) {
                wrong.add(where + "." + key);
                continue;
            }
            Object value = p.getValue();
            Object type = option.get("type");
            Map<String, Object> sub = (Map<String, Object>) option.get("suboptions");
            if (value instanceof Map<?, ?> m) {
                if (!"dict".equals(type) && !"raw".equals(type)) {
                    wrong.add(where + "." + key + " (a mapping where the module takes " + type + ")");
                } else if (sub != null) {
                    checkAgainst(where + "." + key, m, sub, wrong);
                }
            } else if (value instanceof List<?> list) {
                if (!"list".equals(type) && !"raw".equals(type)) {
                    wrong.add(where + "." + key + " (a list where the module takes " + type + ")");
                }
                for (Object element : list) {
                    if (element instanceof Map<?, ?> m && sub != null) {
                        checkAgainst(where + "." + key + "[]", m, sub, wrong);
                    }
                }
            }
        }
    }

    /**
     * configure.yml against an unreachable controller, once from each awx.awx task: the module
     * checks its arguments against its own argument spec first, so the run must end in a
     * connection error, never an argument error.
     */
    private static void everyControllerTaskPassesItsModulesValidation(Path out, Map<String, String> env, String configure) {
        List<Map<String, Object>> plays = new Yaml().load(configure);
        int awxTasks = 0;
        for (Object t : (List<?>) plays.get(0).get("tasks")) {
            Map<?, ?> task = (Map<?, ?>) t;
            if (task.keySet().stream().noneMatch(k -> k.toString().startsWith("awx.awx."))) {
                continue;
            }
            awxTasks++;
            Map<String, String> e = new java.util.HashMap<>(env);
            e.put("CONTROLLER_HOST", UNREACHABLE);
            e.put("CONTROLLER_OAUTH_TOKEN", "not-a-token");
            Tool.Result run = Tool.run(out, e, 300, List.of("ansible-playbook", "ansible/controller/configure.yml",
                    "-e", "msupgrade_controller_scm_url=https://git.example/mail.git",
                    "--start-at-task", (String) task.get("name")));
            assertFalse(run.ok(), run.output());
            assertTrue(run.output().contains("Connection refused") && !run.output().contains("Unsupported parameters")
                    && !run.output().contains("missing required arguments"),
                    "task '" + task.get("name") + "' did not reach the connection:\n" + run.output());
        }
        assertTrue(awxTasks >= 5, "awx.awx tasks: " + awxTasks);
    }
}
