package io.msupgrade.render.ansible;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.msupgrade.render.GeneratedTree;
import io.msupgrade.render.TemplateTree;
import io.msupgrade.testing.Golden;
import io.msupgrade.testing.Samples;

/**
 * The generated part of every sample's Ansible tree (inventory and rendered playbooks) against its
 * golden copy under {@code golden/<sample>/ansible/}; regenerate with {@code -Drecreate=true} and
 * review the diff. The static roles are checked to be the templates byte for byte, so they are not
 * copied into every golden tree.
 */
class AnsibleGoldenTest {

    @TestFactory
    Stream<DynamicTest> generatedFilesMatchTheGoldenTrees() {
        return Samples.all().stream().map(sample -> DynamicTest.dynamicTest(Samples.name(sample), () -> {
            GeneratedTree tree = Samples.tree(sample);
            SortedMap<String, byte[]> statics = TemplateTree.load("templates/ansible");
            SortedMap<String, byte[]> generated = new TreeMap<>();
            for (Map.Entry<String, byte[]> f : tree.files().entrySet()) {
                if (!f.getKey().startsWith("ansible/")) {
                    continue;
                }
                String rel = f.getKey().substring("ansible/".length());
                if (statics.containsKey(rel)) {
                    assertArrayEquals(statics.get(rel), f.getValue(), rel + " must be copied verbatim");
                } else {
                    generated.put(rel, f.getValue());
                }
            }
            assertTrue(generated.containsKey("inventory/hosts.yml") && generated.containsKey("playbooks/upgrade.yml"),
                    "inventory and playbooks are generated");
            Golden.checkTree(Samples.name(sample) + "/ansible", generated);
        }));
    }

    @TestFactory
    Stream<DynamicTest> sameModelSameBytes() {
        return Samples.all().stream().map(sample -> DynamicTest.dynamicTest(Samples.name(sample), () -> {
            GeneratedTree a = Samples.tree(sample);
            GeneratedTree b = Samples.tree(sample);
            assertEquals(a.files().keySet(), b.files().keySet());
            a.files().forEach((path, bytes) -> assertArrayEquals(bytes, b.get(path), path));
        }));
    }
}
