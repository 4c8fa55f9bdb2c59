package io.msupgrade.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real external tool (ansible-playbook, ansible-lint, yamllint, node) from a test. */
public final class Tool {

    private Tool() {
    }

    /** The exit code and the merged output of one run. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public static Result run(Path dir, Map<String, String> env, long timeoutSeconds, List<String> argv) {
        try {
            Path log = java.nio.file.Files.createTempFile("msupgrade-tool", ".log");
            ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly().waitFor();
            }
            String out = java.nio.file.Files.readString(log, StandardCharsets.UTF_8);
            java.nio.file.Files.deleteIfExists(log);
            return finished ? new Result(p.exitValue(), out)
                    : new Result(-1, "timed out after " + timeoutSeconds + " s: " + argv + "\n" + out);
        } catch (IOException e) {
            return new Result(-2, "cannot run " + argv + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-3, "interrupted");
        }
    }

    public static Result run(Path dir, List<String> argv) {
        return run(dir, Map.of(), 600, argv);
    }
}
