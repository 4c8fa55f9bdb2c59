package io.msupgrade.run.rehearsal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** report.json and report.md carry the runs' real seconds and the maintenance window. */
class RehearsalReportTest {

    @TempDir
    Path dir;

    private static MaintenanceWindow.Result window() {
        MaintenanceWindow.HostDowntime h = new MaintenanceWindow.HostDowntime("mta1", List.of("mta1"), 5.0, 262.5, 250.0,
                12.5, 230.0, 250.0, 1.14, 1.09, List.of("stop-msg", "rpm -e x", "rpm -i /m/x.rpm", "start-msg"),
                List.of("Remove the old binaries"), 300.0);
        return new MaintenanceWindow.Result(0.02, 20.0, 700.0, 600.0, 10.0, 610.0, 560.0, 1.25,
                List.of(new MaintenanceWindow.WaveBound(1, "mta", "1", 560.0, List.of("mta1 280.0", "mta2 280.0"))),
                List.of(h), 1.14, 900.0, 0.78, 0.87, "");
    }

    private RehearsalReport report(boolean withWindow) {
        RehearsalReport r = new RehearsalReport("acme", Scenario.UPGRADE);
        r.step(new StepResult("upgrade", "preflight", 0, 0, Set.of(), false, "logs/01-preflight.log", 1000.0, 1012.5));
        r.step(new StepResult("upgrade", "upgrade", 0, 9, Set.of(), false, "logs/02-upgrade.log", 1013.0, 1033.0));
        r.invariant(Invariant.of("every stage ran to the end", true, ""));
        if (withWindow) {
            r.window(window());
        }
        return r;
    }

    @Test
    void jsonHoldsTheWindowAndTheRealSeconds() throws Exception {
        report(true).write(dir, "");
        JsonNode doc = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        // the runs' own seconds, 12.5 + 20, not the half second between them
        assertEquals(32.5, doc.get("real_seconds").asDouble(), 1e-9);
        assertEquals(1000.0, doc.get("steps").get(0).get("startedAt").asDouble(), 1e-9);
        assertEquals(1012.5, doc.get("steps").get(0).get("endedAt").asDouble(), 1e-9);
        JsonNode w = doc.get("window");
        assertEquals(560.0, w.get("lowerBound").asDouble(), 1e-9);
        assertEquals(1.25, w.get("runRatio").asDouble(), 1e-9);
        assertEquals(0.78, w.get("naiveRunRatio").asDouble(), 1e-9);
        JsonNode host = w.get("hosts").get(0);
        assertEquals("mta1", host.get("host").asText());
        assertEquals(262.5, host.get("projectedSeconds").asDouble(), 1e-9);
        assertEquals(230.0, host.get("reference").asDouble(), 1e-9);
        assertEquals("rpm -e x", host.get("commandsInWindow").get(1).asText());
    }

    @Test
    void markdownShowsTheWindowTablesAndEachRunsSeconds() throws Exception {
        report(true).write(dir, "");
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("## Maintenance window (the upgrade playbook)"), md);
        assertTrue(md.contains("| the plan's lower bound (critical path through the waves, modelled) | 560.0 |"), md);
        assertTrue(md.contains("| projected / lower bound | 1.25 |"), md);
        assertTrue(md.contains("| mta1 | 5.0 | 262.5 | 250.0 | 12.5 | 230.0 | 1.14 | 1.09 | 300.0 | stop-msg; rpm -e x;"), md);
        assertTrue(md.contains("| 1 | mta | 1 | 560.0 | mta1 280.0; mta2 280.0 |"), md);
        assertTrue(md.contains("| upgrade | upgrade | 0 | 9 |  | 20.0 | logs/02-upgrade.log |"), md);
        assertTrue(md.contains("Playbook runs in all: 32.5 s real."), md);
    }

    @Test
    void noWindowNoSection() throws Exception {
        report(false).write(dir, "");
        assertFalse(Files.readString(dir.resolve("report.md")).contains("Maintenance window"));
        assertFalse(new ObjectMapper().readTree(dir.resolve("report.json").toFile()).has("window"));
    }

    @Test
    void everyScenarioGetsItsReportAndASummaryOverAll() throws Exception {
        RehearsalReport upgrade = report(false);
        RehearsalReport rollback = new RehearsalReport("acme", Scenario.ROLLBACK);
        upgrade.steps().forEach(s -> rollback.step(s.shared("rollback (shared with upgrade)")));
        rollback.step(new StepResult("rollback", "rollback", 2, 3, Set.of("mta1"), false, "logs/03-rollback.log",
                1040.0, 1050.0));
        rollback.invariant(Invariant.of("the upgrade and the back-out ran to the end", false, "rollback exited 2"));
        java.util.Map<Scenario, RehearsalReport> reports = new java.util.EnumMap<>(Scenario.class);
        reports.put(Scenario.UPGRADE, upgrade);
        reports.put(Scenario.ROLLBACK, rollback);
        for (RehearsalReport r : reports.values()) {
            r.write(dir, "-" + r.scenario().id());
        }
        RehearsalReport.writeSummary(dir, "acme", reports);

        JsonNode all = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertFalse(all.get("passed").asBoolean());
        assertTrue(all.get("scenarios").get("upgrade").get("passed").asBoolean());
        assertFalse(all.get("scenarios").get("rollback").get("passed").asBoolean());
        assertEquals("report-rollback.json", all.get("scenarios").get("rollback").get("report").asText());
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("# Rehearsal of acme: upgrade, rollback — FAILED"), md);
        assertTrue(md.contains("they ran once"), md);
        assertTrue(md.contains("| upgrade | PASSED | 1 of 1 | 2 | 32.5 | [report-upgrade.md](report-upgrade.md) |"), md);
        assertTrue(md.contains("| rollback | **FAILED** | 0 of 1 | 3 | 42.5 | [report-rollback.md](report-rollback.md) |"),
                md);
        String rollbackMd = Files.readString(dir.resolve("report-rollback.md"));
        assertTrue(rollbackMd.contains("| rollback (shared with upgrade) | upgrade | 0 | 9 |  | 20.0 | logs/02-upgrade.log |"),
                rollbackMd);
        assertEquals("rollback", new ObjectMapper().readTree(dir.resolve("report-rollback.json").toFile())
                .get("scenario").asText());
    }

    /** Issue 18, item 11: at the default time scale the report says what to run, not columns of "-". */
    @Test
    void atTimeScaleZeroTheWindowSaysHowToGetTheProjectedFigures() throws Exception {
        RehearsalReport r = report(false);
        MaintenanceWindow.Result w = window();
        MaintenanceWindow.HostDowntime h = new MaintenanceWindow.HostDowntime("mta1", List.of("mta1"), 5.0, null, 0.0,
                5.0, 230.0, 230.0, null, 0.0, List.of("stop-msg", "start-msg"), List.of("Stop"), null);
        r.window(new MaintenanceWindow.Result(0, 20.0, null, 700.0, 10.0, 610.0, 560.0, null, w.waves(), List.of(h), null,
                null, null, null, ""));
        r.write(dir, "");
        String md = Files.readString(dir.resolve("report.md"));
        String section = md.substring(md.indexOf("## Maintenance window"), md.indexOf("## Steps per host"));
        assertTrue(section.contains("--time-scale 0.02"), section);
        assertFalse(section.contains(" - |"), section);
        assertFalse(section.contains("| projected") || section.contains("run, projected"), section);
        assertTrue(section.contains("| mta1 | 5.0 | 5.0 | stop-msg; start-msg |"), section);
    }

    /** Issue 18, item 11: hosts in the plan's order (waves), not the order they first ran a command. */
    @Test
    void hostsAreListedInThePlansOrder() throws Exception {
        RehearsalReport r = report(false);
        r.hostOrder(List.of("store1", "mta1", "mmp1"));
        Path journal = dir.resolve("journal.jsonl");
        // each host's service down for 1, 2 and 3 modelled seconds (the journal's down/up marks)
        Files.writeString(journal, String.join("\n",
                "{\"host\":\"mmp1\",\"argv\":[\"uname\"],\"rc\":0,\"t_start\":0,\"t_end\":1,"
                        + "\"services\":{\"down\":{\"mmp1\":[\"mmp\"]},\"up\":{\"mmp1\":[\"mmp\"]}}}",
                "{\"host\":\"ds1\",\"argv\":[\"uname\"],\"rc\":0}",
                "{\"host\":\"mta1\",\"argv\":[\"uname\"],\"rc\":0,\"t_start\":1,\"t_end\":3,"
                        + "\"services\":{\"down\":{\"mta1\":[\"mta\"]},\"up\":{\"mta1\":[\"mta\"]}}}",
                "{\"host\":\"store1\",\"argv\":[\"uname\"],\"rc\":0,\"t_start\":3,\"t_end\":6,"
                        + "\"services\":{\"down\":{\"store1\":[\"store\"]},\"up\":{\"store1\":[\"store\"]}}}")
                + "\n");
        r.journal(journal);
        r.write(dir, "");
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.indexOf("### store1") < md.indexOf("### mta1") && md.indexOf("### mta1") < md.indexOf("### mmp1")
                && md.indexOf("### mmp1") < md.indexOf("### ds1"), md);
        assertTrue(md.indexOf("| store1 | 3.0 |") >= 0 && md.indexOf("| store1 | 3.0 |") < md.indexOf("| mta1 | 2.0 |")
                && md.indexOf("| mta1 | 2.0 |") < md.indexOf("| mmp1 | 1.0 |"), md);
    }

    /** Issue 18, item 11: a deployment without a store does not report "0 messages" as if mail were checked. */
    @Test
    void noStoreNoMessageCount() {
        String none = Rehearsal.summary(java.util.Map.of("messages", 0, "lost", 0, "flags_wrong", 0, "problems", List.of()));
        assertTrue(none.contains("no message store here"), none);
        assertFalse(none.contains("0 messages"), none);
        String some = Rehearsal.summary(java.util.Map.of("messages", 152, "lost", 0, "flags_wrong", 0, "problems", List.of()));
        assertTrue(some.startsWith("152 messages, 0 lost"), some);
    }

    @Test
    void stepSecondsAreTheRunsWallClock() {
        assertEquals(12.5, new StepResult("x", "p", 0, 0, Set.of(), false, "l", 100.0, 112.5).seconds(), 1e-9);
    }
}
