package io.msupgrade.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.msupgrade.model.Problem;
import io.msupgrade.model.ReadResult;

/** The families cover MS001..MS022 once each, and every sample passes them (warnings allowed). */
class RuleSetTest {

    @Test
    void everyCodeHasExactlyOneFamily() {
        List<String> codes = new ArrayList<>();
        RuleSet.all().forEach(r -> codes.addAll(r.codes()));
        List<String> expected = IntStream.rangeClosed(1, 22).mapToObj(i -> String.format("MS%03d", i)).toList();
        assertEquals(expected, codes.stream().sorted().toList());
    }

    @Test
    void everyFamilyReportsOnlyItsOwnCodes() {
        // The most broken model the reader still binds: each family may only speak for itself.
        var m = TestModels.model().cassandra().target("version", "8.1.0.27.0").media("dssetup", null)
                .media("linux", null).media("solaris_ips", null).top("sequence: [mta]")
                .host("old", "version: 6.3")
                .host("s1", "components: [store]", "bits: 32", "os: solaris-11.4", "arch: sparc",
                        "zfs: { store_dataset: a/b }", "ha: { cluster: clusterware }", "replacement: n1")
                .host("c1", "components: [store]", "os: centos-7", "strategy: coexistence", "replacement: n2")
                .newHost("n1", "components: [store]", "arch: sparc", "provision: { provider: aws }")
                .newHost("n2", "components: [store]", "affinity_group: g", "provision: { provider: oci }");
        ReadResult r = m.validate();
        for (Rule rule : RuleSet.all()) {
            var model = new io.msupgrade.model.ModelReader().read(TestModels.FILE,
                    m.yaml().getBytes(java.nio.charset.StandardCharsets.UTF_8)).model();
            assertTrue(model.isPresent());
            for (Problem p : rule.check(model.get())) {
                assertTrue(rule.codes().contains(p.code()), rule + " reported " + p.format());
            }
        }
        assertTrue(r.problems().size() > 10, TestModels.describe(r));
    }

    @TestFactory
    Stream<DynamicTest> everySampleValidates() throws IOException {
        Path samples = Path.of(System.getProperty("msupgrade.projectRoot", "..")).resolve("samples");
        List<Path> files;
        try (Stream<Path> s = Files.list(samples)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no samples under " + samples);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            ReadResult r = new Validator().validate(f);
            assertFalse(r.hasErrors(), () -> TestModels.describe(r));
            assertTrue(r.model().isPresent());
        }));
    }
}
