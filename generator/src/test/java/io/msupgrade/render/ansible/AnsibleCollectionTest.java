package io.msupgrade.render.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.msupgrade.model.Deployment;
import io.msupgrade.model.ModelReader;
import io.msupgrade.model.Problem;
import io.msupgrade.model.ReadResult;
import io.msupgrade.plan.Planner;
import io.msupgrade.render.OutputFolder;
import io.msupgrade.render.Templates;
import io.msupgrade.render.tree.TreeRenderer;
import io.msupgrade.rules.Validator;
import io.msupgrade.testing.Samples;
import io.msupgrade.testing.Tool;

/**
 * The roles as the collection msupgrade.messaging, checked by the real tools: laid out from
 * playbook-templates/roles, built by {@code ansible-galaxy collection build}, installed, its
 * modules and role argument specs rendered by {@code ansible-doc}, a wrong or missing role input
 * stopped by Ansible before anything changes, and a tree generated with
 * {@code ansible.roles: collection} resolving every role from it.
 */
class AnsibleCollectionTest {

    @TempDir
    static Path tmp;

    static String version;
    static Path collections;
    static Map<String, String> env;

    @BeforeAll
    static void buildAndInstall() throws Exception {
        version = AnsibleCollection.version();
        Path src = tmp.resolve("src");
        new OutputFolder(src, false, false).write(new AnsibleCollection(new Templates()).layout(version));
        Path dist = Files.createDirectories(tmp.resolve("dist"));
        env = new HashMap<>(Map.of("ANSIBLE_LOCAL_TEMP", tmp.resolve("ansible-tmp").toString(),
                "ANSIBLE_NOCOLOR", "1", "NO_COLOR", "1", "ANSIBLE_HOME", tmp.resolve("ansible-home").toString()));
        Tool.Result build = Tool.run(src, env, 300,
                List.of("ansible-galaxy", "collection", "build", "--output-path", dist.toString(), "."));
        assertTrue(build.ok(), "ansible-galaxy collection build failed:\n" + build.output());
        Path tarball = dist.resolve("msupgrade-messaging-" + version + ".tar.gz");
        assertTrue(Files.isRegularFile(tarball), "no " + tarball + ":\n" + build.output());
        collections = tmp.resolve("collections");
        Tool.Result install = Tool.run(tmp, env, 300, List.of("ansible-galaxy", "collection", "install", "--no-deps",
                "-p", collections.toString(), tarball.toString()));
        assertTrue(install.ok(), "ansible-galaxy collection install failed:\n" + install.output());
        env.put("ANSIBLE_COLLECTIONS_PATH", collections + ":/usr/share/ansible/collections");
    }

    @Test
    void theCollectionVersionIsThePoms() throws IOException {
        String pom = Files.readString(Samples.projectRoot().resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>msupgrade-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(m.find(), "no version in pom.xml");
        assertEquals(m.group(1), version);
        String galaxy = Files.readString(installed().resolve("MANIFEST.json"));
        assertTrue(galaxy.contains("\"version\": \"" + version + "\""), galaxy);
    }

    @Test
    void everyRoleAndModuleIsInTheBuiltCollection() throws IOException {
        Path roles = Samples.projectRoot().resolve("playbook-templates/roles");
        assertEquals(names(roles), names(installed().resolve("roles")));
        List<String> modules = new ArrayList<>();
        try (Stream<Path> s = Files.walk(roles)) {
            s.filter(p -> p.getParent().getFileName().toString().equals("library"))
                    .forEach(p -> modules.add(p.getFileName().toString()));
        }
        assertFalse(modules.isEmpty());
        for (String m : modules) {
            assertTrue(Files.isRegularFile(installed().resolve("plugins/modules/" + m)), m);
        }
        try (Stream<Path> s = Files.walk(installed().resolve("roles"))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().equals("library")), "a role kept its library/");
        }
    }

    @Test
    void ansibleDocRendersEveryModuleAndRoleOfTheCollection() throws IOException {
        for (String module : names(installed().resolve("plugins/modules"))) {
            String name = AnsibleCollection.FQCN + "." + module.replace(".py", "");
            Tool.Result doc = Tool.run(tmp, env, 120, List.of("ansible-doc", "-t", "module", name));
            assertTrue(doc.ok() && doc.output().contains("OPTIONS") && doc.output().contains("EXAMPLES")
                    && doc.output().contains("RETURN VALUES"), "ansible-doc " + name + ":\n" + doc.output());
        }
        for (String role : names(installed().resolve("roles"))) {
            String name = AnsibleCollection.FQCN + "." + role;
            Tool.Result doc = Tool.run(tmp, env, 120, List.of("ansible-doc", "-t", "role", name));
            assertTrue(doc.ok() && doc.output().contains("ENTRY POINT: main") && doc.output().contains("OPTIONS"),
                    "ansible-doc -t role " + name + ":\n" + doc.output());
        }
    }

    /** The argument specs, through the real ansible-playbook: from the collection and from the vendored roles. */
    @ParameterizedTest
    @ValueSource(strings = {"collection", "vendored"})
    void aWrongOrMissingRoleInputFailsBeforeAnythingChanges(String layout) throws IOException {
        String role = layout.equals("collection") ? AnsibleCollection.FQCN + ".inplace_upgrade" : "inplace_upgrade";
        Map<String, String> e = new HashMap<>(env);
        if (layout.equals("vendored")) {
            e.put("ANSIBLE_ROLES_PATH", Samples.projectRoot().resolve("playbook-templates/roles").toString());
        }
        Path state = tmp.resolve("state-" + layout);
        String common = "    msupgrade_state_dir: " + state + "\n    msupgrade_target_version: 8.1.0.26.0\n";

        Tool.Result wrong = play(e, layout + "-wrong", role, common
                + "    msupgrade_procedure: inplace-linux-rpm\n    inplace_upgrade_require_backup: maybe\n");
        assertFalse(wrong.ok(), wrong.output());
        assertTrue(wrong.output().contains("Validating arguments against arg spec 'main'")
                && wrong.output().contains("inplace_upgrade_require_backup"), wrong.output());
        assertNothingChanged(wrong, state);

        Tool.Result missing = play(e, layout + "-missing", role, common);
        assertFalse(missing.ok(), missing.output());
        assertTrue(missing.output().contains("missing required arguments: msupgrade_procedure"), missing.output());
        assertNothingChanged(missing, state);
    }

    @Test
    void rightInputsPassTheSpec() throws IOException {
        Tool.Result ok = play(env, "right", AnsibleCollection.FQCN + ".msupgrade_common",
                "    msupgrade_state_dir: " + tmp.resolve("state-right") + "\n    msupgrade_env: {}\n");
        assertTrue(ok.ok(), ok.output());
        assertTrue(ok.output().contains("Validating arguments against arg spec 'main'"), ok.output());
    }

    @Test
    void aTreeThatRequiresTheCollectionResolvesEveryRoleFromIt() throws Exception {
        Path sample = Samples.projectRoot().resolve("samples/coexistence-sparc-to-linux.yaml");
        Path model = tmp.resolve("collection-model.yaml");
        Files.writeString(model, Files.readString(sample) + "\nansible:\n  roles: collection\n");
        ReadResult r = new Validator().validate(model);
        Deployment d = r.model().orElseThrow(() -> new AssertionError(r.problems()));
        Path out = tmp.resolve("collection-tree");
        var tree = new TreeRenderer().render(d, new Planner().plan(d));
        new OutputFolder(out, false, false).write(tree);

        assertFalse(Files.exists(out.resolve("ansible/roles")), "a tree that requires the collection vendors no roles");
        String requirements = Files.readString(out.resolve("ansible/collections/requirements.yml"));
        assertTrue(requirements.contains("name: \"" + AnsibleCollection.FQCN + "\"\n    version: \"" + version + "\""),
                requirements);
        Pattern unqualified = Pattern.compile("(?m)^\\s+(- role|name): (?!" + Pattern.quote(AnsibleCollection.FQCN)
                + "\\.)(backout|backup|coexistence_install|decommission|dssetup|ha_resource|health_check|inplace_upgrade|"
                + "migrate_mailboxes|msupgrade_common|preflight|unified_config|zfs_snapshot)\\s*$");
        for (Path p : playbooks(out.resolve("ansible"))) {
            Matcher m = unqualified.matcher(Files.readString(out.resolve("ansible").resolve(p)));
            assertFalse(m.find(), p + " names a role without its collection: " + (m.find(0) ? m.group() : ""));
        }
        List<String> syntax = new ArrayList<>(List.of("ansible-playbook", "-i", "inventory", "--syntax-check"));
        playbooks(out.resolve("ansible")).forEach(p -> syntax.add(p.toString()));
        Tool.Result check = Tool.run(out.resolve("ansible"), env, 600, syntax);
        assertTrue(check.ok(), "syntax-check with the roles from the collection:\n" + check.output());
    }

    @Test
    void aBadRolesValueIsALocatedModelError() {
        String model = "model: msupgrade/v1\nansible:\n  roles: galaxy\n";
        ReadResult r = new ModelReader().read("m.yaml", model.getBytes(StandardCharsets.UTF_8));
        assertTrue(r.model().isEmpty());
        assertTrue(r.problems().stream().map(Problem::format)
                .anyMatch(p -> p.contains("m.yaml:3:10") && p.contains("vendored") && p.contains("collection")),
                r.problems().toString());
    }

    private static Tool.Result play(Map<String, String> e, String name, String role, String vars) throws IOException {
        Path playbook = tmp.resolve("play-" + name + ".yml");
        Files.writeString(playbook, "---\n- name: Role inputs\n  hosts: localhost\n  connection: local\n"
                + "  gather_facts: false\n  vars:\n" + vars + "  roles:\n    - role: " + role + "\n");
        return Tool.run(tmp, e, 300, List.of("ansible-playbook", "-i", "localhost,", playbook.toString()));
    }

    private static void assertNothingChanged(Tool.Result run, Path state) {
        assertTrue(run.output().matches("(?s).*localhost\\s+: ok=\\d+\\s+changed=0 .*"), run.output());
        assertFalse(Files.exists(state), "the state folder was created: " + state);
    }

    private static Path installed() {
        return collections.resolve("ansible_collections/msupgrade/messaging");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("__")).sorted().toList();
        }
    }

    private static List<Path> playbooks(Path ansible) throws IOException {
        List<Path> all = new ArrayList<>();
        for (String dir : List.of("playbooks", "controller")) {
            try (Stream<Path> s = Files.list(ansible.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".yml") && !p.getFileName().toString().equals("requirements.yml"))
                        .map(p -> Path.of(dir, p.getFileName().toString())).sorted().forEach(all::add);
            }
        }
        return all;
    }
}
