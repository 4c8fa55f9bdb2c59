package io.msupgrade.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.msupgrade.testing.Samples;

/**
 * The process level of {@link BrokenModelCorpusTest}: the shipped jar, run as a separate JVM, exits
 * 3 on a bad model with no stack trace. An integration test (failsafe, {@code mvn verify}): it runs
 * after {@code package} built the jar, so it never skips on a fresh clone.
 */
class ShippedJarIT {

    @TempDir
    Path tmp;

    @Test
    void theJarItselfExits3WithoutAStackTrace() throws Exception {
        Path jar = Samples.projectRoot().resolve("generator/target/msupgrade.jar");
        assertTrue(Files.isRegularFile(jar), "mvn package built no jar at " + jar);
        Path bad = tmp.resolve("process-bad.yaml");
        Files.write(bad, "model: msupgrade/v1\ndeployment: !!javax.script.ScriptEngineManager [x]\n\tx: 1\n"
                .getBytes(StandardCharsets.UTF_8));
        Path log = tmp.resolve("process.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "validate", bad.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the jar did not finish");
        String output = Files.readString(log);
        assertEquals(3, p.exitValue(), output);
        assertTrue(Cli.problemLine(bad).matcher(output.lines().findFirst().orElse("")).matches(), output);
        for (String leak : Cli.LEAKS) {
            assertFalse(output.contains(leak), () -> "'" + leak + "' in\n" + output);
        }
    }
}
