package io.msupgrade.run;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.LogOutputStream;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * One run of an external program (terraform, ansible-playbook) through Apache Commons Exec: the
 * argument vector as given, one argument at a time and never re-quoted or split; an explicit working
 * directory and environment (nothing inherited implicitly); an explicit timeout; stdout and stderr
 * streamed line by line to consumers; the program's exit code returned, never thrown.
 *
 * <p>The program is looked up on the {@code PATH} of the given environment, not the JVM's, so what
 * runs is what that environment would run, and a missing program is reported by name
 * ({@link NotFoundException}) instead of as an I/O stack trace.
 */
public final class ExternalCommand {

    /** No timeout: the watchdog never fires. */
    public static final Duration NO_TIMEOUT = Duration.ZERO;

    private final List<String> argv;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final Duration timeout;
    private final Consumer<String> stdout;
    private final Consumer<String> stderr;
    private final java.io.InputStream stdin;

    private ExternalCommand(Builder b) {
        if (b.argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty: a command needs at least a program");
        }
        this.argv = List.copyOf(b.argv);
        this.workingDirectory = Objects.requireNonNull(b.workingDirectory, "workingDirectory");
        this.environment = Map.copyOf(Objects.requireNonNull(b.environment, "environment"));
        this.timeout = Objects.requireNonNull(b.timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout is negative: " + timeout);
        }
        this.stdout = Objects.requireNonNull(b.stdout, "stdout");
        this.stderr = Objects.requireNonNull(b.stderr, "stderr");
        this.stdin = b.stdin;
    }

    /** A command line: {@code program} followed by its arguments, exactly as the program receives them. */
    public static Builder of(String program, String... arguments) {
        Builder b = new Builder();
        b.argv.add(program);
        b.argv.addAll(List.of(arguments));
        return b;
    }

    public static Builder of(List<String> argv) {
        Builder b = new Builder();
        b.argv.addAll(argv);
        return b;
    }

    public List<String> argv() {
        return argv;
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The program and arguments for a message, each argument quoted when it has a space. */
    public String display() {
        List<String> parts = new ArrayList<>();
        for (String a : argv) {
            parts.add(a.isEmpty() || a.matches(".*[\\s'\"\\\\$`].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return String.join(" ", parts);
    }

    /**
     * Runs the command to its end (or its timeout) and returns how it ended.
     *
     * @throws NotFoundException when the program is not on the environment's {@code PATH}
     * @throws IOException       when the program exists but cannot be started
     */
    public Result run() throws IOException {
        Path program = resolve(argv.get(0), environment)
                .orElseThrow(() -> new NotFoundException(argv.get(0), environment.get("PATH")));
        CommandLine line = new CommandLine(program.toString());
        for (String argument : argv.subList(1, argv.size())) {
            // handleQuoting=false: the argument reaches the program as it is, spaces and quotes included.
            line.addArgument(argument, false);
        }
        // Commons Exec 1.6's watchdog builder defaults to 30 seconds: always say how long. On
        // timeout the whole tree goes (children keep the output open otherwise).
        ExecuteWatchdog watchdog = new TreeKillingWatchdog(timeout);
        try (LineConsumer out = new LineConsumer(stdout); LineConsumer err = new LineConsumer(stderr)) {
            PumpStreamHandler streams = new PumpStreamHandler(out, err, stdin);
            // After a kill, a grandchild that still holds the output must not keep us waiting forever.
            streams.setStopTimeout(Duration.ofSeconds(10));
            DefaultExecutor executor = DefaultExecutor.builder()
                    .setWorkingDirectory(workingDirectory.toFile())
                    .setExecuteStreamHandler(streams)
                    .get();
            executor.setWatchdog(watchdog);
            // Ctrl-C (or any end of this JVM) ends the child too, instead of leaving it running.
            executor.setProcessDestroyer(new org.apache.commons.exec.ShutdownHookProcessDestroyer());
            // Every exit code is an answer to report, not an exception.
            executor.setExitValues(null);
            long start = System.nanoTime();
            int exit = executor.execute(line, new LinkedHashMap<>(environment));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            out.flush();
            err.flush();
            return new Result(exit, watchdog.killedProcess(), elapsed);
        }
    }

    /**
     * Finds a program the way a shell with this environment would: a name with a slash is taken as
     * a path; otherwise the first executable file of that name in the environment's {@code PATH}.
     */
    public static Optional<Path> resolve(String program, Map<String, String> environment) {
        if (program.contains(File.separator)) {
            Path p = Path.of(program);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = environment.get("PATH");
        if (path == null || path.isEmpty()) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator, -1)) {
            // An empty PATH entry means the current directory, as in POSIX shells.
            Path candidate = (dir.isEmpty() ? Path.of(".") : Path.of(dir)).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /**
     * How a run ended.
     *
     * @param exitCode the program's exit status (a killed program's is whatever the OS reported)
     * @param timedOut true when the timeout killed it
     */
    public record Result(int exitCode, boolean timedOut, Duration elapsed) {

        public boolean succeeded() {
            return exitCode == 0 && !timedOut;
        }
    }

    /** The program is not on the environment's PATH. */
    public static final class NotFoundException extends IOException {

        private static final long serialVersionUID = 1L;

        private final String program;

        NotFoundException(String program, String path) {
            super(program + " not found on PATH" + (path == null ? " (PATH is not set)" : " (" + path + ")"));
            this.program = program;
        }

        public String program() {
            return program;
        }
    }

    public static final class Builder {

        private final List<String> argv = new ArrayList<>();
        private Path workingDirectory;
        private Map<String, String> environment;
        private Duration timeout;
        private Consumer<String> stdout = line -> { };
        private Consumer<String> stderr = line -> { };
        private java.io.InputStream stdin;

        private Builder() {
        }

        /** What the program reads (e.g. System.in for a prompt); by default it reads nothing. */
        public Builder stdin(java.io.InputStream input) {
            this.stdin = input;
            return this;
        }

        public Builder arg(String argument) {
            argv.add(Objects.requireNonNull(argument, "argument"));
            return this;
        }

        public Builder args(List<String> arguments) {
            arguments.forEach(this::arg);
            return this;
        }

        public Builder workingDirectory(Path dir) {
            this.workingDirectory = dir;
            return this;
        }

        /** The whole environment of the program; copy {@code System.getenv()} explicitly to inherit it. */
        public Builder environment(Map<String, String> env) {
            this.environment = env;
            return this;
        }

        /** How long the program may run; {@link #NO_TIMEOUT} for no limit. Required. */
        public Builder timeout(Duration limit) {
            this.timeout = limit;
            return this;
        }

        public Builder stdout(Consumer<String> lines) {
            this.stdout = lines;
            return this;
        }

        public Builder stderr(Consumer<String> lines) {
            this.stderr = lines;
            return this;
        }

        public ExternalCommand build() {
            return new ExternalCommand(this);
        }
    }

    /** Hands each complete line (UTF-8, without its line end) to a consumer as it arrives. */
    private static final class LineConsumer extends LogOutputStream {

        private final Consumer<String> lines;

        LineConsumer(Consumer<String> lines) {
            super(0, StandardCharsets.UTF_8);
            this.lines = lines;
        }

        @Override
        protected void processLine(String line, int level) {
            lines.accept(line);
        }
    }
}
