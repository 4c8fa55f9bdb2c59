package io.msupgrade.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.msupgrade.run.TerraformRunner.Action;
import io.msupgrade.testing.FakeTerraform;

/** TerraformRunner and ExternalCommand against a fake terraform: commands, order, directory, exit codes. */
class TerraformRunnerTest {

    @TempDir
    Path tmp;

    private final List<String> out = Collections.synchronizedList(new ArrayList<>());
    private final List<String> err = Collections.synchronizedList(new ArrayList<>());

    private Path terraformDir() throws IOException {
        return Files.createDirectories(tmp.resolve("out/terraform")).toRealPath();
    }

    private TerraformRunner runner(FakeTerraform fake, Map<String, String> extra, Duration timeout) {
        return new TerraformRunner(fake.environment(extra), timeout, out::add, err::add);
    }

    /** Terraform colours into a pipe and ignores NO_COLOR: msupgrade says -no-color unless at a terminal. */
    @Test
    void everyCommandGetsNoColorUnlessColoursAreWanted() throws IOException {
        FakeTerraform fake = new FakeTerraform(tmp);
        Path dir = terraformDir();
        for (Action action : Action.values()) {
            for (List<String> argv : runner(fake, Map.of(), ExternalCommand.NO_TIMEOUT).commands(dir, action, true)) {
                assertEquals("-no-color", argv.get(2), argv::toString);
            }
            for (List<String> argv : new TerraformRunner(fake.environment(Map.of()), ExternalCommand.NO_TIMEOUT, out::add,
                    err::add, true).commands(dir, action, true)) {
                assertFalse(argv.contains("-no-color"), argv::toString);
            }
        }
    }

    @Test
    void planRunsInitThenPlanInTheTerraformFolder() throws IOException {
        FakeTerraform fake = new FakeTerraform(tmp);
        Path dir = terraformDir();
        ExternalCommand.Result r = runner(fake, Map.of(), ExternalCommand.NO_TIMEOUT).run(dir, Action.PLAN, false);
        assertEquals(0, r.exitCode());
        assertEquals(List.of(dir + "|init -no-color -input=false", dir + "|plan -no-color -input=false -out=msupgrade.tfplan"), fake.calls());
        assertTrue(Files.isRegularFile(dir.resolve(TerraformRunner.PLAN_FILE)), "the plan was saved");
        // Output is streamed line by line, stdout and stderr apart.
        assertTrue(out.containsAll(List.of("fake terraform init out", "fake terraform plan out")), out.toString());
        assertTrue(err.containsAll(List.of("fake terraform init err", "fake terraform plan err")), err.toString());
    }

    @Test
    void applyAppliesTheSavedPlan() throws IOException {
        FakeTerraform fake = new FakeTerraform(tmp);
        Path dir = terraformDir();
        Files.writeString(dir.resolve(TerraformRunner.PLAN_FILE), "");
        ExternalCommand.Result r = runner(fake, Map.of(), ExternalCommand.NO_TIMEOUT).run(dir, Action.APPLY, false);
        assertEquals(0, r.exitCode());
        assertEquals(List.of(dir + "|init -no-color -input=false", dir + "|apply -no-color -input=false msupgrade.tfplan"), fake.calls());
    }

    @Test
    void applyWithoutSavedPlanNeedsAutoApprove() throws IOException {
        FakeTerraform fake = new FakeTerraform(tmp);
        Path dir = terraformDir();
        TerraformRunner runner = runner(fake, Map.of(), ExternalCommand.NO_TIMEOUT);
        assertThrows(IllegalStateException.class, () -> runner.run(dir, Action.APPLY, false));
        assertEquals(List.of(), fake.calls(), "nothing runs without approval");
        runner.run(dir, Action.APPLY, true);
        assertEquals(List.of(dir + "|init -no-color -input=false", dir + "|apply -no-color -input=false -auto-approve"), fake.calls());
    }

    @Test
    void aFailingStepStopsTheRunAndItsExitCodeIsReturned() throws IOException {
        FakeTerraform fake = new FakeTerraform(tmp);
        Path dir = terraformDir();
        ExternalCommand.Result r = runner(fake, Map.of("FAKE_TF_EXIT_init", "7"), ExternalCommand.NO_TIMEOUT)
                .run(dir, Action.PLAN, false);
        assertEquals(7, r.exitCode());
        assertFalse(r.timedOut());
        assertEquals(List.of(dir + "|init -no-color -input=false"), fake.calls(), "plan must not run after init failed");

        ExternalCommand.Result r2 = runner(fake, Map.of("FAKE_TF_EXIT_plan", "1"), ExternalCommand.NO_TIMEOUT)
                .run(dir, Action.PLAN, false);
        assertEquals(1, r2.exitCode());
    }

    @Test
    void noTerraformOnThePath() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        TerraformRunner runner = new TerraformRunner(FakeTerraform.withoutTerraform(empty), ExternalCommand.NO_TIMEOUT,
                out::add, err::add);
        assertFalse(runner.available());
        ExternalCommand.NotFoundException e = assertThrows(ExternalCommand.NotFoundException.class,
                () -> runner.run(terraformDir(), Action.PLAN, false));
        assertEquals("terraform", e.program());
        assertTrue(e.getMessage().startsWith("terraform not found on PATH"), e.getMessage());
    }

    @Test
    void theTimeoutStopsAHangingTerraform() throws IOException {
        FakeTerraform fake = new FakeTerraform(tmp);
        long start = System.nanoTime();
        ExternalCommand.Result r = runner(fake, Map.of("FAKE_TF_HANG", "30"), Duration.ofSeconds(1))
                .run(terraformDir(), Action.PLAN, false);
        assertTrue(r.timedOut(), "timed out");
        assertFalse(r.succeeded());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "stopped early");
    }

    @Test
    void noTimeoutMeansNoWatchdogLimit() throws IOException {
        // Commons Exec 1.6's watchdog builder defaults to 30 s; NO_TIMEOUT must not inherit that.
        FakeTerraform fake = new FakeTerraform(tmp);
        ExternalCommand.Result r = runner(fake, Map.of("FAKE_TF_SLEEP", "1"), ExternalCommand.NO_TIMEOUT)
                .run(terraformDir(), Action.PLAN, false);
        assertTrue(r.succeeded());
    }

    @Test
    void theEnvironmentIsExactlyTheOneGivenPlusTfInAutomation() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("envbin"));
        Path script = bin.resolve("terraform");
        Files.writeString(script, "#!/bin/sh\nenv | sort\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("PATH", bin + ":/usr/bin:/bin", "TF_VAR_ssh_public_key", "ssh-ed25519 AAAA x");
        new TerraformRunner(env, ExternalCommand.NO_TIMEOUT, out::add, err::add).run(terraformDir(), Action.PLAN, false);
        assertTrue(out.contains("TF_IN_AUTOMATION=1"), out.toString());
        assertTrue(out.contains("TF_VAR_ssh_public_key=ssh-ed25519 AAAA x"), out.toString());
        String home = System.getenv("HOME");
        if (home != null) {
            assertFalse(out.contains("HOME=" + home), "HOME leaked from the JVM's environment");
        }
    }

    @Test
    void argumentsReachTheProgramVerbatim() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("argbin"));
        Path script = bin.resolve("show-args");
        Files.writeString(script, "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> lines = new ArrayList<>();
        ExternalCommand.Result r = ExternalCommand.of("show-args", "a b", "\"quoted\"", "$HOME", "", "-var=x=1 2")
                .workingDirectory(tmp)
                .environment(Map.of("PATH", bin + ":/usr/bin:/bin"))
                .timeout(Duration.ofSeconds(30))
                .stdout(lines::add)
                .build()
                .run();
        assertEquals(0, r.exitCode());
        assertEquals(List.of("[a b]", "[\"quoted\"]", "[$HOME]", "[]", "[-var=x=1 2]"), lines);
    }

    @Test
    void aTimeoutIsRequired() {
        assertThrows(NullPointerException.class, () -> ExternalCommand.of("true").workingDirectory(tmp)
                .environment(Map.of()).build());
    }
}
