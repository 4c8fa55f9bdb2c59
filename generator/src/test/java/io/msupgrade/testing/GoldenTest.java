package io.msupgrade.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The golden helper itself, against a project root in a temporary folder. */
class GoldenTest {

    @TempDir
    Path project;

    private String savedRoot;
    private String savedRecreate;

    @BeforeEach
    void pointAtTemp() {
        savedRoot = System.getProperty("msupgrade.projectRoot");
        savedRecreate = System.getProperty("recreate");
        System.setProperty("msupgrade.projectRoot", project.toString());
        System.setProperty("recreate", "false");
    }

    @AfterEach
    void restore() {
        restore("msupgrade.projectRoot", savedRoot);
        restore("recreate", savedRecreate);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void fileCompareMissingAndRecreate() throws Exception {
        AssertionError missing = assertThrows(AssertionError.class, () -> Golden.check("s/plan.txt", "a\n"));
        assertTrue(missing.getMessage().contains("golden file missing"));

        System.setProperty("recreate", "true");
        Golden.check("s/plan.txt", "a\nb\n");
        Path file = project.resolve("generator/src/test/resources/golden/s/plan.txt");
        assertArrayEquals(b("a\nb\n"), Files.readAllBytes(file));

        System.setProperty("recreate", "false");
        assertDoesNotThrow(() -> Golden.check("s/plan.txt", "a\nb\n"));
        AssertionError differs = assertThrows(AssertionError.class, () -> Golden.check("s/plan.txt", "a\nc\n"));
        assertTrue(differs.getMessage().contains("line 2"), differs.getMessage());
        assertTrue(differs.getMessage().contains("-Drecreate=true"));
    }

    @Test
    void treeDetectsExtraMissingAndDifferentFiles() {
        System.setProperty("recreate", "true");
        Golden.checkTree("s/ansible", Map.of("a.yml", b("1\n"), "roles/r/tasks/main.yml", b("2\n"), "old.yml", b("x")));
        Golden.checkTree("s/ansible", Map.of("a.yml", b("1\n"), "roles/r/tasks/main.yml", b("2\n")));
        Path base = project.resolve("generator/src/test/resources/golden/s/ansible");
        assertFalse(Files.exists(base.resolve("old.yml")), "recreating removes files the tree no longer has");

        System.setProperty("recreate", "false");
        assertDoesNotThrow(() -> Golden.checkTree("s/ansible",
                Map.of("a.yml", b("1\n"), "roles/r/tasks/main.yml", b("2\n"))));
        AssertionError e = assertThrows(AssertionError.class, () -> Golden.checkTree("s/ansible",
                Map.of("a.yml", b("9\n"), "new.yml", b("3\n"))));
        String m = e.getMessage();
        assertTrue(m.contains("differs: a.yml"), m);
        assertTrue(m.contains("extra (produced, not in golden): new.yml"), m);
        assertTrue(m.contains("missing (in golden, not produced): roles/r/tasks/main.yml"), m);
    }

    @Test
    void pathsMayNotLeaveTheGoldenFolder() {
        assertThrows(IllegalArgumentException.class, () -> Golden.check("../escape.txt", "x"));
        assertThrows(IllegalArgumentException.class, () -> Golden.checkTree("s", Map.of("../../x", b("x"))));
    }
}
