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

/**
 * What a rehearsal found: each playbook run, the invariants and whether they held, the steps each
 * host went through in order, and each host's modelled service downtime. Written as
 * {@code report.json} (for scripts) and {@code report.md} (for people).
 */
public final class RehearsalReport {

    private final String deployment;
    private final Scenario scenario;
    private final List<StepResult> steps = new ArrayList<>();
    private final List<Invariant> invariants = new ArrayList<>();
    private Map<String, Object> check = Map.of();
    private Map<String, Object> downtime = Map.of();
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

    void downtime(Map<String, Object> d) {
        this.downtime = d;
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

    /** The commands each host ran, in order, from the journal. */
    void journal(Path journal) throws IOException {
        for (Map<String, Object> line : JournalLines.read(journal)) {
            List<?> argv = (List<?>) line.get("argv");
            String host = String.valueOf(line.get("host"));
            String cmd = argv == null ? "?" : String.join(" ", argv.stream().map(String::valueOf).toList());
            Object rc = line.get("rc");
            hostSteps.computeIfAbsent(host, h -> new ArrayList<>())
                    .add(cmd + (rc != null && !"0".equals(String.valueOf(rc)) ? "  (rc " + rc + ")" : ""));
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
        StringBuilder md = new StringBuilder("# Rehearsal of " + deployment + ": "
                + String.join(", ", reports.keySet().stream().map(Scenario::id).toList()) + " — "
                + (passed ? "PASSED" : "FAILED") + "\n\n| scenario | verdict | invariants held | playbook runs | real s | report |\n"
                + "|---|---|---|---:|---:|---|\n");
        reports.forEach((scenario, r) -> {
            String file = "report-" + scenario.id();
            long held = r.invariants.stream().filter(Invariant::held).count();
            each.put(scenario.id(), Map.of("passed", r.passed(), "report", file + ".json", "real_seconds", r.realSeconds()));
            md.append("| ").append(scenario.id()).append(" | ").append(r.passed() ? "PASSED" : "**FAILED**").append(" | ")
                    .append(held).append(" of ").append(r.invariants.size()).append(" | ").append(r.steps.size())
                    .append(" | ").append(fmt(r.realSeconds())).append(" | [").append(file).append(".md](").append(file)
                    .append(".md) |\n");
        });
        doc.put("scenarios", each);
        if (reports.containsKey(Scenario.UPGRADE) && reports.containsKey(Scenario.ROLLBACK)) {
            md.append("\nThe rollback scenario's first runs (preflight, backup, dssetup, upgrade) are the upgrade ")
                    .append("scenario's: they ran once, and the back-out went on from a copy of the simulated estate ")
                    .append("taken after them.\n");
        }
        md.append("\nEach scenario's journal: `journal-<scenario>.jsonl`.\n");
        writeJson(home.resolve("report.json"), doc);
        Files.writeString(home.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
    }

    private static void writeJson(Path file, Object doc) throws IOException {
        Files.writeString(file, Rehearsal.json().copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc)
                + "\n", StandardCharsets.UTF_8);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Rehearsal of ").append(deployment).append(": ").append(scenario.id()).append(" — ")
                .append(passed() ? "PASSED" : "FAILED").append("\n\n## Invariants\n\n| invariant | held | detail |\n|---|---|---|\n");
        for (Invariant i : invariants) {
            md.append("| ").append(i.name()).append(" | ").append(i.held() ? "yes" : "**no**").append(" | ")
                    .append(i.detail().replace("|", "\\|")).append(" |\n");
        }
        md.append("\n## Playbook runs\n\n| run | playbook | exit | changes | failed hosts | real s | log |\n"
                + "|---|---|---|---|---|---:|---|\n");
        for (StepResult s : steps) {
            md.append("| ").append(s.label()).append(" | ").append(s.playbook()).append(" | ").append(s.exitCode())
                    .append(s.expectFailure() ? " (fault armed)" : "").append(" | ").append(s.changes()).append(" | ")
                    .append(String.join(", ", s.failedHosts())).append(" | ").append(fmt(s.seconds())).append(" | ")
                    .append(s.log()).append(" |\n");
        }
        if (!steps.isEmpty()) {
            md.append("\nPlaybook runs in all: ").append(fmt(realSeconds())).append(" s real.\n");
        }
        if (window != null) {
            windowMarkdown(md);
        }
        Object hosts = downtime.get("hosts");
        if (hosts instanceof Map<?, ?> m && !m.isEmpty()) {
            md.append("\n## Service downtime (simulator's lockstep clock, modelled seconds)\n\n| host | longest service outage |\n|---|---|\n");
            inHostOrder(m).forEach(e -> md.append("| ").append(e.getKey()).append(" | ").append(total(e.getValue()))
                    .append(" |\n"));
            md.append("\nWhole run (modelled): ").append(downtime.get("makespan")).append(" s\n");
        }
        md.append("\n## Steps per host, in order\n");
        inHostOrder(hostSteps).forEach(e -> {
            md.append("\n### ").append(e.getKey()).append("\n\n");
            int n = 1;
            for (String c : e.getValue()) {
                md.append(n++).append(". `").append(c.replace("`", "'")).append("`\n");
            }
        });
        return md.toString();
    }

    /** The maintenance window: see docs/rehearsal.md, "The maintenance window", for the three clocks. */
    private void windowMarkdown(StringBuilder md) {
        MaintenanceWindow.Result w = window;
        md.append("\n## Maintenance window (the upgrade playbook)\n\n");
        if (w.timeScale() == 0) {
            windowWithoutTimeScale(md, w);
            return;
        }
        md.append("Time scale ").append(w.timeScale()).append(" real s per modelled s. *real*: measured on this machine; ")
                .append("*projected*: the real run with each command's sleep stretched back to its modelled duration ")
                .append("(Ansible's overhead stays in real seconds); *modelled*: command durations alone.\n\n");
        if (!w.note().isEmpty()) {
            md.append("Note: ").append(w.note()).append(".\n\n");
        }
        md.append("| figure | seconds |\n|---|---:|\n");
        md.append("| upgrade run, real | ").append(fmt(w.realSeconds())).append(" |\n");
        md.append("| of which no command was working (Ansible's overhead), real | ").append(fmt(w.overheadSeconds())).append(" |\n");
        md.append("| upgrade run, projected | ").append(opt(w.projectedSeconds())).append(" |\n");
        md.append("| the plan's lower bound (critical path through the waves, modelled) | ").append(fmt(w.lowerBound()))
                .append(" |\n");
        md.append("| projected / lower bound | ").append(opt(w.runRatio())).append(" |\n");
        md.append("| simulator's lockstep clock (modelled, no overhead) | ").append(fmt(w.lockstepSeconds())).append(" |\n");
        md.append("| naive baseline: one host at a time, preflight + backup + upgrade inside the window | ")
                .append(opt(w.naiveRunSeconds())).append(" |\n");
        md.append("| projected / naive | ").append(opt(w.naiveRunRatio())).append(" |\n");
        md.append("\n### Service downtime per host\n\n| host | real | projected | modelled | overhead (real) | "
                + "removal + install + start | ratio | chapter floor ratio | naive | commands in the window |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (MaintenanceWindow.HostDowntime h : w.hosts()) {
            md.append("| ").append(h.host()).append(" | ").append(fmt(h.realSeconds())).append(" | ")
                    .append(opt(h.projectedSeconds())).append(" | ").append(fmt(h.modelledSeconds())).append(" | ")
                    .append(fmt(h.overheadSeconds())).append(" | ").append(fmt(h.reference())).append(" | ")
                    .append(opt(h.ratio())).append(" | ").append(opt(h.floorRatio())).append(" | ")
                    .append(opt(h.naiveSeconds())).append(" | ")
                    .append(String.join("; ", h.commandsInWindow()).replace("|", "\\|").replace("`", "'")).append(" |\n");
        }
        md.append("\n### Lower bound per wave (modelled)\n\n| wave | tier | serial | seconds | units in order |\n"
                + "|---|---|---|---:|---|\n");
        for (MaintenanceWindow.WaveBound b : w.waves()) {
            md.append("| ").append(b.number()).append(" | ").append(b.tier()).append(" | ").append(b.serial()).append(" | ")
                    .append(fmt(b.seconds())).append(" | ").append(String.join("; ", b.steps())).append(" |\n");
        }
    }

    /**
     * At time scale 0 (the default) every command returns at once: nothing is projected and no
     * ratio means anything, so the report says how to get them instead of printing empty columns.
     */
    private void windowWithoutTimeScale(StringBuilder md, MaintenanceWindow.Result w) {
        md.append("At time scale 0 (the default) the simulated commands take no time, so there is no projected ")
                .append("downtime and no ratio to the plan's lower bound. For them, rehearse again with a time scale ")
                .append("and the modelled durations: `msupgrade rehearse MODEL -o DIR --scenario upgrade --time-scale 0.02` ")
                .append("(docs/rehearsal.md, \"The maintenance window\").\n\n");
        if (!w.note().isEmpty()) {
            md.append("Note: ").append(w.note()).append(".\n\n");
        }
        md.append("| figure | seconds |\n|---|---:|\n");
        md.append("| upgrade run, real | ").append(fmt(w.realSeconds())).append(" |\n");
        md.append("| of which no command was working (Ansible's overhead), real | ").append(fmt(w.overheadSeconds())).append(" |\n");
        md.append("| the plan's lower bound (critical path through the waves, modelled) | ").append(fmt(w.lowerBound()))
                .append(" |\n");
        md.append("\n### Service downtime per host\n\n| host | real | overhead (real) | commands in the window |\n"
                + "|---|---:|---:|---|\n");
        for (MaintenanceWindow.HostDowntime h : w.hosts()) {
            md.append("| ").append(h.host()).append(" | ").append(fmt(h.realSeconds())).append(" | ")
                    .append(fmt(h.overheadSeconds())).append(" | ")
                    .append(String.join("; ", h.commandsInWindow()).replace("|", "\\|").replace("`", "'")).append(" |\n");
        }
    }

    private static String fmt(double x) {
        return String.format(java.util.Locale.ROOT, "%.1f", x);
    }

    private static String opt(Double x) {
        return x == null ? "-" : String.format(java.util.Locale.ROOT, x < 10 ? "%.2f" : "%.1f", x);
    }

    private static Object total(Object perHost) {
        if (perHost instanceof Map<?, ?> m && m.get("services") instanceof Map<?, ?> services) {
            // the simulator's per-service outages: the longest one is the host's downtime
            double longest = 0;
            for (Object svc : services.values()) {
                if (svc instanceof Map<?, ?> sm && sm.get("total") instanceof Number n) {
                    longest = Math.max(longest, n.doubleValue());
                }
            }
            return fmt(longest);
        }
        if (perHost instanceof Map<?, ?> m) {
            Object t = m.get("total");
            if (t == null) {
                t = m.get("downtime");
            }
            return t == null ? m : t;
        }
        return perHost;
    }
}
