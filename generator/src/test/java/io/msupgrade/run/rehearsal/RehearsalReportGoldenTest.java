package io.msupgrade.run.rehearsal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.msupgrade.testing.Golden;

/**
 * report.md byte for byte against {@code golden/rehearsal-report/}: a rehearsal's own report with
 * every section (a window at a time scale, one at time scale 0, the downtime from the journal, each
 * host's steps) and the summary over two scenarios. The reports of real rehearsals carry timings,
 * so these fixed reports are what keeps the layout from changing unnoticed.
 */
class RehearsalReportGoldenTest {

    @TempDir
    Path dir;

    @Test
    void reportsMatchTheirGoldenFiles() throws Exception {
        RehearsalReport upgrade = upgrade();
        RehearsalReport rollback = rollback(upgrade);
        Map<Scenario, RehearsalReport> reports = new EnumMap<>(Scenario.class);
        reports.put(Scenario.UPGRADE, upgrade);
        reports.put(Scenario.ROLLBACK, rollback);
        for (RehearsalReport r : reports.values()) {
            r.write(dir, "-" + r.scenario().id());
        }
        RehearsalReport.writeSummary(dir, "acme | mail", reports);
        for (String name : List.of("report-upgrade.md", "report-rollback.md", "report.md")) {
            Golden.check("rehearsal-report/" + name, Files.readString(dir.resolve(name)));
        }
    }

    @Test
    void aWindowAtTimeScaleZeroMatchesItsGoldenFile() throws Exception {
        RehearsalReport r = new RehearsalReport("acme", Scenario.UPGRADE);
        r.step(new StepResult("upgrade", "upgrade", 0, 4, Set.of(), false, "logs/01-upgrade.log", 10.0, 30.25));
        r.invariant(Invariant.of("every stage ran to the end", true, ""));
        MaintenanceWindow.HostDowntime h = new MaintenanceWindow.HostDowntime("mta1", List.of("mta1"), 5.0, null, 0.0,
                5.0, 230.0, 230.0, null, 0.0, List.of("stop-msg", "echo `a|b`", "start-msg"), List.of("Stop"), null);
        r.window(new MaintenanceWindow.Result(0, 20.25, null, 700.0, 10.0, 610.0, 560.0, null,
                List.of(new MaintenanceWindow.WaveBound(1, "mta", "1", 560.0, List.of("mta1 280.0"))), List.of(h), null,
                null, null, null, "the callback lost 2 tasks"));
        r.write(dir, "");
        Golden.check("rehearsal-report/report-time-scale-0.md", Files.readString(dir.resolve("report.md")));
    }

    private RehearsalReport upgrade() throws Exception {
        RehearsalReport r = new RehearsalReport("acme | mail", Scenario.UPGRADE);
        r.hostOrder(List.of("store1", "mta1", "mmp1"));
        r.step(new StepResult("upgrade", "preflight", 0, 0, Set.of(), false, "logs/01-preflight.log", 1000.0, 1012.5));
        r.step(new StepResult("upgrade", "upgrade", 0, 9, Set.of(), false, "logs/02-upgrade.log", 1013.0, 1033.0));
        r.step(new StepResult("upgrade (fault)", "upgrade", 2, 1, Set.of("mta1"), true, "logs/03-upgrade.log", 1040.0,
                1041.125));
        r.invariant(Invariant.of("every stage ran to the end", true, ""));
        r.invariant(Invariant.of("no message lost", false, "store1: 2 lost | INBOX"));
        MaintenanceWindow.HostDowntime h = new MaintenanceWindow.HostDowntime("mta1", List.of("mta1"), 5.0, 262.5, 250.0,
                12.5, 230.0, 250.0, 1.14, 1.09, List.of("stop-msg", "rpm -e x|y", "rpm -i `/m/x.rpm`", "start-msg"),
                List.of("Remove the old binaries"), 300.0);
        MaintenanceWindow.HostDowntime slow = new MaintenanceWindow.HostDowntime("store1", List.of("store1"), 50.0, 12.0,
                11.0, 1.0, 10.0, 10.0, 12.345, 1.0, List.of(), List.of(), null);
        r.window(new MaintenanceWindow.Result(0.02, 20.0, 700.0, 600.0, 10.0, 610.0, 560.0, 1.25,
                List.of(new MaintenanceWindow.WaveBound(1, "mta", "1", 560.0, List.of("mta1 280.0", "mta2 280.0")),
                        new MaintenanceWindow.WaveBound(2, "store", "100%", 12.0, List.of("store1 12.0"))),
                List.of(h, slow), 1.14, 900.0, 0.78, 0.87, "2 tasks without a host"));
        // outages, as the simulator marks them: mta1's two services up at different times (the longer
        // counts), mmp1's taken down by a command on ds1 (an HA resource does that), store1's still down
        // at its last line; makespan: the latest t_end
        Path journal = dir.resolve("journal-upgrade.jsonl");
        Files.writeString(journal, String.join("\n",
                "{\"host\":\"ds1\",\"argv\":[\"echo\",\"`x`\"],\"rc\":0,\"t_start\":0.5,\"t_end\":1.5,"
                        + "\"services\":{\"down\":{\"mmp1\":[\"mmp\"]}}}",
                "{\"host\":\"mmp1\",\"argv\":[\"uname\",\"-a\"],\"rc\":0,\"t_start\":1.5,\"t_end\":2.5,"
                        + "\"services\":{\"up\":{\"mmp1\":[\"mmp\"]}}}",
                "",
                "{\"host\":\"mta1\",\"argv\":[\"stop-msg\"],\"rc\":1}",
                "{\"host\":\"mta1\",\"argv\":[\"stop-msg\"],\"rc\":0,\"t_start\":2.0,\"t_end\":3.0,"
                        + "\"services\":{\"down\":{\"mta1\":[\"smtp\",\"imap\"]}}}",
                "{\"host\":\"mta1\",\"argv\":[\"start-msg\",\"smtp\"],\"rc\":0,\"t_start\":5.0,\"t_end\":5.25,"
                        + "\"services\":{\"up\":{\"mta1\":[\"smtp\"]}}}",
                "{\"host\":\"mta1\",\"argv\":[\"start-msg\"],\"rc\":0,\"t_start\":8.0,\"t_end\":9.0,"
                        + "\"services\":{\"up\":{\"mta1\":[\"imap\"]}}}",
                "{\"host\":\"mta1\"}",
                "{\"host\":\"store1\",\"argv\":[\"stop-msg\"],\"rc\":0,\"t_start\":10.0,\"t_end\":12.0,"
                        + "\"services\":{\"down\":{\"store1\":[\"store\"]}}}",
                "{\"host\":\"store1\",\"argv\":[\"imsbackup\",\"-f\",\"/b|c\"],\"rc\":\"0\",\"t_start\":12.0,"
                        + "\"t_end\":19.5}") + "\n");
        r.journal(journal);
        return r;
    }

    private static RehearsalReport rollback(RehearsalReport upgrade) {
        RehearsalReport r = new RehearsalReport("acme | mail", Scenario.ROLLBACK);
        upgrade.steps().forEach(s -> r.step(s.shared("rollback (shared with upgrade)")));
        r.step(new StepResult("rollback", "rollback", 2, 3, new java.util.TreeSet<>(Set.of("mta1", "mta2")), false, "logs/04-rollback.log",
                1050.0, 1060.0));
        r.invariant(Invariant.of("the upgrade and the back-out ran to the end", false, "rollback exited 2"));
        return r;
    }
}
