package io.msupgrade.run.rehearsal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.msupgrade.cli.MsupgradeCommand;
import io.msupgrade.model.Deployment;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Planner;
import io.msupgrade.testing.Samples;

/**
 * {@code msupgrade run} for real: the generated preflight playbook, run by the real
 * ansible-playbook through the command, against simulated hosts. As in a rehearsal only the
 * inventory differs: the simulator's is given after the generated one ({@code -- -i ...}).
 */
class RunAgainstSimulatorTest {

    @TempDir
    Path tmp;

    @Test
    void preflightRunsOnSimulatedHostsThroughTheRunCommand() throws Exception {
        Path sample = Samples.all().stream().filter(p -> p.toString().contains("linux-frontends")).findFirst()
                .orElseThrow();
        Path out = tmp.resolve("out");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        assertEquals(0, MsupgradeCommand.run(new PrintWriter(stdout), new PrintWriter(stderr), "generate",
                sample.toString(), "-o", out.toString()), stderr.toString());

        Deployment model = Samples.model(sample);
        Plan plan = new Planner().plan(model);
        Simulator sim = Simulator.install(tmp.resolve("simulator"), tmp.resolve("sandbox"), System.getenv());
        Map<String, Object> vars = sim.setup(RehearsalSpec.of(model, plan));
        Path inventory = RehearsalInventory.write(tmp.resolve("inventory"), out.resolve("ansible/inventory"),
                model.directory().passwordVar(), vars);

        stdout = new StringWriter();
        stderr = new StringWriter();
        int code = MsupgradeCommand.run(new PrintWriter(stdout), new PrintWriter(stderr), "run", sample.toString(),
                "-o", out.toString(), "preflight", "--", "-i", inventory.toString());
        assertEquals(0, code, stdout + "\n" + stderr);
        assertTrue(stderr.toString().contains("msupgrade: preflight · play"), "progress lines: " + stderr);
        assertTrue(stderr.toString().contains("ansible-playbook exited 0"), stderr.toString());

        List<JournalEntry> journal = JournalLines.read(sim.journal());
        assertTrue(journal.stream().anyMatch(l -> "mta1".equals(l.host())
                && List.of("imsimta", "version").equals(l.argv())), "preflight asked mta1 its version: " + journal);
        // whole command lines: `rpm -e x` changes a host, `rpm -q x` does not
        List<JournalEntry> changes = journal.stream().filter(l -> ChapterOrder.changes(l.argv()))
                .toList();
        assertEquals(List.of(), changes, "preflight changes nothing");
        try (Stream<Path> logs = Files.list(out.resolve("logs"))) {
            assertTrue(logs.anyMatch(p -> p.getFileName().toString().endsWith("-preflight.log")));
        }
    }
}
