package io.msupgrade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.msupgrade.run.TerraformRunner;
import io.msupgrade.testing.FakeTerraform;
import io.msupgrade.testing.Samples;
import picocli.CommandLine;

/**
 * {@code msupgrade provision MODEL -o DIR [plan|apply]} with a fake terraform on PATH: it generates
 * DIR, runs exactly {@code init} then {@code plan}/{@code apply} in DIR/terraform, and passes
 * terraform's failure on as exit code 4; without terraform it says so and exits 4.
 */
class ProvisionCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static Path sample() {
        return Samples.projectRoot().resolve("samples/coexistence-sparc-to-linux.yaml");
    }

    private int provision(Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new ProvisionCommand().environment(env));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path output() {
        return tmp.resolve("out");
    }

    private String terraformDir() throws IOException {
        return output().resolve("terraform").toRealPath().toString();
    }

    @Test
    void planThenApply() throws IOException {
        FakeTerraform fake = new FakeTerraform(tmp);
        int code = provision(fake.environment(Map.of()), sample().toString(), "-o", output().toString(), "plan");
        assertEquals(0, code, err.toString());
        String dir = terraformDir();
        assertEquals(List.of(dir + "|init -no-color -input=false", dir + "|plan -no-color -input=false -out=msupgrade.tfplan"),
                fake.calls());
        assertTrue(out.toString().contains("fake terraform plan out"), "terraform's output is streamed: " + out);
        assertTrue(Files.isRegularFile(output().resolve("terraform/main.tf")), "the tree was generated");

        code = provision(fake.environment(Map.of()), sample().toString(), "-o", output().toString(), "apply");
        assertEquals(0, code, err.toString());
        assertEquals(List.of(dir + "|init -no-color -input=false", dir + "|plan -no-color -input=false -out=msupgrade.tfplan",
                dir + "|init -no-color -input=false", dir + "|apply -no-color -input=false msupgrade.tfplan"), fake.calls());
    }

    @Test
    void theActionDefaultsToPlan() throws IOException {
        FakeTerraform fake = new FakeTerraform(tmp);
        assertEquals(0, provision(fake.environment(Map.of()), sample().toString(), "-o", output().toString()));
        assertEquals(2, fake.calls().size());
        assertTrue(fake.calls().get(1).endsWith("|plan -no-color -input=false -out=msupgrade.tfplan"));
    }

    @Test
    void terraformFailureExits4WithItsCode() throws IOException {
        FakeTerraform fake = new FakeTerraform(tmp);
        int code = provision(fake.environment(Map.of("FAKE_TF_EXIT_plan", "3")), sample().toString(), "-o",
                output().toString(), "plan");
        assertEquals(4, code);
        assertTrue(err.toString().contains("terraform exited with code 3"), err.toString());
    }

    @Test
    void initFailureStopsBeforePlan() throws IOException {
        FakeTerraform fake = new FakeTerraform(tmp);
        int code = provision(fake.environment(Map.of("FAKE_TF_EXIT_init", "1")), sample().toString(), "-o",
                output().toString(), "plan");
        assertEquals(4, code);
        assertEquals(1, fake.calls().size(), fake.calls().toString());
    }

    @Test
    void applyWithoutASavedPlanIsRefusedUnlessAutoApproved() throws IOException {
        FakeTerraform fake = new FakeTerraform(tmp);
        int code = provision(fake.environment(Map.of()), sample().toString(), "-o", output().toString(), "apply");
        assertEquals(2, code);
        assertTrue(err.toString().contains("no saved plan"), err.toString());
        assertEquals(List.of(), fake.calls());

        code = provision(fake.environment(Map.of()), sample().toString(), "-o", output().toString(), "apply",
                "--auto-approve");
        assertEquals(0, code, err.toString());
        String dir = terraformDir();
        assertEquals(List.of(dir + "|init -no-color -input=false", dir + "|apply -no-color -input=false -auto-approve"), fake.calls());
    }

    @Test
    void aPlanOlderThanTheTreeIsNotApplied() throws IOException {
        FakeTerraform fake = new FakeTerraform(tmp);
        assertEquals(0, provision(fake.environment(Map.of()), sample().toString(), "-o", output().toString(), "plan"));
        Path plan = output().resolve("terraform").resolve(TerraformRunner.PLAN_FILE);
        Files.setLastModifiedTime(plan, java.nio.file.attribute.FileTime.fromMillis(0));
        int code = provision(fake.environment(Map.of()), sample().toString(), "-o", output().toString(), "apply");
        assertEquals(2, code);
        assertTrue(err.toString().contains("older than the Terraform files"), err.toString());
        assertEquals(2, fake.calls().size(), "apply did not run");
    }

    @Test
    void noTerraformOnPath() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        int code = provision(FakeTerraform.withoutTerraform(empty), sample().toString(), "-o", output().toString(),
                "plan");
        assertEquals(4, code);
        assertTrue(err.toString().contains("terraform not found on PATH"), err.toString());
        assertFalse(err.toString().contains("Exception"), "no stack trace: " + err);
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void nothingToProvisionWithoutTerraformHosts() throws IOException {
        FakeTerraform fake = new FakeTerraform(tmp);
        Path model = Samples.projectRoot().resolve("generator/src/test/resources/terraform/none-only.yaml");
        int code = provision(fake.environment(Map.of()), model.toString(), "-o", output().toString(), "plan");
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("nothing to provision"), out.toString());
        assertEquals(List.of(), fake.calls());
    }

    @Test
    void unknownActionIsAUsageError() throws IOException {
        FakeTerraform fake = new FakeTerraform(tmp);
        assertEquals(2, provision(fake.environment(Map.of()), sample().toString(), "-o", output().toString(), "destroy"));
        assertEquals(List.of(), fake.calls());
    }

    @Test
    void timeoutOption() throws IOException {
        FakeTerraform fake = new FakeTerraform(tmp);
        int code = provision(fake.environment(Map.of("FAKE_TF_HANG", "30")), sample().toString(), "-o",
                output().toString(), "plan", "--timeout", "1s");
        assertEquals(4, code);
        assertTrue(err.toString().contains("did not finish within 1 s"), err.toString());
    }
}
