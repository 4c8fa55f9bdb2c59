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
    private final Map<String, List<String>> hostSteps = new LinkedHashMap<>();

    RehearsalReport(String deployment, Scenario scenario) {
        this.deployment = deployment;
        this.scenario = scenario;
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

    void write(Path home) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("deployment", deployment);
        doc.put("scenario", scenario.id());
        doc.put("passed", passed());
        doc.put("invariants", invariants);
        doc.put("steps", steps);
        doc.put("check", check);
        doc.put("downtime", downtime);
        doc.put("host_steps", hostSteps);
        Files.writeString(home.resolve("report.json"),
                Rehearsal.json().copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(home.resolve("report.md"), markdown(), StandardCharsets.UTF_8);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Rehearsal of ").append(deployment).append(": ").append(scenario.id()).append(" — ")
                .append(passed() ? "PASSED" : "FAILED").append("\n\n## Invariants\n\n| invariant | held | detail |\n|---|---|---|\n");
        for (Invariant i : invariants) {
            md.append("| ").append(i.name()).append(" | ").append(i.held() ? "yes" : "**no**").append(" | ")
                    .append(i.detail().replace("|", "\\|")).append(" |\n");
        }
        md.append("\n## Playbook runs\n\n| run | playbook | exit | changes | failed hosts | log |\n|---|---|---|---|---|---|\n");
        for (StepResult s : steps) {
            md.append("| ").append(s.label()).append(" | ").append(s.playbook()).append(" | ").append(s.exitCode())
                    .append(s.expectFailure() ? " (fault armed)" : "").append(" | ").append(s.changes()).append(" | ")
                    .append(String.join(", ", s.failedHosts())).append(" | ").append(s.log()).append(" |\n");
        }
        Object hosts = downtime.get("hosts");
        if (hosts instanceof Map<?, ?> m && !m.isEmpty()) {
            md.append("\n## Service downtime (modelled seconds)\n\n| host | downtime |\n|---|---|\n");
            m.forEach((host, d) -> md.append("| ").append(host).append(" | ").append(total(d)).append(" |\n"));
            md.append("\nWhole run (modelled): ").append(downtime.get("makespan")).append(" s\n");
        }
        md.append("\n## Steps per host, in order\n");
        hostSteps.forEach((host, cmds) -> {
            md.append("\n### ").append(host).append("\n\n");
            int n = 1;
            for (String c : cmds) {
                md.append(n++).append(". `").append(c.replace("`", "'")).append("`\n");
            }
        });
        return md.toString();
    }

    private static Object total(Object perHost) {
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
