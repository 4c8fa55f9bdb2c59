package io.msupgrade.render.ansible;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import io.msupgrade.render.OutputFolder;
import io.msupgrade.testing.Samples;
import io.msupgrade.testing.Tool;

/**
 * Every sample's generated Ansible tree, checked by the real tools: every playbook passes
 * {@code ansible-playbook --syntax-check}, the tree passes {@code ansible-lint --offline --profile
 * production} with no finding and {@code yamllint -s} with no error; the same for the controller
 * playbook (ansible/controller/configure.yml) and the project's root files.
 */
class GeneratedAnsibleLintTest {

    @TempDir
    static Path tmp;

    @TestFactory
    Stream<DynamicTest> everySampleTreePassesTheRealTools() {
        return Samples.all().stream().map(sample -> DynamicTest.dynamicTest(Samples.name(sample), () -> {
            Path out = tmp.resolve(Samples.name(sample));
            new OutputFolder(out, false, false).write(Samples.tree(sample));
            Path ansible = out.resolve("ansible");
            Map<String, String> env = Map.of(
                    "ANSIBLE_LOCAL_TEMP", tmp.resolve("ansible-tmp").toString(),
                    "ANSIBLE_NOCOLOR", "1",
                    "NO_COLOR", "1");

            List<String> syntax = new ArrayList<>(List.of("ansible-playbook", "-i", "inventory", "--syntax-check"));
            syntax.addAll(playbooks(ansible));
            syntax.add("controller/configure.yml");
            Tool.Result check = Tool.run(ansible, env, 600, syntax);
            assertTrue(check.ok(), "ansible-playbook --syntax-check failed for " + sample + ":\n" + check.output());

            Tool.Result lint = Tool.run(ansible, env, 900,
                    List.of("ansible-lint", "--offline", "--profile", "production", "--nocolor"));
            assertTrue(lint.ok(), "ansible-lint found problems in " + sample + ":\n" + lint.output());

            Tool.Result yamllint = Tool.run(ansible, env, 300, List.of("yamllint", "-s", "-f", "parsable", "."));
            assertTrue(yamllint.ok(), "yamllint found problems in " + sample + ":\n" + yamllint.output());
            // The controller project's root files, with the tree's rules.
            Tool.Result rootYaml = Tool.run(out, env, 300, List.of("yamllint", "-s", "-f", "parsable", "-c",
                    "ansible/.yamllint", "execution-environment.yml", "collections/requirements.yml"));
            assertTrue(rootYaml.ok(), "yamllint found problems in the root files of " + sample + ":\n" + rootYaml.output());
        }));
    }

    private static List<String> playbooks(Path ansible) throws IOException {
        try (Stream<Path> s = Files.list(ansible.resolve("playbooks"))) {
            return s.map(p -> "playbooks/" + p.getFileName()).filter(p -> p.endsWith(".yml")).sorted().toList();
        }
    }
}
