package io.msupgrade.run.rehearsal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.msupgrade.model.Deployment;
import io.msupgrade.model.StoreKind;
import io.msupgrade.plan.CoexistencePair;
import io.msupgrade.plan.GateVariables;
import io.msupgrade.plan.HostPlan;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.RunOrder;
import io.msupgrade.plan.Stage;
import io.msupgrade.run.AnsibleRunner;

/**
 * Runs the generated playbooks, unmodified, with the real ansible-playbook against simulated
 * hosts, and checks what the scenario must prove. Mail keeps arriving between the steps, so
 * "nothing lost" is tested, not assumed.
 */
public final class Rehearsal {

    /**
     * The stages the upgrade scenario runs, in the plan's run order (site.yml's order, then
     * decommission). The confirmation is not a run of its own: every changing playbook imports it
     * and the rehearsal answers it with {@code -e msupgrade_confirm=yes}.
     */
    static List<Stage> upgradeStages(RunOrder order) {
        return order.stages().stream().filter(s -> s.kind() != Stage.Kind.CONFIRM).toList();
    }

    /**
     * The stages the rollback scenario runs before the back-out, in the plan's run order: the
     * in-place hosts' stages, and the mailbox moves of the classic pairs in their waves (their
     * users come back with rollback). Nothing after the last wave. A Cassandra pair's moves are left
     * out: rollback refuses once its users moved (no documented way back).
     */
    static List<Stage> rollbackStages(RunOrder order, Plan plan) {
        Set<Stage.Kind> before = EnumSet.of(Stage.Kind.PREFLIGHT, Stage.Kind.BACKUP, Stage.Kind.DSSETUP,
                Stage.Kind.UPGRADE);
        if (movesUsersBack(plan)) {
            before.add(Stage.Kind.MIGRATE);
        }
        return order.stages().stream().filter(s -> before.contains(s.kind())).toList();
    }

    /** Whether rollback brings moved users back: every pair that moves mailboxes is classic. */
    static boolean movesUsersBack(Plan plan) {
        return plan.movesMailboxes() && plan.pairs().stream().filter(CoexistencePair::movesMailboxes)
                .allMatch(p -> p.kind() == StoreKind.CLASSIC);
    }

    /** How many stages two lists start with in common: a run of both scenarios shares those. */
    static int sharedPrefix(List<Stage> a, List<Stage> b) {
        int n = 0;
        while (n < a.size() && n < b.size() && a.get(n).equals(b.get(n))) {
            n++;
        }
        return n;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The generated tree's files before the first playbook ran (generatedTreeUntouched). */
    private List<String> generatedBefore;
    /** migrate_mailboxes_unnamed_pilots: the pilots of a pair whose legacy host holds no named pilot. */
    static final int UNNAMED_PILOTS = 5;

    private final Deployment model;
    private final Plan plan;
    /** The plan's run order: the one definition of the stages and their order. */
    private final RunOrder order;
    private final Path dir;
    private final Path ansibleDir;
    private final Map<String, String> environment;
    private final Consumer<String> say;
    private final Timing timing;
    private int stepNumber;
    /** Set when several scenarios run: each scenario's journal and report get its name. */
    private boolean severalScenarios;
    /** The simulator unpacked for this rehearsal; every sandbox's is bound to it (not unpacked again). */
    private Simulator unpacked;
    /** Every playbook through ansible-runner (as an AWX execution node), not ansible-playbook. */
    private boolean throughRunner;

    /**
     * How the simulator models time: {@code timeScale} real seconds slept per modelled second (0:
     * nothing sleeps, the test suite's default) and durations that override the simulator's
     * defaults ({@code "rpm -i": 150}, {@code "imsbackup": {"base": 10, "per_message": 0.02}}).
     */
    public record Timing(double timeScale, Map<String, Object> durations) {
        public static final Timing NONE = new Timing(0, Map.of());
        /** The largest time scale: a whole rehearsal at 10 real seconds per modelled one is days already. */
        public static final double MAX_TIME_SCALE = 10;

        public Timing {
            if (!validTimeScale(timeScale)) {
                throw new IllegalArgumentException("the time scale must be from 0 to " + (int) MAX_TIME_SCALE + ", not "
                        + timeScale);
            }
            for (Map.Entry<String, Object> e : durations.entrySet()) {
                boolean ok = seconds(e.getValue());
                if (e.getValue() instanceof Map<?, ?> m) {
                    ok = !m.isEmpty() && Set.of("base", "per_message").containsAll(m.keySet())
                            && m.values().stream().allMatch(Timing::seconds);
                }
                if (!ok) {
                    throw new IllegalArgumentException("duration \"" + e.getKey() + "\" must be seconds >= 0 or "
                            + "{\"base\": seconds, \"per_message\": seconds}, not " + e.getValue());
                }
            }
            durations = Map.copyOf(durations);
        }

        /** 0 (nothing sleeps) to {@link #MAX_TIME_SCALE}; the simulator guards its own input the same way. */
        public static boolean validTimeScale(double timeScale) {
            return timeScale >= 0 && timeScale <= MAX_TIME_SCALE;
        }

        private static boolean seconds(Object v) {
            return v instanceof Number n && !(v instanceof Double d && d.isNaN()) && n.doubleValue() >= 0;
        }
    }

    /**
     * @param dir         the generated folder; the rehearsal writes under {@code dir/rehearsal}
     * @param environment the environment ansible-playbook and the simulator run with
     */
    public Rehearsal(Deployment model, Plan plan, Path dir, Map<String, String> environment, Consumer<String> say) {
        this(model, plan, dir, environment, say, Timing.NONE);
    }

    /**
     * @param timing the simulator's modelled durations and time scale (the maintenance window);
     *               {@link Timing#NONE}: the defaults, nothing sleeps
     */
    public Rehearsal(Deployment model, Plan plan, Path dir, Map<String, String> environment, Consumer<String> say,
                     Timing timing) {
        this.timing = timing;
        this.model = model;
        this.plan = plan;
        this.order = plan.runOrder();
        this.dir = dir.toAbsolutePath().normalize();
        this.ansibleDir = this.dir.resolve("ansible");
        this.environment = Map.copyOf(environment);
        this.say = say;
    }

    /**
     * Runs every playbook through {@code ansible-runner run} instead of ansible-playbook, as an AWX
     * / Automation Controller execution node runs a job: the generated repository is the project,
     * the job events land in {@code DIR/rehearsal/runner/artifacts/<log name>/}.
     */
    public Rehearsal throughAnsibleRunner() {
        this.throughRunner = true;
        return this;
    }

    public Path home() {
        return dir.resolve("rehearsal");
    }

    /** One scenario: {@code report.md/json} and {@code journal.jsonl}. */
    public RehearsalReport run(Scenario scenario) throws IOException {
        return run(EnumSet.of(scenario)).get(scenario);
    }

    /**
     * One or several scenarios in one run. Several: each with its report
     * ({@code report-<scenario>.md/json}, and {@code report.md/json} over them) and journal
     * ({@code journal-<scenario>.jsonl}).
     *
     * <p>The rollback scenario begins with the upgrade scenario's first stages — preflight,
     * backup, dssetup and the in-place waves, with the same mail between them — so when both are
     * asked for, those run once: the rollback goes on from a copy of the simulation taken there
     * ({@code msim clone}), and its report lists those runs as shared. What each scenario proves
     * is unchanged. Faults runs in a sandbox of its own (its first stages get other mail, and a
     * fault may fire in them).
     */
    public Map<Scenario, RehearsalReport> run(Set<Scenario> scenarios) throws IOException {
        resetHome();
        severalScenarios = scenarios.size() > 1;
        Map<Scenario, RehearsalReport> reports = new EnumMap<>(Scenario.class);
        Map<Scenario, Sandbox> boxes = new EnumMap<>(Scenario.class);
        for (Scenario s : scenarios) {
            RehearsalReport report = new RehearsalReport(model.name(), s);
            report.hostOrder(plan.hosts().stream().sorted(java.util.Comparator.comparingInt(HostPlan::wave))
                    .map(HostPlan::name).toList());
            reports.put(s, report);
        }
        if (scenarios.contains(Scenario.UPGRADE) && scenarios.contains(Scenario.ROLLBACK)) {
            upgradeAndRollback(reports.get(Scenario.UPGRADE), reports.get(Scenario.ROLLBACK), boxes);
        } else if (scenarios.contains(Scenario.UPGRADE)) {
            boxes.put(Scenario.UPGRADE, upgrade(reports.get(Scenario.UPGRADE)));
        } else if (scenarios.contains(Scenario.ROLLBACK)) {
            boxes.put(Scenario.ROLLBACK, rollback(reports.get(Scenario.ROLLBACK)));
        }
        if (scenarios.contains(Scenario.FAULTS)) {
            boxes.put(Scenario.FAULTS, faults(reports.get(Scenario.FAULTS)));
        }
        for (Map.Entry<Scenario, RehearsalReport> e : reports.entrySet()) {
            checkOrder(boxes.get(e.getKey()), e.getValue());
            e.getValue().write(home(), severalScenarios ? "-" + e.getKey().id() : "");
        }
        if (severalScenarios) {
            RehearsalReport.writeSummary(home(), model.name(), reports);
        }
        return reports;
    }

    /** The upgrade scenario, the rollback scenario going on from a copy of it after their shared stages. */
    private void upgradeAndRollback(RehearsalReport upgrade, RehearsalReport rollback, Map<Scenario, Sandbox> boxes)
            throws IOException {
        List<Stage> up = upgradeStages(order);
        List<Stage> back = rollbackStages(order, plan);
        int common = sharedPrefix(up, back);
        Sandbox box = sandbox("upgrade");
        linkJournal(box, Scenario.UPGRADE);
        boolean shared = runStages(box, upgrade, up.subList(0, common), "");
        Sandbox copy = copy(box, "rollback");
        linkJournal(copy, Scenario.ROLLBACK);
        upgrade.steps().forEach(s -> rollback.step(s.shared("rollback (shared with upgrade)")));
        boolean rest = shared && runStages(copy, rollback, back.subList(common, back.size()), "");
        backOut(copy, rollback, rest);
        boolean ok = shared && runStages(box, upgrade, up.subList(common, up.size()), "");
        finishUpgrade(box, upgrade, ok);
        boxes.put(Scenario.UPGRADE, box);
        boxes.put(Scenario.ROLLBACK, copy);
    }

    private void checkOrder(Sandbox box, RehearsalReport report) throws IOException {
        List<JournalEntry> journal = JournalLines.read(box.simulator().journal());
        List<String> disorder = ChapterOrder.violations(journal, ChapterOrder.Layout.of(plan),
                report.scenario() == Scenario.ROLLBACK);
        report.invariant(Invariant.of("the journal follows the chapter's order", disorder.isEmpty(),
                String.join("; ", disorder)));
        // the lines the waves' own stages wrote (not the back-out, decommission or the rerun)
        List<JournalEntry> inWaves = new ArrayList<>();
        for (int[] r : box.waveRuns()) {
            inWaves.addAll(journal.subList(Math.min(r[0], journal.size()), Math.min(r[1], journal.size())));
        }
        List<String> waves = ChapterOrder.waveOrder(inWaves, plan.waveOfEveryHost());
        report.invariant(Invariant.of("each wave starts after the one before it ends (plan's waves, pairs included)",
                waves.isEmpty(), String.join("; ", waves)));
        if (report.scenario() != Scenario.ROLLBACK && plan.unifiedConfig()) {
            List<String> missed = ChapterOrder.notConverted(journal, plan.convertedToUnified(),
                    ChapterOrder.Layout.of(plan));
            report.invariant(Invariant.of("configtoxml converted every legacy host (config_layout: legacy)",
                    missed.isEmpty(), missed.isEmpty() ? "" : "not converted: " + String.join(", ", missed)));
        }
    }

    private Sandbox upgrade(RehearsalReport report) throws IOException {
        Sandbox box = sandbox("upgrade");
        linkJournal(box, report.scenario());
        finishUpgrade(box, report, runStages(box, report, upgradeStages(order), ""));
        return box;
    }

    /** After the upgrade's stages: the invariants, the second run, the downtime and window. */
    private void finishUpgrade(Sandbox box, RehearsalReport report, boolean ok) throws IOException {
        box.simulator().deliver(3);
        report.invariant(Invariant.of("every stage ran to the end", ok, ok ? "" : "a stage failed: see its log"));
        checkWith(box, report, "upgrade");
        if (!ok) {
            report.invariant(Invariant.of("a second run of every playbook changes nothing", false,
                    "not run: the first run did not finish"));
        } else {
            idempotence(box, report);
        }
        report.journal(box.simulator().journal());
        generatedTreeUntouched(report);
        window(box, report);
    }

    /**
     * The maintenance window of the first upgrade run: downtime per host, the run against the
     * plan's lower bound, and a naive baseline (preflight, backup and upgrade of one host at a
     * time, all inside the window) from the same run's journal and task times.
     */
    private void window(Sandbox box, RehearsalReport report) throws IOException {
        List<StepResult> first = report.steps().stream().filter(s -> s.label().equals(box.name())).toList();
        // the waves' in-place runs, from the first one's start to the last one's end (a wave's
        // coexistence step between two of them falls inside)
        List<StepResult> upgrades = first.stream().filter(s -> s.playbook().equals("upgrade")).toList();
        if (upgrades.isEmpty()) {
            return;
        }
        StepResult upgrade = upgrades.get(0);
        double upgradeEnd = upgrades.get(upgrades.size() - 1).endedAt();
        List<MaintenanceWindow.Span> baseline = first.stream()
                .filter(s -> List.of("preflight", "backup", "upgrade").contains(s.playbook()))
                .map(s -> new MaintenanceWindow.Span(s.startedAt(), s.endedAt())).toList();
        report.window(MaintenanceWindow.of(MaintenanceWindow.layout(plan), JournalLines.read(box.simulator().journal()),
                JournalLines.readMaps(box.simulator().root().resolve("tasks.jsonl")), timing.timeScale(),
                new MaintenanceWindow.Span(upgrade.startedAt(), upgradeEnd), baseline));
    }

    /**
     * The second run: site.yml imports every stage's playbook in the plan's order (one
     * ansible-playbook run instead of one per stage), then decommission, which site.yml leaves out.
     * Every play of every playbook runs again and must report no change.
     */
    private void idempotence(Sandbox box, RehearsalReport report) throws IOException {
        List<String> again = new ArrayList<>();
        List<Stage> stages = upgradeStages(order);
        if (playbookExists("site")) {
            again.add("site");
            stages.stream().filter(s -> !s.inSite()).map(Stage::playbook).filter(this::playbookExists)
                    .forEach(again::add);
        } else {
            stages.stream().map(Stage::playbook).filter(this::playbookExists).distinct().forEach(again::add);
        }
        boolean quiet = true;
        List<String> noisy = new ArrayList<>();
        for (String playbook : again) {
            StepResult r = step(box, report, playbook, "rerun", false);
            if (r.exitCode() != 0 || r.changes() != 0) {
                quiet = false;
                noisy.add(playbook + " (" + (r.exitCode() != 0 ? "exit " + r.exitCode() : r.changes() + " changes")
                        + ", see " + r.log() + ")");
            }
        }
        report.invariant(Invariant.of("a second run of every playbook changes nothing", quiet, String.join(", ", noisy)));
    }

    private Sandbox rollback(RehearsalReport report) throws IOException {
        Sandbox box = sandbox("rollback");
        linkJournal(box, report.scenario());
        backOut(box, report, runStages(box, report, rollbackStages(order, plan), ""));
        return box;
    }

    /**
     * After the upgrade's first stages (the classic pairs' users moved in their waves): new mail,
     * then the back-out of every host, moved users included.
     */
    private void backOut(Sandbox box, RehearsalReport report, boolean ok) throws IOException {
        box.simulator().deliver(3);
        box.simulator().deliver(5);
        box.simulator().touchFlags(3);
        StepResult back = step(box, report, "rollback", "", false);
        box.simulator().deliver(2);
        report.invariant(Invariant.of("the upgrade and the back-out ran to the end", ok && back.exitCode() == 0,
                back.exitCode() == 0 ? "" : "rollback exited " + back.exitCode()));
        checkWith(box, report, "rollback");
        report.journal(box.simulator().journal());
        generatedTreeUntouched(report);
    }

    /**
     * One estate, the fault points armed one at a time in the order the run reaches them: each
     * stops the run where it fires (no later wave may start), then the rerun with the fault cleared
     * goes on until the next one fires, and the last rerun must finish the job with nothing lost.
     * Every partial state a fault leaves is thus resumed from, not only the first.
     */
    private Sandbox faults(RehearsalReport report) throws IOException {
        Sandbox box = sandbox("faults");
        linkJournal(box, report.scenario());
        List<Stage> stages = upgradeStages(order).stream().filter(Stage::inSite)
                .filter(st -> playbookExists(st.playbook())).toList();
        java.util.Deque<FaultPoint> pending = new java.util.ArrayDeque<>(FaultPoint.inRunOrder(plan));
        FaultPoint armed = null;
        int stage = 0;
        int attempts = 0;
        while (stage < stages.size() && attempts++ < stages.size() + 3 * FaultPoint.of(plan).size() + 3) {
            Stage current = stages.get(stage);
            String name = current.id();
            if (armed == null && !pending.isEmpty() && pending.peek().stage().equals(name)) {
                armed = pending.pop();
                box.simulator().fault(armed.host(), armed.command(), armed.match(), armed.mode());
            }
            box.simulator().deliver(2);
            int journalBefore = JournalLines.count(box.simulator().journal());
            StepResult r = runStage(box, report, current, armed == null ? "" : "fault " + armed.name(), armed != null);
            if (armed == null) {
                if (r.exitCode() != 0) {
                    report.invariant(Invariant.of("stage " + name + " runs once no fault is armed", false,
                            "exit " + r.exitCode() + ", see " + r.log()));
                    break;
                }
                stage++;
                continue;
            }
            FaultPoint fault = armed;
            armed = null;
            box.simulator().clearFaults();
            boolean fired = JournalLines.read(box.simulator().journal()).stream().skip(journalBefore)
                    .anyMatch(l -> l.fault() != null);
            if (!fired) {
                report.invariant(Invariant.of("fault " + fault.name() + ": reached", false, name
                        + (r.exitCode() == 0 ? " finished" : " stopped (exit " + r.exitCode() + ", see " + r.log() + ")")
                        + " before " + fault.command() + " ran on " + fault.host()));
                if (r.exitCode() == 0) {
                    stage++;
                }
                continue;
            }
            if (r.exitCode() == 0) {
                report.invariant(Invariant.of("fault " + fault.name() + ": the run stops", false,
                        name + " finished although " + fault.command() + " failed on " + fault.host()));
                stage++;
                continue;
            }
            String where = String.join(", ", r.failedHosts());
            report.invariant(Invariant.of("fault " + fault.name() + ": the run stops", true,
                    "stopped in " + name + " on " + where));
            List<String> later = laterWaveHosts(fault);
            List<String> touched = JournalLines.commandsOn(box.simulator().journal(), later, journalBefore,
                    ChapterOrder::changes);
            report.invariant(Invariant.of("fault " + fault.name() + ": no later wave starts", touched.isEmpty(),
                    String.join("; ", touched)));
            // the same stage again, fault cleared: it resumes from the completion markers
        }
        report.invariant(Invariant.of("every fault point was reached", pending.isEmpty() && armed == null,
                pending.stream().map(FaultPoint::name).collect(java.util.stream.Collectors.joining(", "))));
        report.invariant(Invariant.of("a rerun after the last fault finishes the job", stage == stages.size(), ""));
        checkWith(box, report, "upgrade");
        report.journal(box.simulator().journal());
        generatedTreeUntouched(report);
        return box;
    }

    /** Runs the stages in order, with mail arriving and flags changing before each; false at the first that fails. */
    private boolean runStages(Sandbox box, RehearsalReport report, List<Stage> stages, String label) throws IOException {
        for (Stage stage : stages) {
            if (!playbookExists(stage.playbook())) {
                continue;
            }
            box.simulator().deliver(3);
            box.simulator().touchFlags(2);
            if (stage.kind() == Stage.Kind.MIGRATE && !reviewGateHolds(box, report, stage)) {
                return false;
            }
            StepResult r = stage.kind() == Stage.Kind.MIGRATE ? migrate(box, report, stage, label)
                    : runStage(box, report, stage, label, false);
            if (r.exitCode() != 0) {
                return false;
            }
        }
        return true;
    }

    /** What no new host may run before its configuration is reviewed: serving, receiving mailboxes. */
    static final Set<String> SERVING = Set.of("start-msg", "imsrestore", "rehostuser");

    /**
     * migrate's configuration review gate: run first without {@code msupgrade_config_reviewed}, it
     * must stop (fail) after the new hosts' install and configuration, before any of them starts
     * or receives a mailbox. The run that follows passes the variable, as the operator would.
     */
    private boolean reviewGateHolds(Sandbox box, RehearsalReport report, Stage stage) throws IOException {
        List<String> newHosts = plan.hosts().stream().filter(HostPlan::newHost).map(HostPlan::name).toList();
        if (newHosts.isEmpty()) {
            return true;
        }
        int before = JournalLines.count(box.simulator().journal());
        // expected to stop
        StepResult r = step(box, report, stage.playbook(), stage.id(), "review-gate", true, stageVars(stage));
        List<String> served = JournalLines.commandsOn(box.simulator().journal(), newHosts, before,
                argv -> SERVING.contains(String.valueOf(argv.get(0))));
        boolean holds = r.exitCode() != 0 && served.isEmpty();
        report.invariant(Invariant.of("migrate stops at the configuration review gate before a new host serves", holds,
                r.exitCode() == 0 ? "migrate finished without msupgrade_config_reviewed (see " + r.log() + ")"
                        : String.join("; ", served)));
        return holds;

    }

    /**
     * migrate behind its pilot gate, as an operator runs it: the first run moves the pilot users of
     * every pair and stops (only they moved, per the journal); the second, with
     * msupgrade_pilots_verified=yes, moves the others. Per batch the journal must show the online
     * procedure's order (MoveOrder).
     */
    private StepResult migrate(Sandbox box, RehearsalReport report, Stage stage, String label) throws IOException {
        int from = JournalLines.count(box.simulator().journal());
        int before = from;
        List<String> vars = reviewed(stageVars(stage));
        StepResult pilots = step(box, report, stage.playbook(), stage.id(), (label + " pilots").strip(),
                plan.movesMailboxes(), vars);
        if (plan.movesMailboxes()) {
            List<JournalEntry> run = JournalLines.read(box.simulator().journal());
            List<String> wrong = new ArrayList<>(MoveOrder.pilotRunViolations(run.subList(before, run.size()), plan,
                    UNNAMED_PILOTS));
            if (pilots.exitCode() == 0) {
                wrong.add("the run did not stop after the pilots");
            }
            report.invariant(Invariant.of("the first migrate run moves the pilot users only, then stops",
                    wrong.isEmpty(), String.join("; ", wrong)));
        }
        if (pilots.exitCode() == 0) {
            waveRun(box, stage, from);
            return pilots;
        }
        box.simulator().deliver(3);
        StepResult rest = step(box, report, stage.playbook(), stage.id(), label, false, vars);
        waveRun(box, stage, from);
        List<String> disorder = MoveOrder.violations(JournalLines.read(box.simulator().journal()));
        report.invariant(Invariant.of("per batch: hold < imsbackup < imsrestore < mailHost change < release",
                disorder.isEmpty(), String.join("; ", disorder)));
        return rest;
    }

    private void checkWith(Sandbox box, RehearsalReport report, String expect) throws IOException {
        Map<String, Object> check = box.simulator().check(expect);
        report.check(check);
        report.invariant(Invariant.of(expect.equals("upgrade")
                        ? "every host runs the target; every message and flag where it belongs"
                        : "every host runs its previous version; no message or flag lost",
                Boolean.TRUE.equals(check.get("ok")), summary(check)));
    }

    static String summary(Map<String, Object> check) {
        Object problems = check.get("problems");
        int n = problems instanceof List<?> l ? l.size() : 0;
        String first = n > 0 ? " first: " + String.valueOf(((List<?>) problems).get(0)) : "";
        if (check.get("messages") instanceof Number m && m.intValue() == 0 && n == 0) {
            // a deployment without a message store (front ends only) holds no mail to lose
            return "no message store here, so no mail to lose: the versions and services were checked, 0 problems";
        }
        return check.get("messages") + " messages, " + check.get("lost") + " lost, " + check.get("flags_wrong")
                + " with wrong flags, " + n + " problems" + (first.length() > 400 ? first.substring(0, 400) + "..." : first);
    }

    /**
     * One stage: its playbook, limited to the stage's hosts as site.yml limits it. The journal
     * lines a wave's stage writes are kept for the wave order check.
     */
    private StepResult runStage(Sandbox box, RehearsalReport report, Stage stage, String label, boolean faultArmed)
            throws IOException {
        int from = JournalLines.count(box.simulator().journal());
        // a migrate stage here runs straight past the pilot gate (the faults scenario); the gated
        // runs an operator makes are migrate()'s
        StepResult r = step(box, report, stage.playbook(), stage.id(), label, faultArmed, reviewed(stageVars(stage)));
        waveRun(box, stage, from);
        return r;
    }

    /** Keeps the journal lines a wave's stage wrote, for the wave order check. */
    private static void waveRun(Sandbox box, Stage stage, int from) throws IOException {
        if (stage.inWave()) {
            box.waveRuns().add(new int[] {from, JournalLines.count(box.simulator().journal())});
        }
    }

    /** {@code -e msupgrade_stage_hosts=GROUP} for a wave's stage, as site.yml's import sets it. */
    private static List<String> stageVars(Stage stage) {
        return stage.hosts() == null ? List.of() : List.of("-e", "msupgrade_stage_hosts=" + stage.hosts());
    }

    /** Every run but the review gate's says the new hosts' configuration was reviewed (migrate's gate). */
    private static final List<String> REVIEWED = List.of("-e", GateVariables.CONFIG_REVIEWED + "=yes");

    private static List<String> reviewed(List<String> more) {
        List<String> all = new ArrayList<>(REVIEWED);
        all.addAll(more);
        return all;

    }

    /**
     * Nothing the roles write on the controller may land in the generated tree (mailbox backups,
     * cloned configuration): the files under DIR/ansible before the first run, compared at the end
     * of each scenario.
     */
    private void generatedTreeUntouched(RehearsalReport report) throws IOException {
        List<String> added = new ArrayList<>(generatedFiles());
        added.removeAll(generatedBefore);
        report.invariant(Invariant.of("nothing written under the generated tree (DIR/ansible) at run time",
                added.isEmpty(), String.join(", ", added.subList(0, Math.min(added.size(), 10)))));
    }

    private List<String> generatedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ansibleDir)) {
            return files.map(p -> ansibleDir.relativize(p).toString()).sorted().toList();
        }
    }

    private StepResult step(Sandbox box, RehearsalReport report, String playbook, String label, boolean faultArmed)
            throws IOException {
        return step(box, report, playbook, playbook, label, faultArmed, REVIEWED);
    }

    /** One ansible-playbook run; its log is named after {@code what} (the stage id, or the playbook). */
    private StepResult step(Sandbox box, RehearsalReport report, String playbook, String what, String label,
                            boolean faultArmed, List<String> extraArgs) throws IOException {
        if (generatedBefore == null) {
            generatedBefore = generatedFiles();
        }
        stepNumber++;
        String name = String.format("%02d-%s%s", stepNumber, what, label.isEmpty() ? "" : "-" + label.replace(' ', '-'));
        Path log = home().resolve("logs").resolve(name + ".log");
        List<String> args = new ArrayList<>(List.of("-e", GateVariables.CONFIRM + "=yes"));
        if (!label.endsWith("pilots")) {
            // past the pilot gate (migrate's first run, labelled "pilots", stops at it)
            args.addAll(List.of("-e", GateVariables.PILOTS_VERIFIED + "=yes"));
        }
        String own = GateVariables.OWN_CONFIRMATION.get(playbook);
        if (own != null) {
            args.addAll(List.of("-e", own + "=yes"));
        }
        args.addAll(extraArgs);
        AnsibleRunner runner = throughRunner
                ? AnsibleRunner.throughAnsibleRunner(ansibleDir, box.inventory().toString(), box.ansibleEnvironment(),
                        Duration.ofMinutes(30), home().resolve("runner"))
                : new AnsibleRunner(ansibleDir, box.inventory().toString(), box.ansibleEnvironment(),
                        Duration.ofMinutes(30));
        double started = System.currentTimeMillis() / 1000.0;
        AnsibleRunner.Outcome outcome = runner.run(playbook, args, log, line -> { }, say, null);
        double ended = System.currentTimeMillis() / 1000.0;
        StepResult r = new StepResult(box.name() + (label.isEmpty() ? "" : " " + label), playbook,
                outcome.result().exitCode(), outcome.changes(), outcome.failedHosts(), faultArmed,
                home().relativize(log).toString(), started, ended);
        report.step(r);
        return r;
    }

    private boolean playbookExists(String stage) {
        return Files.isRegularFile(ansibleDir.resolve("playbooks").resolve(stage + ".yml"));
    }

    /**
     * Hosts of the waves after the fault's wave (pairs included; a fault before the waves, in the
     * backup, has every wave after it): none of them may start while it stands.
     */
    private List<String> laterWaveHosts(FaultPoint fault) {
        return plan.waveOfEveryHost().entrySet().stream().filter(e -> e.getValue() > fault.wave())
                .map(Map.Entry::getKey).toList();
    }

    private void resetHome() throws IOException {
        Path home = home();
        if (Files.exists(home)) {
            deleteTree(home);
        }
        Files.createDirectories(home);
    }

    private Sandbox sandbox(String name) throws IOException {
        Path root = home().resolve(name);
        // Unpacked once: a rewritten msim module retires the warm server, a rewritten msim_client.c is compiled again.
        Simulator sim = unpacked == null ? Simulator.install(home().resolve("simulator"), root, environment)
                : unpacked.at(root);
        unpacked = sim;
        Map<String, Object> spec = RehearsalSpec.of(model, plan);
        if (!timing.equals(Timing.NONE)) {
            Map<String, Object> simConfig = new LinkedHashMap<>();
            simConfig.put("time_scale", timing.timeScale());
            simConfig.put("durations", timing.durations());
            spec.put("sim", simConfig);
        }
        return sandbox(name, sim, sim.setup(spec));
    }

    /** A copy of {@code box}'s estate in the state it is in now, named {@code name}. */
    private Sandbox copy(Sandbox box, String name) throws IOException {
        Simulator.Copy copy = box.simulator().copyTo(home().resolve(name));
        Sandbox c = sandbox(name, copy.simulator(), copy.inventoryVars());
        c.waveRuns().addAll(box.waveRuns());
        return c;
    }

    private Sandbox sandbox(String name, Simulator sim, Map<String, Object> vars) throws IOException {
        Path inventory = RehearsalInventory.write(home().resolve(name + "-inventory"), ansibleDir.resolve("inventory"),
                model.directory().passwordVar(), vars);
        Map<String, String> env = new LinkedHashMap<>(environment);
        @SuppressWarnings("unchecked")
        Map<String, Object> ansibleEnv = (Map<String, Object>) vars.get("ansible_env");
        ansibleEnv.forEach((k, v) -> env.put(k, String.valueOf(v)));
        env.put("ANSIBLE_PIPELINING", "1");
        env.put("ANSIBLE_HOST_KEY_CHECKING", "False");
        env.put("ANSIBLE_RETRY_FILES_ENABLED", "False");
        env.put("ANSIBLE_LOCAL_TEMP", home().resolve("tmp").toString());
        env.put("ANSIBLE_NOCOLOR", "1");
        return new Sandbox(name, sim, inventory, Map.copyOf(env), new ArrayList<>());
    }

    /**
     * {@code DIR/rehearsal/journal.jsonl} ({@code journal-<scenario>.jsonl} when several scenarios
     * run), appended as the commands run (interfaces: rehearsal journal).
     */
    private void linkJournal(Sandbox box, Scenario scenario) throws IOException {
        Path link = home().resolve(severalScenarios ? "journal-" + scenario.id() + ".jsonl" : "journal.jsonl");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, home().relativize(box.simulator().journal()));
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    /**
     * One simulated estate: its simulator root, its inventory and the environment Ansible runs with.
     * {@code waveRuns}: the journal lines ({@code [from, to)}) each run of a wave's stage wrote.
     */
    private record Sandbox(String name, Simulator simulator, Path inventory, Map<String, String> ansibleEnvironment,
                           List<int[]> waveRuns) {
    }

    static ObjectMapper json() {
        return JSON;
    }
}
