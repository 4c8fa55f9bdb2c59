package io.msupgrade.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.msupgrade.model.Deployment;
import io.msupgrade.plan.GateVariables;
import io.msupgrade.plan.Planner;
import io.msupgrade.render.Manifest;
import io.msupgrade.render.tree.TreeRenderer;
import io.msupgrade.run.AnsibleRunner;
import io.msupgrade.run.ExternalCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code msupgrade run MODEL -o DIR PLAYBOOK [-- ansible-playbook args]}: runs one generated
 * playbook. The runner never re-plans: it checks that DIR holds what MODEL generates, then runs
 * what is there.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Run one generated playbook from DIR/ansible with ansible-playbook.",
            "Output is streamed; a progress line is printed as each play ends; the whole run is logged under DIR/logs/.",
            "rollback and decommission refuse to start without --confirm."
        })
final class RunCommand implements Callable<Integer> {

    /** The playbooks that undo or end something: a human says so on the command line. */
    static final Map<String, String> GATED = GateVariables.OWN_CONFIRMATION;

    /** migrate's pilot gate: the users other than the pilots move only when it is yes. */
    static final String PILOT_GATE = GateVariables.PILOTS_VERIFIED;

    /** Playbooks that change nothing: no confirmation needed. */
    static final java.util.Set<String> READ_ONLY = java.util.Set.of("preflight");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the deployment model (YAML)")
    Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "the generated folder")
    Path output;

    @Parameters(index = "1", paramLabel = "PLAYBOOK",
            description = "a playbook of DIR/ansible/playbooks, e.g. preflight, upgrade, rollback")
    String playbook;

    @Parameters(index = "2..*", paramLabel = "ANSIBLE_ARGS", description = "passed to ansible-playbook as they are (after --)")
    List<String> ansibleArgs = new ArrayList<>();

    @Option(names = "--confirm", description = "confirm a changing playbook without the prompt; required for rollback and decommission")
    boolean confirm;

    @Option(names = "--timeout", defaultValue = "none", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "stop ansible-playbook after 90s, 30m, 2h...; default: ${DEFAULT-VALUE}")
    Duration timeout;

    private Map<String, String> environment = System.getenv();

    /** The environment ansible-playbook runs with (copied); tests put a fake ansible-playbook on PATH. */
    RunCommand environment(Map<String, String> env) {
        this.environment = Map.copyOf(env);
        return this;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Deployment> loaded = ModelInput.load(model, err);
        if (loaded.isEmpty()) {
            return ExitCode.MODEL_INVALID;
        }
        String name = playbook.replaceFirst("^playbooks/", "").replaceFirst("\\.yml$", "");
        Path ansibleDir = output.resolve("ansible");
        List<String> available = playbooks(ansibleDir);
        if (!available.contains(name)) {
            err.println("msupgrade: no playbook '" + playbook + "' in " + ansibleDir.resolve("playbooks")
                    + (available.isEmpty() ? " (run msupgrade generate first)" : "; there are: " + String.join(", ", available)));
            return ExitCode.USAGE;
        }
        if (!upToDate(loaded.get(), err)) {
            return ExitCode.USAGE;
        }
        List<String> args = new ArrayList<>();
        String gate = GATED.get(name);
        if (gate != null && !confirm) {
            err.println("msupgrade: '" + name + "' changes production hosts back or for good; it starts only with --confirm");
            return ExitCode.USAGE;
        }
        if (!confirm && gate == null && !READ_ONLY.contains(name) && askedAndConfirmed(name, err)) {
            confirm = true;
        }
        if (confirm) {
            args.add("-e");
            args.add((gate != null ? gate : GateVariables.CONFIRM) + "=yes");
        }
        args.addAll(ansibleArgs);
        if (name.equals("migrate") && ansibleArgs.stream().noneMatch(a -> a.contains(PILOT_GATE))) {
            // migrate_mailboxes' pilot gate: --confirm confirms the change, not the pilots
            err.println("msupgrade: migrate moves the pilot users of each pair and stops; once they are checked,"
                    + " move the others with: msupgrade run " + model + " -o " + output
                    + " migrate --confirm -- -e " + PILOT_GATE + "=yes");
        }

        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path log = output.resolve("logs").resolve(stamp + "-" + name + ".log");
        AnsibleRunner runner = new AnsibleRunner(ansibleDir.toAbsolutePath(), environment, timeout);
        AnsibleRunner.Outcome outcome;
        try {
            outcome = runner.run(name, args, log, line -> {
                out.println(line);
                out.flush();
            }, line -> {
                err.println(line);
                err.flush();
            }, null);
        } catch (ExternalCommand.NotFoundException e) {
            err.println("msupgrade: ansible-playbook is not installed or not on PATH (" + e.getMessage() + ")");
            return ExitCode.EXTERNAL_FAILED;
        }
        ExternalCommand.Result result = outcome.result();
        err.println("msupgrade: ansible-playbook exited " + result.exitCode()
                + (result.timedOut() ? " (stopped after the --timeout of " + timeout + ")" : "") + "; log: " + log);
        return result.succeeded() ? ExitCode.OK : ExitCode.EXTERNAL_FAILED;
    }

    /**
     * The playbooks' own confirmation gate (ceph-ansible's rolling_update.yml style) reads a prompt
     * that a child without a terminal cannot answer, so at a terminal msupgrade asks the question
     * itself and passes the answer on; without a terminal, --confirm is the way to say yes.
     */
    private static boolean askedAndConfirmed(String playbook, PrintWriter err) {
        java.io.Console console = System.console();
        if (console == null) {
            err.println("msupgrade: no terminal to confirm '" + playbook + "' at; its confirmation gate will stop it"
                    + " unless you pass --confirm");
            return false;
        }
        String answer = console.readLine("msupgrade: '%s' changes production hosts. Type yes to go on: ", playbook);
        return answer != null && answer.strip().equalsIgnoreCase("yes");
    }

    /** DIR must hold exactly what MODEL generates now: otherwise the run would not be the reviewed one. */
    private boolean upToDate(Deployment deployment, PrintWriter err) throws IOException {
        Optional<Manifest> onDisk = Manifest.readFrom(output);
        Manifest expected = Manifest.of(new TreeRenderer().render(deployment, new Planner().plan(deployment)));
        if (onDisk.isEmpty() || !onDisk.get().files().equals(expected.files())) {
            err.println("msupgrade: " + output + " does not hold what " + model + " generates now;"
                    + " run 'msupgrade generate " + model + " -o " + output + "' (and review the change) first");
            return false;
        }
        for (Map.Entry<String, String> f : expected.files().entrySet()) {
            Path p = output.resolve(f.getKey());
            if (!Files.isRegularFile(p) || !Manifest.sha256(Files.readAllBytes(p)).equals(f.getValue())) {
                err.println("msupgrade: " + p + " was changed since it was generated; run generate (--force to discard the change)");
                return false;
            }
        }
        return true;
    }

    private static List<String> playbooks(Path ansibleDir) throws IOException {
        Path dir = ansibleDir.resolve("playbooks");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".yml"))
                    .map(f -> f.substring(0, f.length() - 4)).sorted().toList();
        }
    }
}
