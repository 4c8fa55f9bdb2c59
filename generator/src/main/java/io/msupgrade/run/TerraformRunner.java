package io.msupgrade.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs {@code terraform} on a generated Terraform tree: {@code init}, then {@code plan} (saving the
 * plan to {@value #PLAN_FILE}) or {@code apply}. {@code apply} applies the saved plan, so what is
 * built is exactly what was reviewed; without a saved plan it needs an explicit auto-approve.
 *
 * <p>Each step is an {@link ExternalCommand} with an explicit environment (a copy of the one given,
 * plus {@code TF_IN_AUTOMATION}) and timeout; output is streamed; the first failing step stops the
 * run and its exit code is returned.
 */
public final class TerraformRunner {

    /** The plan file {@code plan} writes and {@code apply} applies, inside the Terraform directory. */
    public static final String PLAN_FILE = "msupgrade.tfplan";

    public static final String PROGRAM = "terraform";

    public enum Action {
        PLAN, APPLY;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<String, String> environment;
    private final Duration timeout;
    private final Consumer<String> stdout;
    private final Consumer<String> stderr;
    private final boolean colour;

    /** Without colours: msupgrade streams terraform's output, to a terminal or not (see the other constructor). */
    public TerraformRunner(Map<String, String> environment, Duration timeout, Consumer<String> stdout,
                           Consumer<String> stderr) {
        this(environment, timeout, stdout, stderr, false);
    }

    /**
     * @param environment the environment terraform runs with (copied; pass {@code System.getenv()}
     *                    to inherit the caller's, cloud credentials and {@code TF_VAR_*} included)
     * @param timeout     limit for each terraform command, {@link ExternalCommand#NO_TIMEOUT} for none
     * @param colour      let terraform colour its output; otherwise every command gets {@code -no-color}
     *                    (terraform colours even into a pipe, and does not read {@code NO_COLOR})
     */
    public TerraformRunner(Map<String, String> environment, Duration timeout, Consumer<String> stdout,
                           Consumer<String> stderr, boolean colour) {
        this.colour = colour;
        Map<String, String> env = new LinkedHashMap<>(environment);
        // Terraform's documented switch for non-interactive runs: no "run terraform apply next" hints.
        env.put("TF_IN_AUTOMATION", "1");
        this.environment = Map.copyOf(env);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        this.stderr = Objects.requireNonNull(stderr, "stderr");
    }

    /** The terraform commands, in order, that {@link #run} runs for an action. */
    public List<List<String>> commands(Path terraformDir, Action action, boolean autoApprove) {
        List<List<String>> steps = new ArrayList<>();
        steps.add(step("init", "-input=false"));
        switch (action) {
            case PLAN -> steps.add(step("plan", "-input=false", "-out=" + PLAN_FILE));
            case APPLY -> {
                if (Files.isRegularFile(terraformDir.resolve(PLAN_FILE))) {
                    steps.add(step("apply", "-input=false", PLAN_FILE));
                } else if (autoApprove) {
                    steps.add(step("apply", "-input=false", "-auto-approve"));
                } else {
                    throw new IllegalStateException("no saved plan " + terraformDir.resolve(PLAN_FILE)
                            + ": run the plan action first and review it, or approve explicitly");
                }
            }
            default -> throw new AssertionError(action);
        }
        return steps;
    }

    /** {@code terraform COMMAND [-no-color] ARGS...}: the colour switch right after the command, as terraform documents it. */
    private List<String> step(String command, String... args) {
        List<String> argv = new ArrayList<>(List.of(PROGRAM, command));
        if (!colour) {
            argv.add("-no-color");
        }
        argv.addAll(List.of(args));
        return List.copyOf(argv);
    }

    /** Whether {@code apply} can run without an explicit approval: a reviewed plan was saved. */
    public static boolean hasSavedPlan(Path terraformDir) {
        return Files.isRegularFile(terraformDir.resolve(PLAN_FILE));
    }

    /** Whether terraform is on the PATH of the environment this runner uses. */
    public boolean available() {
        return ExternalCommand.resolve(PROGRAM, environment).isPresent();
    }

    public Map<String, String> environment() {
        return environment;
    }

    /**
     * Runs the action's commands in {@code terraformDir}, one after the other, stopping at the first
     * that fails.
     *
     * @return the outcome of the last command run: the failing one, or the final one
     * @throws ExternalCommand.NotFoundException when terraform is not on the PATH
     */
    public ExternalCommand.Result run(Path terraformDir, Action action, boolean autoApprove) throws IOException {
        ExternalCommand.Result last = null;
        for (List<String> argv : commands(terraformDir, action, autoApprove)) {
            ExternalCommand command = ExternalCommand.of(argv)
                    .workingDirectory(terraformDir)
                    .environment(environment)
                    .timeout(timeout)
                    .stdout(stdout)
                    .stderr(stderr)
                    .build();
            stderr.accept("msupgrade: running " + command.display() + " in " + terraformDir);
            last = command.run();
            if (!last.succeeded()) {
                break;
            }
        }
        return last;
    }
}
