package io.msupgrade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.msupgrade.testing.Samples;
import picocli.CommandLine;

/**
 * {@code msupgrade run} against a stand-in ansible-playbook on a PATH of its own: it records its
 * working directory, arguments and one environment variable, prints Ansible-like output, and exits
 * or hangs as told.
 */
class RunCommandTest {

    /**
     * Prints as ansible-playbook's default callback does, everything on stdout: "fatal:" and the
     * recap too (stdout and stderr are read by two threads, so lines split between them would
     * reach the progress parser in either order).
     */
    private static final String FAKE = """
            #!/bin/sh
            printf '%s|%s|%s\\n' "$(pwd -P)" "$*" "$MSUPGRADE_TEST_MARK" >> "$FAKE_LOG"
            echo "PLAY [Wave 1 (mta), hosts outside a cluster] ****"
            echo "TASK [inplace_upgrade : Stop the services] ****"
            echo "changed: [mta1]"
            echo "fatal: [mta2]: FAILED! => {}"
            if [ -n "$FAKE_HANG" ]; then exec sleep "$FAKE_HANG"; fi
            echo "PLAY RECAP ****"
            exit "${FAKE_EXIT:-0}"
            """;

    @TempDir
    Path tmp;

    private Path sample;
    private Path out;
    private Path log;
    private StringWriter stdout;
    private StringWriter stderr;

    @BeforeEach
    void generate() throws IOException {
        sample = Samples.all().stream().filter(p -> p.toString().contains("linux-frontends")).findFirst().orElseThrow();
        out = tmp.resolve("out");
        log = tmp.resolve("calls.log");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path fake = bin.resolve("ansible-playbook");
        Files.writeString(fake, FAKE);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(0, MsupgradeCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "generate", sample.toString(), "-o", out.toString()));
    }

    private int run(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", tmp.resolve("bin") + ":/usr/bin:/bin");
        env.put("FAKE_LOG", log.toString());
        env.put("MSUPGRADE_TEST_MARK", "passed-through");
        env.putAll(extraEnv);
        stdout = new StringWriter();
        stderr = new StringWriter();
        CommandLine cli = new CommandLine(new RunCommand().environment(env));
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(stderr, true));
        return cli.execute(args);
    }

    private List<String> calls() throws IOException {
        return Files.isRegularFile(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void runsThePlaybookFromTheTreeWithItsArgumentsOneByOne() throws IOException {
        int code = run(Map.of(), sample.toString(), "-o", out.toString(), "upgrade", "--", "--limit", "mta1",
                "-e", "a=b c");
        assertEquals(0, code, stderr.toString());
        List<String> calls = calls();
        assertEquals(1, calls.size());
        String[] call = calls.get(0).split("\\|");
        assertEquals(out.resolve("ansible").toRealPath().toString(), call[0]);
        assertEquals("-i inventory playbooks/upgrade.yml --limit mta1 -e a=b c", call[1]);
        assertEquals("passed-through", call[2], "the environment given reaches ansible-playbook");
        assertTrue(stdout.toString().contains("changed: [mta1]"), "output streamed");
        assertTrue(stderr.toString().contains("play 1 \"Wave 1 (mta), hosts outside a cluster\""), stderr.toString());
        assertTrue(stderr.toString().contains("1 task · 2 hosts, 1 change, 1 failed (mta2)\n"), stderr.toString());
    }

    @Test
    void logsTheWholeRunUnderLogs() throws IOException {
        run(Map.of(), sample.toString(), "-o", out.toString(), "preflight");
        try (Stream<Path> logs = Files.list(out.resolve("logs"))) {
            Path l = logs.filter(p -> p.getFileName().toString().endsWith("-preflight.log")).findFirst().orElseThrow();
            String text = Files.readString(l);
            assertTrue(text.contains("changed: [mta1]") && text.contains("fatal: [mta2]") && text.contains("# exit 0"), text);
        }
    }

    @Test
    void ansiblesExitCodeIsPrintedAndTheCommandExitsFour() throws IOException {
        int code = run(Map.of("FAKE_EXIT", "3"), sample.toString(), "-o", out.toString(), "upgrade");
        assertEquals(ExitCode.EXTERNAL_FAILED, code);
        assertTrue(stderr.toString().contains("ansible-playbook exited 3"), stderr.toString());
    }

    @Test
    void anExplicitTimeoutEndsAHangingRun() throws IOException {
        long start = System.nanoTime();
        int code = run(Map.of("FAKE_HANG", "30"), sample.toString(), "-o", out.toString(), "upgrade", "--timeout", "2s");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(ExitCode.EXTERNAL_FAILED, code);
        assertTrue(seconds < 20, "stopped by the timeout, not by the fake: " + seconds + " s");
        assertTrue(stderr.toString().contains("--timeout"), stderr.toString());
    }

    @Test
    void noTimeoutMeansNoLimitNotCommonsExecsThirtySeconds() {
        assertEquals(java.time.Duration.ZERO, new DurationConverter().convert("none"));
        assertEquals(java.time.Duration.ofHours(2), new DurationConverter().convert("2h"));
    }

    @Test
    void rollbackAndDecommissionStartOnlyWithConfirm() throws IOException {
        assertEquals(ExitCode.USAGE, run(Map.of(), sample.toString(), "-o", out.toString(), "rollback"));
        assertEquals(ExitCode.USAGE, run(Map.of(), sample.toString(), "-o", out.toString(), "decommission"));
        assertTrue(calls().isEmpty(), "nothing ran");
        assertEquals(0, run(Map.of(), sample.toString(), "-o", out.toString(), "rollback", "--confirm"));
        assertTrue(calls().get(0).contains("-e msupgrade_backout_confirm=yes"), calls().toString());
    }

    @Test
    void aTreeThatIsNotWhatTheModelGeneratesIsRefused() throws IOException {
        Files.writeString(out.resolve("ansible/playbooks/upgrade.yml"), "# edited\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(ExitCode.USAGE, run(Map.of(), sample.toString(), "-o", out.toString(), "upgrade"));
        assertTrue(stderr.toString().contains("changed since it was generated"), stderr.toString());
        assertTrue(calls().isEmpty());
    }

    @Test
    void anUnknownPlaybookIsAUsageErrorNamingTheOnesThereAre() {
        assertEquals(ExitCode.USAGE, run(Map.of(), sample.toString(), "-o", out.toString(), "upgrde"));
        assertTrue(stderr.toString().contains("there are: ") && stderr.toString().contains("upgrade"), stderr.toString());
    }

    @Test
    void withoutAnsiblePlaybookOnPathItSaysSo() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(ExitCode.EXTERNAL_FAILED, run(Map.of("PATH", empty.toString()), sample.toString(), "-o",
                out.toString(), "preflight"));
        assertTrue(stderr.toString().contains("ansible-playbook is not installed or not on PATH"), stderr.toString());
        assertFalse(stderr.toString().contains("Exception"));
    }
}
