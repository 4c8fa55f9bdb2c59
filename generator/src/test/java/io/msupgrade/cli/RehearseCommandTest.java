package io.msupgrade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.msupgrade.testing.Samples;

/**
 * {@code rehearse --scenario}: a scenario, several separated by commas, or all; anything else is a
 * usage error (exit 2) before anything is generated. The rehearsals themselves run in RehearsalTest.
 */
class RehearseCommandTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"upgrde", "upgrade,", "upgrade,,faults", "upgrade;rollback", "ALL", ""})
    void anythingButScenarioNamesIsAUsageErrorAndWritesNothing(String scenarios) {
        Path sample = Samples.all().get(0);
        Path out = tmp.resolve("out");
        StringWriter err = new StringWriter();
        int exit = MsupgradeCommand.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "rehearse", sample.toString(), "-o", out.toString(), "--scenario", scenarios);
        assertEquals(ExitCode.USAGE, exit, err::toString);
        assertTrue(err.toString().contains("--scenario takes upgrade, rollback, faults (several separated by commas) or all"),
                err::toString);
        assertFalse(Files.exists(out), "nothing is generated");
    }
}
