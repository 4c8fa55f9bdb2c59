package io.msupgrade.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import io.msupgrade.model.Deployment;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Planner;
import io.msupgrade.render.OutputFolder;
import io.msupgrade.run.ExternalCommand;
import io.msupgrade.run.rehearsal.Invariant;
import io.msupgrade.run.rehearsal.Rehearsal;
import io.msupgrade.run.rehearsal.RehearsalReport;
import io.msupgrade.run.rehearsal.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = {
            "Generate DIR, then run the generated playbooks, unmodified, with the real ansible-playbook against"
                    + " simulated Messaging Server hosts.",
            "Writes DIR/rehearsal/journal.jsonl, report.md and report.json; for several scenarios also each"
                    + " scenario's journal-SCENARIO.jsonl, report-SCENARIO.md and report-SCENARIO.json.",
            "Exits 0 when every scenario's invariants hold, 4 when one does not."
        })
final class RehearseCommand implements Callable<Integer> {

    /** --scenario all: every scenario in one run. */
    private static final String ALL = "all";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the deployment model (YAML)")
    Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "the output folder")
    Path output;

    @Option(names = "--scenario", defaultValue = "upgrade", paramLabel = "SCENARIO",
            description = "upgrade, rollback or faults, several separated by commas, or all; the stages upgrade"
                    + " and rollback share run once when both are asked for. Default: ${DEFAULT-VALUE}")
    String scenario;

    @Option(names = "--force", description = "overwrite generated files that were edited by hand")
    boolean force;

    @Option(names = "--time-scale", defaultValue = "0", paramLabel = "X",
            description = "real seconds each simulated command sleeps per modelled second of its duration, 0 to 10;"
                    + " default ${DEFAULT-VALUE}: nothing sleeps. Above 0 the report measures the maintenance window")
    double timeScale;

    @Option(names = "--durations", paramLabel = "FILE",
            description = "JSON object of modelled durations overriding the simulator's defaults, e.g. {\"rpm -i\": 150}")
    Path durations;

    @Option(names = "--engine", defaultValue = "ansible-playbook", paramLabel = "ENGINE",
            description = "ansible-playbook, or ansible-runner: every playbook through `ansible-runner run` with the"
                    + " generated repository as its project, as an AWX execution node runs a job (job events under"
                    + " DIR/rehearsal/runner/artifacts/). Default: ${DEFAULT-VALUE}")
    String engine;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Set<Scenario> chosen = EnumSet.noneOf(Scenario.class);
        for (String name : scenario.equals(ALL) ? io.msupgrade.model.Keyword.ids(Scenario.class)
                : List.of(scenario.split(",", -1))) {
            Optional<Scenario> one = io.msupgrade.model.Keyword.parse(Scenario.class, name.strip());
            if (one.isEmpty()) {
                err.println("msupgrade: --scenario takes upgrade, rollback, faults (several separated by commas) "
                        + "or all, not '" + scenario + "'");
                return ExitCode.USAGE;
            }
            chosen.add(one.get());
        }
        boolean runner = engine.equals("ansible-runner");
        if (!runner && !engine.equals("ansible-playbook")) {
            err.println("msupgrade: --engine takes ansible-playbook or ansible-runner, not '" + engine + "'");
            return ExitCode.USAGE;
        }
        if (!Rehearsal.Timing.validTimeScale(timeScale)) {
            err.println("msupgrade: --time-scale must be from 0 to " + (int) Rehearsal.Timing.MAX_TIME_SCALE + ", not "
                    + timeScale);
            return ExitCode.USAGE;
        }
        Map<String, Object> durationTable = Map.of();
        if (durations != null) {
            try {
                durationTable = new com.fasterxml.jackson.databind.ObjectMapper().readValue(durations.toFile(),
                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
            } catch (IOException e) {
                err.println("msupgrade: --durations " + durations + ": not a JSON object of durations: "
                        + e.getMessage().lines().findFirst().orElse(""));
                return ExitCode.USAGE;
            }
        }
        Rehearsal.Timing timing;
        try {
            timing = new Rehearsal.Timing(timeScale, durationTable);
        } catch (IllegalArgumentException e) {
            err.println("msupgrade: --durations " + durations + ": " + e.getMessage());
            return ExitCode.USAGE;
        }
        Optional<Deployment> loaded = ModelInput.load(model, err);
        if (loaded.isEmpty()) {
            return ExitCode.MODEL_INVALID;
        }
        Plan plan = new Planner().plan(loaded.get());
        int generated = GenerateCommand.generate(loaded.get(), plan, new OutputFolder(output, false, force), out, err);
        if (generated != ExitCode.OK) {
            return generated;
        }
        Map<String, String> env = System.getenv();
        if (ExternalCommand.resolve("ansible-playbook", env).isEmpty()) {
            err.println("msupgrade: ansible-playbook is not installed or not on PATH; a rehearsal runs the real one");
            return ExitCode.EXTERNAL_FAILED;
        }
        if (runner && ExternalCommand.resolve("ansible-runner", env).isEmpty()) {
            err.println("msupgrade: ansible-runner is not installed or not on PATH (Debian: python3-ansible-runner)");
            return ExitCode.EXTERNAL_FAILED;
        }
        Rehearsal rehearsal = new Rehearsal(loaded.get(), plan, output, env, line -> {
            err.println(line);
            err.flush();
        }, timing);
        if (runner) {
            rehearsal.throughAnsibleRunner();
        }
        boolean several = chosen.size() > 1;
        Map<Scenario, RehearsalReport> reports = rehearsal.run(chosen);
        boolean passed = true;
        for (RehearsalReport report : reports.values()) {
            for (Invariant i : report.invariants()) {
                out.println((i.held() ? "  ok   " : "  FAIL ") + (several ? report.scenario().id() + ": " : "") + i.name()
                        + (i.detail().isEmpty() ? "" : ": " + i.detail()));
            }
            passed &= report.passed();
        }
        out.println("msupgrade: rehearsal " + String.join(",", reports.keySet().stream().map(Scenario::id).toList())
                + (passed ? " passed" : " FAILED") + "; report: " + rehearsal.home().resolve("report.md"));
        return passed ? ExitCode.OK : ExitCode.EXTERNAL_FAILED;
    }
}
