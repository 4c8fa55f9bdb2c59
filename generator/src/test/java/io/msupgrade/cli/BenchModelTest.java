package io.msupgrade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.msupgrade.testing.Samples;
import io.msupgrade.testing.Tool;

/**
 * The bench's models stay valid as the rules grow: {@code bench/genmodel.py} once wrote releases
 * ({@code 8.0.2}) and Clusterware pairs without their agent long after MS022 and MS019 refused
 * them, and nothing noticed until the bench itself was run. The sizes are the window part's
 * estate and the generation part's largest (which must fit under the reader's 1 MiB cap).
 */
class BenchModelTest {

    @TempDir
    Path tmp;

    @Test
    void theWindowEstateValidates() throws IOException {
        assertValid(write(40));
    }

    @Test
    void theLargestGenerationModelValidatesUnderTheCap() throws IOException {
        Path model = write(9000);
        assertTrue(Files.size(model) < 1024 * 1024, () -> model + " is over the 1 MiB cap");
        assertValid(model);
    }

    private Path write(int hosts) {
        Path bench = Samples.projectRoot().resolve("bench");
        Path model = tmp.resolve("bench-" + hosts + ".yaml");
        Tool.Result r = Tool.run(tmp, List.of("/bin/sh", "-c",
                "python3 \"$0\" " + hosts + " > \"$1\"", bench.resolve("genmodel.py").toString(), model.toString()));
        assertEquals(0, r.exitCode(), r.output());
        return model;
    }

    private static void assertValid(Path model) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = MsupgradeCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "validate",
                model.toString());
        String errors = err.toString().lines().filter(l -> l.contains(": error ")).limit(5)
                .reduce("", (a, b) -> a + b + "\n");
        assertEquals(0, exit, () -> model.getFileName() + " does not validate:\n" + errors + out);
    }
}
