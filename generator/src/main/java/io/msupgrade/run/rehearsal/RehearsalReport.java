package io.msupgrade.run.rehearsal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.SerializationFeature;

import io.msupgrade.render.DocumentTemplates;
import io.msupgrade.render.Templates;
import io.msupgrade.render.View;

/**
 * What a rehearsal found: each playbook run, the invariants and whether they held, the steps each
 * host went through in order, and each host's modelled service downtime. Written as
 * {@code report.json} (for scripts, through Jackson) and {@code report.md} (for people: this class
 * builds the view, {@code document-templates/rehearsal-report.md.tpl} lays it out).
 */
public final class RehearsalReport {

    private final String deployment;
    private final Scenario scenario;
    private final List<StepResult> steps = new ArrayList<>();
    private final List<Invariant> invariants = new ArrayList<>();
    private Map<String, Object> check = Map.of();
    private ServiceOutages outages = ServiceOutages.of(List.of());
    private MaintenanceWindow.Result window;
    private final Map<String, List<String>> hostSteps = new LinkedHashMap<>();
    private List<String> hostOrder = List.of();

    RehearsalReport(String deployment, Scenario scenario) {
        this.deployment = deployment;
        this.scenario = scenario;
    }

    public Scenario scenario() {
        return scenario;
    }

    void step(StepResult r) {
        steps.add(r);
    }

    void invariant(Invariant i) {
        invariants.add(i);
    }

    void check(Map<String, Object> c) {
        this.check = c;
    }

    void window(MaintenanceWindow.Result w) {
        this.window = w;
    }

    /** The maintenance window of the upgrade run; null when the scenario has none. */
    public MaintenanceWindow.Result window() {
        return window;
    }

    /**
     * The order hosts are listed in (the plan's: waves, then the order of the model); a host the
     * plan does not name comes after them, by name.
     */
    void hostOrder(List<String> hosts) {
        this.hostOrder = List.copyOf(hosts);
    }

    private <V> List<Map.Entry<String, V>> inHostOrder(Map<?, V> byHost) {
        java.util.Comparator<Map.Entry<String, V>> planOrder = java.util.Comparator.comparingInt(e -> {
            int i = hostOrder.indexOf(e.getKey());
            return i < 0 ? Integer.MAX_VALUE : i;
        });
        return byHost.entrySet().stream().map(e -> Map.entry(String.valueOf(e.getKey()), e.getValue()))
                .sorted(planOrder.thenComparing(Map.Entry::getKey)).toList();
    }

    /** The commands each host ran, in order, and each host's service outages, from the journal. */
    void journal(Path journal) throws IOException {
        List<JournalEntry> lines = JournalLines.read(journal);
        outages = ServiceOutages.of(lines);
        for (JournalEntry line : lines) {
            List<String> argv = line.argv();
            String host = line.hostName();
            String cmd = argv == null ? "?" : String.join(" ", argv.stream().map(String::valueOf).toList());
            Integer rc = line.rc();
            hostSteps.computeIfAbsent(host, h -> new ArrayList<>())
                    .add(cmd + (rc != null && rc != 0 ? "  (rc " + rc + ")" : ""));
        }
    }

    public boolean passed() {
        return !invariants.isEmpty() && invariants.stream().allMatch(Invariant::held)
                && steps.stream().allMatch(StepResult::asExpected);
    }

    public List<Invariant> invariants() {
        return List.copyOf(invariants);
    }

    public List<StepResult> steps() {
        return List.copyOf(steps);
    }

    public Map<String, List<String>> hostSteps() {
        return Map.copyOf(hostSteps);
    }

    /** The real seconds of the playbook runs (not of the pauses between them, or of another scenario's runs). */
    double realSeconds() {
        return MaintenanceWindow.round(steps.stream().mapToDouble(s -> s.endedAt() - s.startedAt()).sum());
    }

    /** {@code report<suffix>.json} and {@code report<suffix>.md} in {@code home}. */
    void write(Path home, String suffix) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("deployment", deployment);
        doc.put("scenario", scenario.id());
        doc.put("passed", passed());
        doc.put("invariants", invariants);
        doc.put("steps", steps);
        doc.put("check", check);
        Map<String, Object> downtime = new LinkedHashMap<>();
        downtime.put("makespan", MaintenanceWindow.round(outages.makespan()));
        downtime.put("hosts", outages.modelledTotals());
        doc.put("downtime", downtime);
        doc.put("real_seconds", realSeconds());
        if (window != null) {
            doc.put("window", window);
        }
        doc.put("host_steps", hostSteps);
        writeJson(home.resolve("report" + suffix + ".json"), doc);
        Files.writeString(home.resolve("report" + suffix + ".md"), markdown(), StandardCharsets.UTF_8);
    }

    /** {@code report.json} and {@code report.md} over the scenarios of one run, each with its own report. */
    static void writeSummary(Path home, String deployment, Map<Scenario, RehearsalReport> reports) throws IOException {
        boolean passed = reports.values().stream().allMatch(RehearsalReport::passed);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("deployment", deployment);
        doc.put("scenario", "all");
        doc.put("passed", passed);
        Map<String, Object> each = new LinkedHashMap<>();
        reports.forEach((scenario, r) -> each.put(scenario.id(),
                Map.of("passed", r.passed(), "report", "report-" + scenario.id() + ".json", "real_seconds", r.realSeconds())));
        doc.put("scenarios", each);
        writeJson(home.resolve("report.json"), doc);
        Files.writeString(home.resolve("report.md"), DocumentTemplates.render(new Templates(), "rehearsal-summary.md.tpl",
                summaryView(deployment, passed, reports)), StandardCharsets.UTF_8);
    }

    /** The view of rehearsal-summary.md.tpl: one row per scenario. */
    private static Map<String, Object> summaryView(String deployment, boolean passed,
                                                   Map<Scenario, RehearsalReport> reports) {
        List<Map<String, Object>> scenarios = new ArrayList<>();
        reports.forEach((scenario, r) -> scenarios.add(View.of(
                "id", scenario.id(),
                "verdict", r.passed() ? "PASSED" : "**FAILED**",
                "held", r.invariants.stream().filter(Invariant::held).count(),
                "invariants", r.invariants.size(),
                "runs", r.steps.size(),
                "real_seconds", fmt(r.realSeconds()),
                "report", "report-" + scenario.id() + ".md")));
        return View.of("deployment", deployment, "verdict", passed ? "PASSED" : "FAILED", "scenarios", scenarios,
                // the two scenarios shared their first runs (Rehearsal.upgradeAndRollback)
                "shared_runs", reports.containsKey(Scenario.UPGRADE) && reports.containsKey(Scenario.ROLLBACK));
    }

    private static void writeJson(Path file, Object doc) throws IOException {
        Files.writeString(file, Rehearsal.json().copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc)
                + "\n", StandardCharsets.UTF_8);
    }

    String markdown() {
        return DocumentTemplates.render(new Templates(), "rehearsal-report.md.tpl", view());
    }

    /**
     * The view of rehearsal-report.md.tpl: the figures formatted and the table cells escaped for
     * Markdown here, so the template only lays them out.
     */
    private Map<String, Object> view() {
        return View.of(
                "deployment", deployment,
                "scenario", scenario.id(),
                "verdict", passed() ? "PASSED" : "FAILED",
                "invariants", invariants.stream().map(i -> View.of(
                        "name", i.name(), "held", i.held() ? "yes" : "**no**", "detail", cell(i.detail()))).toList(),
                "runs", steps.stream().map(s -> View.of(
                        "label", s.label(), "playbook", s.playbook(),
                        "exit", s.exitCode() + (s.expectFailure() ? " (fault armed)" : ""),
                        "changes", s.changes(), "failed_hosts", String.join(", ", s.failedHosts()),
                        "seconds", fmt(s.seconds()), "log", s.log())).toList(),
                "real_seconds", fmt(realSeconds()),
                "window", window == null ? Map.of() : windowView(window),
                "downtime", downtimeView(),
                "host_steps", inHostOrder(hostSteps).stream().map(e -> View.of(
                        "host", e.getKey(), "commands", e.getValue().stream().map(c -> c.replace("`", "'")).toList()))
                        .toList());
    }

    /** The maintenance window: see docs/rehearsal.md, "The maintenance window", for the three clocks. */
    private static Map<String, Object> windowView(MaintenanceWindow.Result w) {
        return View.of(
                // at time scale 0 (the default) nothing is projected and no ratio means anything
                "scaled", w.timeScale() != 0,
                "time_scale", String.valueOf(w.timeScale()),
                "note", w.note(),
                "real", fmt(w.realSeconds()),
                "overhead", fmt(w.overheadSeconds()),
                "projected", opt(w.projectedSeconds()),
                "lower_bound", fmt(w.lowerBound()),
                "run_ratio", opt(w.runRatio()),
                "lockstep", fmt(w.lockstepSeconds()),
                "naive", opt(w.naiveRunSeconds()),
                "naive_ratio", opt(w.naiveRunRatio()),
                "hosts", w.hosts().stream().map(h -> View.of(
                        "host", h.host(), "real", fmt(h.realSeconds()), "projected", opt(h.projectedSeconds()),
                        "modelled", fmt(h.modelledSeconds()), "overhead", fmt(h.overheadSeconds()),
                        "reference", fmt(h.reference()), "ratio", opt(h.ratio()), "floor_ratio", opt(h.floorRatio()),
                        "naive", opt(h.naiveSeconds()),
                        "commands", cell(String.join("; ", h.commandsInWindow())).replace("`", "'"))).toList(),
                "waves", w.waves().stream().map(b -> View.of(
                        "number", b.number(), "tier", b.tier(), "serial", b.serial(), "seconds", fmt(b.seconds()),
                        "units", String.join("; ", b.steps()))).toList());
    }

    /** Each host's longest service outage (modelled), or an empty view when no service went down. */
    private Map<String, Object> downtimeView() {
        Map<String, Map<String, Double>> totals = outages.modelledTotals();
        if (totals.isEmpty()) {
            return Map.of();
        }
        return View.of(
                "hosts", inHostOrder(totals).stream().map(e -> View.of(
                        "host", e.getKey(), "longest", fmt(e.getValue().values().stream()
                                .mapToDouble(Double::doubleValue).max().orElse(0)))).toList(),
                "makespan", fmt(outages.makespan()));
    }

    /** A Markdown table cell: a | would end it. */
    private static String cell(String s) {
        return s.replace("|", "\\|");
    }

    private static String fmt(double x) {
        return String.format(java.util.Locale.ROOT, "%.1f", x);
    }

    private static String opt(Double x) {
        return x == null ? "-" : String.format(java.util.Locale.ROOT, x < 10 ? "%.2f" : "%.1f", x);
    }
}
