package io.msupgrade.hostile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import io.msupgrade.cli.MsupgradeCommand;

/**
 * Runs the real command line entry, {@link MsupgradeCommand#run}, in-process: what the user sees on
 * stdout and stderr, the exit code and the wall time, plus the assertions every hostile case shares.
 */
final class Cli {

    /** The acceptance bound of the issue: every broken model is answered within this. */
    static final Duration MAX_TIME = Duration.ofSeconds(2);

    private Cli() {
    }

    record Run(int code, String out, String err, Duration took) {
        String all() {
            return "exit " + code + " in " + took.toMillis() + " ms\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = MsupgradeCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new Run(code, out.toString(), err.toString(), took);
    }

    /** The gcc-style problem line of a model file (see {@code Problem#format}). */
    static Pattern problemLine(Path file) {
        return Pattern.compile("^" + Pattern.quote(file.toString()) + ":(\\d+):(\\d+): (error|warning) MS\\d{3}: .+$");
    }

    /** The closing line {@code ModelInput} prints after the problems. */
    static Pattern summaryLine(Path file) {
        return Pattern.compile("^" + Pattern.quote(file.toString()) + ": \\d+ errors?; nothing was written$");
    }

    /** Words that betray a stack trace or an exception leaking to the user. */
    static final List<String> LEAKS = List.of("Exception", "\tat ", "at io.", "at java.", "at org.", "Caused by",
            "internal error");

    static void assertNoLeak(Run r) {
        for (String leak : LEAKS) {
            assertFalse(r.out().contains(leak) || r.err().contains(leak), () -> "output shows '" + leak + "':\n" + r.all());
        }
    }

    /** No raw control character (but line breaks) and no bidi override reaches the terminal. */
    static void assertPrintable(Run r) {
        String s = r.out() + r.err();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || (c >= 0x7f && c <= 0x9f);
            boolean bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
            int at = i;
            assertFalse(control || bidi, () -> String.format("raw U+%04X in the output at %d:%n%s", (int) c, at, r.all()));
        }
    }

    /**
     * The model was refused: exit 3 in time, every stderr line a located problem (or the closing
     * summary), at least one error, no stack trace, nothing on stdout but nothing alarming either.
     */
    static void assertRefusedModel(Run r, Path model) {
        assertTrue(r.code() == 3, () -> "expected exit 3 (model invalid)\n" + r.all());
        assertTrue(r.took().compareTo(MAX_TIME) < 0, () -> "took " + r.took().toMillis() + " ms (limit "
                + MAX_TIME.toMillis() + " ms)\n" + r.all());
        Pattern problem = problemLine(model);
        Pattern summary = summaryLine(model);
        List<String> lines = r.err().lines().toList();
        assertFalse(lines.isEmpty(), () -> "no message\n" + r.all());
        boolean error = false;
        for (String line : lines) {
            var m = problem.matcher(line);
            if (m.matches()) {
                error |= m.group(3).equals("error");
                assertTrue(Integer.parseInt(m.group(1)) >= 1 && Integer.parseInt(m.group(2)) >= 1, line);
            } else {
                assertTrue(summary.matcher(line).matches(), () -> "not a FILE:LINE:COL problem line: '" + line + "'\n"
                        + r.all());
            }
        }
        assertTrue(error, () -> "no located error\n" + r.all());
        assertNoLeak(r);
        assertPrintable(r);
    }
}
