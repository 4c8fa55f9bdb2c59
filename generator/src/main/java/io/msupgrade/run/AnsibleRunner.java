package io.msupgrade.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one generated playbook with ansible-playbook from {@code DIR/ansible}: arguments one by
 * one, an explicit environment, an explicit timeout, output streamed line by line to the user and
 * to a log of the whole run, a progress line as each play ends and one for the whole run.
 *
 * <p>Or, as AWX / Automation Controller runs a job on an execution node, through
 * {@code ansible-runner run} with the generated repository as the project (see
 * {@link #throughAnsibleRunner}): from the repository's root, with its root {@code ansible.cfg},
 * the playbook named by its path in the project, the job's events written to the runner's
 * artifacts folder.
 */
public final class AnsibleRunner {

    private final Path ansibleDir;
    private final String inventory;
    private final Map<String, String> environment;
    private final Duration timeout;
    /** ansible-runner's private data folder (its artifacts land there); null: ansible-playbook itself. */
    private final Path runnerData;

    public AnsibleRunner(Path ansibleDir, Map<String, String> environment, Duration timeout) {
        this(ansibleDir, "inventory", environment, timeout);
    }

    /** @param inventory the inventory to run against: the generated one, or a rehearsal's */
    public AnsibleRunner(Path ansibleDir, String inventory, Map<String, String> environment, Duration timeout) {
        this(ansibleDir, inventory, environment, timeout, null);
    }

    private AnsibleRunner(Path ansibleDir, String inventory, Map<String, String> environment, Duration timeout,
                          Path runnerData) {
        this.ansibleDir = ansibleDir;
        this.inventory = inventory;
        this.runnerData = runnerData;
        Map<String, String> env = new LinkedHashMap<>(environment);
        // The generated ansible.cfg, whatever the current directory's permissions: ansible/'s own,
        // or the repository root's for a run as a controller project
        env.put("ANSIBLE_CONFIG", (runnerData == null ? ansibleDir : project()).resolve("ansible.cfg").toString());
        env.putIfAbsent("ANSIBLE_FORCE_COLOR", "0");
        this.environment = Map.copyOf(env);
        this.timeout = timeout;
    }

    /**
     * Runs the playbooks through {@code ansible-runner run}, as an AWX execution node runs a job:
     * the repository holding {@code ansibleDir} is the project, {@code privateDataDir} (outside the
     * generated tree) receives the artifacts, one folder per run named by the log's name.
     */
    public static AnsibleRunner throughAnsibleRunner(Path ansibleDir, String inventory, Map<String, String> environment,
                                                     Duration timeout, Path privateDataDir) {
        return new AnsibleRunner(ansibleDir, inventory, environment, timeout, privateDataDir);
    }

    private Path project() {
        return ansibleDir.toAbsolutePath().getParent();
    }

    /** The command line for one playbook: inventory and playbook from the tree, then the user's own arguments. */
    public List<String> argv(String playbook, List<String> extraArgs) {
        return argv(playbook, extraArgs, "run");
    }

    private List<String> argv(String playbook, List<String> extraArgs, String ident) {
        if (runnerData != null) {
            // ansible-runner takes ansible-playbook's other arguments as one string it splits like a shell
            return List.of("ansible-runner", "run", runnerData.toString(), "--project-dir", project().toString(),
                    "--ident", ident, "--inventory", inventory, "-p", "ansible/playbooks/" + playbook + ".yml",
                    "--cmdline=" + String.join(" ", extraArgs.stream().map(AnsibleRunner::shellWord).toList()));
        }
        List<String> argv = new ArrayList<>();
        argv.add("ansible-playbook");
        argv.add("-i");
        argv.add(inventory);
        argv.add("playbooks/" + playbook + ".yml");
        argv.addAll(extraArgs);
        return argv;
    }

    /**
     * Runs the playbook; every line goes to {@code out} and to {@code log}, progress lines to {@code progressOut}.
     *
     * @return how ansible-playbook ended
     */
    public Outcome run(String playbook, List<String> extraArgs, Path log, Consumer<String> out,
                                      Consumer<String> progressOut, java.io.InputStream stdin) throws IOException {
        Files.createDirectories(log.getParent());
        AnsibleProgress progress = new AnsibleProgress(playbook);
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8); PrintWriter logWriter = new PrintWriter(w)) {
            Consumer<String> each = line -> {
                synchronized (logWriter) {
                    logWriter.println(line);
                }
                out.accept(line);
                String p = progress.accept(line);
                if (p != null) {
                    progressOut.accept(p);
                }
            };
            String ident = log.getFileName().toString().replaceFirst("\\.log$", "");
            List<String> argv = argv(playbook, extraArgs, ident);
            logWriter.println("# " + String.join(" ", argv));
            ExternalCommand.Result result = ExternalCommand.of(argv)
                    .workingDirectory(runnerData == null ? ansibleDir : project())
                    .environment(environment)
                    .timeout(timeout)
                    .stdin(stdin)
                    .stdout(each)
                    .stderr(each)
                    .build()
                    .run();
            progress.finish().forEach(progressOut);
            logWriter.println("# exit " + result.exitCode() + (result.timedOut() ? " (timed out)" : ""));
            return new Outcome(result, progress.changes(), progress.failedHosts());
        }
    }

    /** A word as a POSIX shell (and Python's shlex, which ansible-runner splits --cmdline with) reads it back. */
    static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_./=:,@%+-]+") ? word : "'" + word.replace("'", "'\"'\"'") + "'";
    }

    /**
     * How a playbook run ended, with what Ansible reported on the way.
     *
     * @param changes     tasks that reported "changed" (0 on a rerun that has nothing left to do)
     * @param failedHosts hosts with a failed task or unreachable
     */
    public record Outcome(ExternalCommand.Result result, int changes, java.util.Set<String> failedHosts) {

        public boolean succeeded() {
            return result.succeeded();
        }
    }
}
