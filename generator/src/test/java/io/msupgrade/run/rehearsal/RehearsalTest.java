package io.msupgrade.run.rehearsal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import io.msupgrade.cli.MsupgradeCommand;
import io.msupgrade.plan.Plan;
import io.msupgrade.testing.Samples;

/**
 * Every sample through every scenario with the real ansible-playbook, through the CLI entry
 * exactly as a user runs {@code msupgrade rehearse}: per sample one run of
 * {@code --scenario upgrade,rollback} (their shared first stages run once, see
 * Rehearsal#run(Set)) and one of {@code --scenario faults}. Each scenario's report must say
 * PASSED, its journal must be in the chapter's order (checked here again, with the steps that
 * must be there for the check to mean something), and the run must exit 0. The runs go one per
 * core, at most four at a time, the largest estates first; each scenario is a test of its own
 * and waits for its run.
 */
class RehearsalTest {

    /**
     * One rehearsal per core: a rehearsal is CPU-bound (Ansible forks a worker per task and host,
     * and the simulated hosts' modules run on the same machine), and one alone keeps about one
     * core busy. At most four: eight runs in four lanes end about together.
     */
    private static final int PARALLEL = Integer.getInteger("msupgrade.rehearsal.parallel",
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    /** The runs of one sample: the scenarios each one rehearses. */
    private static final List<String> RUNS = List.of("upgrade,rollback", "faults");
    /**
     * The sample whose upgrade,rollback run goes through ansible-runner, as an AWX execution node
     * runs a job (issue 19): the same invariants, and every playbook's plays in its job events.
     */
    private static final String THROUGH_RUNNER = "linux-frontends-inplace";

    private static ExecutorService pool;

    @TempDir
    static Path tmp;

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private record Run(int exit, String out, String err, Path dir, long millis) {
    }

    @TestFactory
    Stream<DynamicTest> everySampleRehearsesEveryScenario() {
        pool = Executors.newFixedThreadPool(PARALLEL);
        Map<String, Future<Run>> runs = new LinkedHashMap<>();
        // the largest estates first (more hosts, longer rehearsals), so that the lanes end about together
        List<Path> samples = Samples.all().stream()
                .sorted(java.util.Comparator.comparingInt((Path p) -> -Samples.plan(p).hosts().size()))
                .toList();
        for (Path sample : samples) {
            for (String scenarios : RUNS) {
                Path dir = tmp.resolve(Samples.name(sample) + "-" + scenarios.replace(',', '-'));
                boolean runner = Samples.name(sample).equals(THROUGH_RUNNER) && scenarios.contains(",");
                runs.put(Samples.name(sample) + " " + scenarios, pool.submit(() -> rehearse(sample, scenarios, dir,
                        runner)));
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String scenarios : RUNS) {
            for (String scenario : scenarios.split(",")) {
                for (Path sample : Samples.all()) {
                    String key = Samples.name(sample) + " " + scenario;
                    String run = Samples.name(sample) + " " + scenarios;
                    boolean several = scenarios.contains(",");
                    tests.add(DynamicTest.dynamicTest(key, () -> {
                        Run r = runs.get(run).get(60, TimeUnit.MINUTES);
                        System.out.printf("rehearsal %s: exit %d in %.1f s%n", run, r.exit(), r.millis() / 1000.0);
                        Path home = r.dir().resolve("rehearsal");
                        String suffix = several ? "-" + scenario : "";
                        String report = readOrNone(home.resolve("report" + suffix + ".md"));
                        assertTrue(report.contains("PASSED"), () -> key + " failed:\n" + r.err() + "\n" + head(report));
                        assertTrue(Files.exists(home.resolve("report" + suffix + ".json")));
                        checkJournal(sample, scenario, home.resolve("journal" + suffix + ".jsonl"));
                        assertEquals(0, r.exit(), () -> run + " exited " + r.exit() + ":\n" + r.err() + "\n"
                                + head(readOrNone(home.resolve("report.md"))));
                        if (Samples.name(sample).equals(THROUGH_RUNNER) && several) {
                            checkRunnerJobEvents(r.dir(), home.resolve("runner/artifacts"));
                        }
                    }));
                }
            }
        }
        return tests.stream();
    }

    private static Run rehearse(Path sample, String scenarios, Path dir, boolean throughRunner) {
        long start = System.nanoTime();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("rehearse", sample.toString(), "-o", dir.toString(), "--scenario",
                scenarios));
        if (throughRunner) {
            args.addAll(List.of("--engine", "ansible-runner"));
        }
        int exit = MsupgradeCommand.run(new PrintWriter(out, true), new PrintWriter(err, true),
                args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString(), dir, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Every run went through ansible-runner with the generated repository as its project, and its
     * job events (what AWX records of a job) show every play of the playbook started and the run
     * ended with its stats: the plays' names in the events are those of the playbook's file and the
     * playbooks it imports (a play with serial batches starts once per batch, hence names).
     */
    @SuppressWarnings("unchecked")
    private static void checkRunnerJobEvents(Path dir, Path artifacts) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<Path> jobs;
        try (Stream<Path> s = Files.list(artifacts)) {
            jobs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(jobs.size() >= 5, () -> "one ansible-runner job per playbook run: " + jobs);
        for (Path job : jobs) {
            List<String> command = json.readValue(job.resolve("command").toFile(), Map.class).get("command") instanceof List<?> l
                    ? l.stream().map(String::valueOf).toList() : List.of();
            String playbook = command.stream().filter(a -> a.startsWith("ansible/playbooks/")).findFirst()
                    .orElseThrow(() -> new AssertionError(job + ": no project playbook in " + command));
            java.util.Set<String> started = new java.util.TreeSet<>();
            boolean ended = false;
            try (Stream<Path> s = Files.list(job.resolve("job_events"))) {
                for (Path event : s.toList()) {
                    Map<String, Object> e = json.readValue(event.toFile(), Map.class);
                    Map<String, Object> data = (Map<String, Object>) e.getOrDefault("event_data", Map.of());
                    if ("playbook_on_play_start".equals(e.get("event"))) {
                        started.add(String.valueOf(data.get("play")));
                    }
                    ended |= "playbook_on_stats".equals(e.get("event"));
                }
            }
            java.util.Set<String> plays = new java.util.TreeSet<>(playNames(dir.resolve(playbook)));
            assertEquals(plays, started, job + ": the plays of " + playbook + " in its job events");
            assertTrue(ended, job + ": the job's events end with playbook_on_stats");
        }
    }

    /** The names of a playbook's plays, those of the playbooks it imports included. */
    @SuppressWarnings("unchecked")
    private static List<String> playNames(Path playbook) throws IOException {
        List<String> names = new ArrayList<>();
        List<Map<String, Object>> plays = new org.yaml.snakeyaml.Yaml().load(Files.readString(playbook));
        for (Map<String, Object> play : plays) {
            Object imported = play.get("ansible.builtin.import_playbook");
            if (imported != null) {
                names.addAll(playNames(playbook.resolveSibling(String.valueOf(imported))));
            } else {
                names.add(String.valueOf(play.get("name")));
            }
        }
        return names;
    }

    private static String readOrNone(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "(none)";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** The chapter's order, and the steps without which the order check would prove nothing. */
    private static void checkJournal(Path sample, String scenario, Path journal) throws IOException {
        List<JournalEntry> lines = JournalLines.read(journal);
        Plan plan = Samples.plan(sample);
        ChapterOrder.Layout layout = ChapterOrder.Layout.of(plan);
        List<String> wrong = ChapterOrder.violations(lines, layout);
        assertTrue(wrong.isEmpty(), () -> sample + " " + scenario + ": " + String.join("\n", wrong));

        assertTrue(ran(lines, null, "comm_dssetup.pl"), "comm_dssetup.pl ran");
        for (String host : layout.storeHosts()) {
            if (plan.hosts().stream().anyMatch(h -> h.name().equals(host) && h.wave() > 0)) {
                List<String> holders = layout.haResources().values().stream().filter(n -> n.contains(host)).findFirst()
                        .orElse(List.of(host));
                assertTrue(lines.stream().anyMatch(l -> holders.contains(l.hostName())
                        && argv(l).get(0).equals("imsbackup") && ok(l)), () -> "a full backup of " + host + "'s store");
            }
        }
        for (String host : layout.zfsHosts()) {
            // the nodes of an HA resource share one dataset: one snapshot and one rollback, on its holder
            List<String> holders = layout.haResources().values().stream().filter(n -> n.contains(host)).findFirst()
                    .orElse(List.of(host));
            assertTrue(lines.stream().anyMatch(l -> holders.contains(l.hostName())
                    && argv(l).get(0).equals("zfs") && argv(l).size() > 1 && argv(l).get(1).equals("snapshot") && ok(l)),
                    () -> "zfs snapshot of " + host + "'s store");
            if (scenario.equals("rollback")) {
                assertTrue(lines.stream().anyMatch(l -> holders.contains(l.hostName())
                        && argv(l).get(0).equals("zfs") && argv(l).size() > 1 && argv(l).get(1).equals("rollback")
                        && ok(l)), () -> "zfs rollback of " + host + "'s store");
            }
        }
        for (String res : layout.haResources().keySet()) {
            assertTrue(lines.stream().anyMatch(l -> ok(l) && argv(l).contains(res)
                    && (argv(l).contains("-n") || argv(l).contains("stop"))), () -> "resource " + res + " disabled");
        }
        if (!scenario.equals("rollback")) {
            for (String host : layout.newHosts()) {
                boolean moves = plan.pairs().stream().anyMatch(p -> p.replacement().equals(host) && p.movesMailboxes());
                if (moves) {
                    assertTrue(lines.stream().anyMatch(l -> host.equals(l.host()) && ok(l)
                            && (argv(l).get(0).equals("imsrestore") || argv(l).get(0).equals("rehostuser"))),
                            () -> "mailboxes moved to " + host);
                }
            }
        }
    }

    private static boolean ran(List<JournalEntry> lines, String host, String cmd) {
        return lines.stream().anyMatch(l -> (host == null || host.equals(l.host())) && ok(l)
                && (argv(l).get(0).equals(cmd) || argv(l).get(0).equals("perl") && argv(l).size() > 3
                        && argv(l).get(3).endsWith("/" + cmd)));
    }

    private static boolean ok(JournalEntry l) {
        return l.rc() != null && l.rc() == 0;
    }

    private static List<String> argv(JournalEntry l) {
        return l.argv();
    }

    private static String head(String s) {
        return s.length() > 6000 ? s.substring(0, 6000) + "\n..." : s;
    }
}
