package io.msupgrade.run.rehearsal;

import static io.msupgrade.run.rehearsal.Journals.entries;
import static io.msupgrade.run.rehearsal.Journals.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Planner;

/** The maintenance window on hand-written journals: downtime per host, the lower bound, the baseline. */
class MaintenanceWindowTest {

    private static final double SCALE = 0.01;
    private final List<Map<String, Object>> journal = new ArrayList<>();
    private final List<Map<String, Object>> tasks = new ArrayList<>();
    private double clock = 1000; // real time, epoch seconds
    private double modelled = 0;

    /**
     * One command on {@code host}: {@code gap} real seconds of Ansible overhead before it, then its
     * modelled duration slept at {@code SCALE}; the task around it is timed like the callback does.
     */
    private Map<String, Object> run(String host, double gap, double duration, String... argv) {
        double taskStart = clock;
        clock += gap;
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("host", host);
        l.put("argv", List.of(argv));
        l.put("rc", 0);
        l.put("duration", duration);
        l.put("t_start", modelled);
        modelled += duration;
        l.put("t_end", modelled);
        l.put("real_start", clock);
        clock += duration * SCALE;
        l.put("real_end", clock);
        if (duration > 0) {
            l.put("sleep", duration * SCALE);
        }
        journal.add(l);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("host", host);
        t.put("task", String.join(" ", argv));
        t.put("start", taskStart);
        t.put("end", clock);
        t.put("status", "changed");
        tasks.add(t);
        return l;
    }

    private static void services(Map<String, Object> line, String what, String host, String... svcs) {
        line.put("services", Map.of(what, Map.of(host, List.of(svcs))));
    }

    /** A Linux host by the chapter: stop-msg, rpm -e, rpm -i, start-msg; {@code gap} s of overhead before each. */
    private void linuxHost(String host, double gap) {
        services(run(host, gap, 20, "stop-msg"), "down", host, "mta");
        run(host, gap, 40, "rpm", "-e", "sun-messaging-server");
        run(host, gap, 150, "rpm", "-i", "/m/x.rpm");
        services(run(host, gap, 40, "start-msg"), "up", host, "mta");
        run(host, gap, 1, "imsimta", "version");
    }

    private static List<MaintenanceWindow.WaveLayout> twoSingles(String serial) {
        return List.of(new MaintenanceWindow.WaveLayout(1, "mta", serial, List.of(), List.of("m1", "m2")));
    }

    @Test
    void downtimeIsStopToStartProjectedWithTheOverheadInRealSeconds() {
        double start = clock;
        linuxHost("m1", 0.5);
        linuxHost("m2", 0.5);
        MaintenanceWindow.Result w = MaintenanceWindow.of(twoSingles("1"), entries(journal), tasks, SCALE,
                new MaintenanceWindow.Span(start, clock + 1), List.of(new MaintenanceWindow.Span(start, clock + 1)));
        MaintenanceWindow.HostDowntime m1 = w.hosts().get(0);
        assertEquals("m1", m1.host());
        // modelled: stop 20 + removal 40 + install 150 + start 40; 4 gaps of 0.5 s overhead inside
        assertEquals(250, m1.modelledSeconds(), 1e-6);
        assertEquals(1.5, m1.overheadSeconds(), 0.01); // the gap before stop-msg is outside the window
        assertEquals(251.5, m1.projectedSeconds(), 0.01);
        assertEquals(2.5 + 1.5, m1.realSeconds(), 0.01);
        assertEquals(230, m1.reference(), 1e-6);
        assertEquals(1.09, m1.ratio(), 0.005);
        assertEquals(1.09, m1.floorRatio(), 0.005);
        assertTrue(m1.commandsInWindow().contains("rpm -i /m/x.rpm"), m1.commandsInWindow().toString());
    }

    @Test
    void lowerBoundFollowsSerialAndTheRunIsMeasuredAgainstIt() {
        double start = clock;
        linuxHost("m1", 1);
        linuxHost("m2", 1);
        MaintenanceWindow.Span window = new MaintenanceWindow.Span(start, clock);
        MaintenanceWindow.Result serial1 = MaintenanceWindow.of(twoSingles("1"), entries(journal), tasks, SCALE, window, List.of(window));
        // each host: 20 + 40 + 150 + 40 + 1 modelled seconds; one at a time
        assertEquals(502, serial1.lowerBound(), 1e-6);
        // 10 gaps of 1 s overhead, real; the rest sleeps: 502 modelled
        assertEquals(10, serial1.overheadSeconds(), 0.01);
        assertEquals(512, serial1.projectedSeconds(), 0.01);
        assertEquals(1.02, serial1.runRatio(), 0.005);
        MaintenanceWindow.Result both = MaintenanceWindow.of(twoSingles("100%"), entries(journal), tasks, SCALE, window,
                List.of(window));
        assertEquals(251, both.lowerBound(), 1e-6);
    }

    @Test
    void haGroupRunsItsResourceCommandsOnceAndItsNodesInParallel() {
        double start = clock;
        Map<String, Object> off = run("h1", 0.2, 45, "scswitch", "-n", "-j", "res");
        off.put("services", Map.of("down", Map.of("h1", List.of("store"))));
        // both nodes swap at the same time: written by hand as overlapping real intervals
        double t = clock;
        for (String node : List.of("h1", "h2")) {
            clock = t;
            run(node, 0.2, 60, "pkgrm", "SUNWmsgsr");
            run(node, 0.2, 240, "pkgadd", "-d", "/m", "SUNWmsgsr");
        }
        Map<String, Object> on = run("h1", 0.2, 45, "scswitch", "-e", "-j", "res");
        on.put("services", Map.of("up", Map.of("h1", List.of("store"))));
        List<MaintenanceWindow.WaveLayout> layout = List.of(new MaintenanceWindow.WaveLayout(1, "store", "1",
                List.of(List.of("h1", "h2")), List.of()));
        MaintenanceWindow.Result w = MaintenanceWindow.of(layout, entries(journal), tasks, SCALE,
                new MaintenanceWindow.Span(start, clock), List.of(new MaintenanceWindow.Span(start, clock)));
        // disable + the longer node (300) + enable, not the sum of both nodes
        assertEquals(45 + 300 + 45, w.lowerBound(), 1e-6);
        assertEquals(1, w.hosts().size(), "the passive node ran no service, so it has no downtime");
        MaintenanceWindow.HostDowntime h1 = w.hosts().get(0);
        assertEquals(List.of("h1", "h2"), h1.group());
        // removal + install of one node (they run in parallel) + the enable that starts the services
        assertEquals(60 + 240 + 45, h1.reference(), 1e-6);
        assertEquals((45 + 60 + 240 + 45) / 345.0, h1.floorRatio(), 0.005);
        // the naive baseline does the two nodes one after the other
        assertTrue(h1.naiveSeconds() > 45 + 300 + 300 + 45, String.valueOf(h1.naiveSeconds()));
    }

    @Test
    void waitingForAnotherHostOfTheBatchCountsAtItsModelledLength() {
        // m1 (rpm) and m2 (SVR4) in one batch: the linear strategy runs m2's pkgadd while m1 waits
        // between its rpm -i and its start-msg
        double start = clock;
        services(run("m1", 0.5, 20, "stop-msg"), "down", "m1", "mta");
        run("m1", 0.5, 40, "rpm", "-e", "sun-messaging-server");
        run("m1", 0.5, 150, "rpm", "-i", "/m/x.rpm");
        run("m2", 0.5, 240, "pkgadd", "-d", "/m", "SUNWmsgsr");
        services(run("m1", 0.5, 40, "start-msg"), "up", "m1", "mta");
        MaintenanceWindow.Result w = MaintenanceWindow.of(twoSingles("2"), entries(journal), tasks, SCALE,
                new MaintenanceWindow.Span(start, clock), List.of());
        MaintenanceWindow.HostDowntime m1 = w.hosts().get(0);
        assertEquals(20 + 40 + 150 + 240 + 40 + 2.0, m1.projectedSeconds(), 0.01);
        assertEquals(230, m1.reference(), 1e-6, "the reference is m1's own removal, install and start");
        assertTrue(m1.commandsInWindow().contains("(waits for m2)"), m1.commandsInWindow().toString());
    }

    @Test
    void underHostPinnedAnotherHostsWorkDoesNotStretchTheWindow() {
        // the same commands, but the play ran with strategy host_pinned (the callback records it per
        // task): m2's pkgadd ran beside m1's window, m1 did not wait for it
        double start = clock;
        services(run("m1", 0.5, 20, "stop-msg"), "down", "m1", "mta");
        run("m1", 0.5, 40, "rpm", "-e", "sun-messaging-server");
        run("m1", 0.5, 150, "rpm", "-i", "/m/x.rpm");
        run("m2", 0.5, 240, "pkgadd", "-d", "/m", "SUNWmsgsr");
        services(run("m1", 0.5, 40, "start-msg"), "up", "m1", "mta");
        tasks.forEach(t -> t.put("strategy", "host_pinned"));
        MaintenanceWindow.Result w = MaintenanceWindow.of(twoSingles("2"), entries(journal), tasks, SCALE,
                new MaintenanceWindow.Span(start, clock), List.of());
        MaintenanceWindow.HostDowntime m1 = w.hosts().get(0);
        // m1's own commands at their modelled length, the gaps (overhead) and m2's pkgadd (2.4 s) in real time
        assertEquals(20 + 40 + 150 + 40 + 2.0 + 240 * SCALE, m1.projectedSeconds(), 0.01);
        assertFalse(m1.commandsInWindow().stream().anyMatch(c -> c.startsWith("(waits for")),
                m1.commandsInWindow().toString());
    }

    /**
     * One command of {@code host} in a task of its own, at given real times (hosts side by side):
     * {@code gap} s of overhead from {@code at}, then the sleep; returns the task's end.
     */
    private double runAt(String host, double at, double gap, double duration, String strategy, String... argv) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("host", host);
        l.put("argv", List.of(argv));
        l.put("rc", 0);
        l.put("duration", duration);
        l.put("real_start", at + gap);
        l.put("real_end", at + gap + duration * SCALE);
        l.put("sleep", duration * SCALE);
        journal.add(l);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("host", host);
        t.put("play", "Upgrade the mta tier");
        t.put("task", String.join(" ", argv));
        t.put("start", at);
        t.put("end", at + gap + duration * SCALE);
        t.put("status", "changed");
        t.put("strategy", strategy);
        tasks.add(t);
        return at + gap + duration * SCALE;
    }

    /** A Linux host's four window commands from {@code at}, {@code gap} s of overhead before each; returns its end. */
    private double linuxHostAt(String host, double at, double gap, String strategy) {
        double t = runAt(host, at, gap, 20, strategy, "stop-msg");
        t = runAt(host, t, gap, 40, strategy, "rpm", "-e", "sun-messaging-server");
        t = runAt(host, t, gap, 150, strategy, "rpm", "-i", "/m/x.rpm");
        return runAt(host, t, gap, 40, strategy, "start-msg");
    }

    @Test
    void underHostPinnedABatchLastsAsLongAsItsSlowestHostNotTheSumOfTheirWork() {
        // m1 and m2 in one batch, side by side; m2 starts 0.3 s later and spends 1 s of overhead
        // before each command (m1 0.5 s), so their sleeps drift apart in real time. In a real window
        // both hosts' work overlaps: the run lasts as long as m2, its slowest host.
        double start = clock;
        double m1 = linuxHostAt("m1", start, 0.5, "host_pinned");
        double m2 = linuxHostAt("m2", start + 0.3, 1.0, "host_pinned");
        double end = Math.max(m1, m2);
        MaintenanceWindow.Result w = MaintenanceWindow.of(twoSingles("2"), entries(journal), tasks, SCALE,
                new MaintenanceWindow.Span(start, end), List.of());
        assertEquals(250, w.lowerBound(), 1e-6);
        // m2: 0.3 s late, 4 x 1 s overhead, 250 modelled seconds of work
        assertEquals(0.3 + 4 + 250, w.projectedSeconds(), 0.01);
        assertEquals(1.02, w.runRatio(), 0.005);
    }

    @Test
    void underHostPinnedTheBatchesOfAPlayStillFollowEachOther() {
        // serial 1: m2's batch starts when m1's has ended
        double start = clock;
        double m1 = linuxHostAt("m1", start, 0.5, "host_pinned");
        double end = linuxHostAt("m2", m1 + 0.2, 0.5, "host_pinned");
        MaintenanceWindow.Result w = MaintenanceWindow.of(twoSingles("1"), entries(journal), tasks, SCALE,
                new MaintenanceWindow.Span(start, end), List.of());
        assertEquals(500, w.lowerBound(), 1e-6);
        assertEquals(2 + 250 + 0.2 + 2 + 250, w.projectedSeconds(), 0.01);
    }

    @Test
    void underTheLinearStrategyEachTaskWaitsForTheWholeBatch() {
        // the same two hosts, but every task starts on both at once and ends when the slower ends
        double start = clock;
        double t = start;
        double[] durations = {20, 40, 150, 40};
        double[] m2Durations = {20, 40, 240, 40}; // m2's package install is slower
        for (int i = 0; i < durations.length; i++) {
            double a = runAt("m1", t, 0.5, durations[i], "linear", "step" + i);
            double b = runAt("m2", t, 0.5, m2Durations[i], "linear", "step" + i);
            t = Math.max(a, b) + 0.1;
        }
        MaintenanceWindow.Result w = MaintenanceWindow.of(twoSingles("2"), entries(journal), tasks, SCALE,
                new MaintenanceWindow.Span(start, t), List.of());
        // per task the slower host, plus 0.5 s of overhead per task and 0.1 s between tasks
        assertEquals(20 + 40 + 240 + 40 + 4 * 0.6, w.projectedSeconds(), 0.01);
    }

    @Test
    void aHostWaitingAtEveryTaskForAnotherOneWaitsForItsWorkNotForItsLagStretched() {
        // linear: m1 and m2 start each task together, m2's command a quarter second later (its
        // overhead). In a real window the two commands overlap; the quarter second stays a quarter
        // second, it is not stretched like modelled work (the union of the sleeps gave m1 321.85 s here)
        double start = clock;
        double t = start;
        double[] durations = {20, 40, 150, 40};
        String[][] argv = {{"stop-msg"}, {"rpm", "-e", "x"}, {"rpm", "-i", "/m/x.rpm"}, {"start-msg"}};
        Map<String, Object> stop = null;
        Map<String, Object> up = null;
        for (int i = 0; i < durations.length; i++) {
            double a = runAt("m1", t, 0.5, durations[i], "linear", argv[i]);
            Map<String, Object> mine = journal.get(journal.size() - 1);
            stop = i == 0 ? mine : stop;
            up = i == durations.length - 1 ? mine : up;
            double b = runAt("m2", t, 0.75, durations[i], "linear", argv[i]);
            t = Math.max(a, b) + 0.1;
        }
        services(stop, "down", "m1", "mta");
        services(up, "up", "m1", "mta");
        MaintenanceWindow.Result w = MaintenanceWindow.of(twoSingles("2"), entries(journal), tasks, SCALE,
                new MaintenanceWindow.Span(start, t), List.of());
        MaintenanceWindow.HostDowntime m1 = w.hosts().get(0);
        assertEquals("m1", m1.host());
        // per task the later of the two (m2's 0.25 s lag, m1's own start-msg last), 0.1 s between tasks
        assertEquals(20.25 + 40.75 + 150.75 + 40.5 + 3 * 0.1, m1.projectedSeconds(), 0.01);
    }

    @Test
    void naiveBaselineIsEveryHostAloneWithEverythingInsideTheWindow() {
        double backupStart = clock;
        run("m1", 0.5, 100, "imsbackup", "-f", "/b/full", "/");
        run("m2", 0.5, 100, "imsbackup", "-f", "/b/full", "/");
        MaintenanceWindow.Span backup = new MaintenanceWindow.Span(backupStart, clock);
        double start = clock;
        linuxHost("m1", 0.5);
        linuxHost("m2", 0.5);
        MaintenanceWindow.Span upgrade = new MaintenanceWindow.Span(start, clock);
        MaintenanceWindow.Result w = MaintenanceWindow.of(twoSingles("1"), entries(journal), tasks, SCALE, upgrade,
                List.of(backup, upgrade));
        // per host: backup 100 + 251 modelled, 6 tasks of 0.5 s overhead
        assertEquals(354, w.hosts().get(0).naiveSeconds(), 0.01);
        assertEquals(708, w.naiveRunSeconds(), 0.01);
        assertEquals(w.projectedSeconds() / 708, w.naiveRunRatio(), 0.005);
        assertTrue(w.naiveDowntimeRatio() < 0.75, String.valueOf(w.naiveDowntimeRatio()));
    }

    @Test
    void withoutATimeScaleNothingIsProjected() {
        double start = clock;
        linuxHost("m1", 0.5);
        journal.forEach(l -> l.remove("sleep"));
        MaintenanceWindow.Result w = MaintenanceWindow.of(twoSingles("1"), entries(journal), tasks, 0,
                new MaintenanceWindow.Span(start, clock), List.of());
        assertNull(w.projectedSeconds());
        assertNull(w.runRatio());
        assertNull(w.hosts().get(0).ratio());
        assertEquals(251, w.lowerBound(), 1e-6);
        assertTrue(w.note().contains("time scale 0"));
    }

    @Test
    void aServiceStillDownAtTheEndCountsToTheEndOfTheRun() {
        double start = clock;
        services(run("m1", 0.5, 20, "stop-msg"), "down", "m1", "mta");
        run("m1", 0.5, 40, "rpm", "-e", "sun-messaging-server");
        double end = clock + 2;
        MaintenanceWindow.Result w = MaintenanceWindow.of(twoSingles("1"), entries(journal), tasks, SCALE,
                new MaintenanceWindow.Span(start, end), List.of());
        assertEquals(end - (double) journal.get(0).get("real_start"), w.hosts().get(0).realSeconds(), 0.01);
    }

    @Test
    void serialAsAnsibleReadsIt() {
        assertEquals(1, MaintenanceWindow.batchSize("1", 7));
        assertEquals(3, MaintenanceWindow.batchSize("50%", 7));
        assertEquals(1, MaintenanceWindow.batchSize("10%", 3));
        assertEquals(7, MaintenanceWindow.batchSize("100%", 7));
        assertEquals(7, MaintenanceWindow.batchSize("20", 7));
    }

    @Test
    void commandsClassified() {
        assertEquals("removal", MaintenanceWindow.classify(entry(line("rpm", "-e", "x"))));
        assertEquals("install", MaintenanceWindow.classify(entry(line("rpm", "-i", "--replacepkgs", "/m/x.rpm"))));
        assertEquals("install", MaintenanceWindow.classify(entry(line("rpm", "-Uvh", "/m/x.rpm"))));
        assertEquals("other", MaintenanceWindow.classify(entry(line("rpm", "-qa"))));
        assertEquals("removal", MaintenanceWindow.classify(entry(line("pkg", "uninstall", "x"))));
        assertEquals("install", MaintenanceWindow.classify(entry(line("pkg", "update", "x"))));
        assertEquals("other", MaintenanceWindow.classify(entry(line("pkg", "list", "x"))));
        assertEquals("stop", MaintenanceWindow.classify(entry(line("crsctl", "stop", "resource", "r"))));
        assertEquals("start", MaintenanceWindow.classify(entry(line("clresource", "enable", "r"))));
        assertEquals("recovery", MaintenanceWindow.classify(entry(line("stored", "-r"))));
        assertEquals("snapshot", MaintenanceWindow.classify(entry(line("zfs", "snapshot", "p/ms@1"))));
    }

    @Test
    void layoutOfARealPlanSeparatesHaGroupsFromTheOtherHosts() throws Exception {
        Plan plan = new Planner().plan(new io.msupgrade.rules.Validator()
                .validate(io.msupgrade.testing.Golden.projectRoot().resolve("samples/solaris-zfs-cluster.yaml"))
                .model().orElseThrow());
        List<MaintenanceWindow.WaveLayout> layout = MaintenanceWindow.layout(plan);
        assertEquals(plan.waves().size(), layout.size());
        for (MaintenanceWindow.WaveLayout w : layout) {
            for (List<String> g : w.haGroups()) {
                assertTrue(g.size() > 1);
                g.forEach(n -> assertTrue(!w.hosts().contains(n), n + " both in an HA group and outside one"));
            }
        }
        assertTrue(layout.stream().anyMatch(w -> !w.haGroups().isEmpty()), "the sample has an HA resource");
    }

    private static Map<String, Object> line(String... argv) {
        return Map.of("argv", List.of(argv));
    }
}
