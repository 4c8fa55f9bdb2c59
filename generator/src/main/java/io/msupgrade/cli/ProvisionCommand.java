package io.msupgrade.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.msupgrade.model.Deployment;
import io.msupgrade.render.OutputFolder;
import io.msupgrade.run.ExternalCommand;
import io.msupgrade.run.TerraformRunner;
import io.msupgrade.run.TerraformRunner.Action;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code msupgrade provision MODEL -o DIR [plan|apply]}: generates DIR like {@code generate}, then
 * runs {@code terraform init} and {@code terraform plan} (saving the plan) or {@code terraform apply}
 * (of that saved plan) in DIR/terraform. Terraform's output is streamed; its failure exits 4.
 */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = {
            "Generate DIR, then run terraform in DIR/terraform to build the new hosts.",
            "plan: terraform init, then terraform plan -out=" + TerraformRunner.PLAN_FILE + " (review it).",
            "apply: terraform init, then terraform apply of the saved plan; it writes"
                    + " DIR/ansible/inventory/new_hosts.yml for ansible-playbook.",
            "terraform must be on PATH; credentials and TF_VAR_* come from the environment."
        })
public final class ProvisionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the deployment model (YAML)")
    Path model;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ACTION", defaultValue = "plan",
            description = "plan or apply; default: ${DEFAULT-VALUE}")
    String action;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "the output folder")
    Path output;

    @Option(names = "--timeout", defaultValue = "none", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "limit for each terraform command: 90s, 30m, 2h or none; default: ${DEFAULT-VALUE}")
    Duration timeout;

    @Option(names = "--auto-approve",
            description = "apply without a saved plan (terraform apply -auto-approve)")
    boolean autoApprove;

    @Option(names = "--force", description = "overwrite generated files that were edited by hand")
    boolean force;

    private Map<String, String> environment = System.getenv();

    /**
     * The environment terraform runs with (copied); by default this process's own, so cloud
     * credentials and {@code TF_VAR_*} reach terraform. Tests pass a PATH with a fake terraform.
     */
    public ProvisionCommand environment(Map<String, String> env) {
        this.environment = Map.copyOf(env);
        return this;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Action act;
        try {
            act = Action.valueOf(action.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            err.println("msupgrade: provision: unknown action '" + action + "': use plan or apply");
            return ExitCode.USAGE;
        }
        var loaded = ModelInput.load(model, err);
        if (loaded.isEmpty()) {
            return ExitCode.MODEL_INVALID;
        }
        Deployment deployment = loaded.get();
        OutputFolder folder = new OutputFolder(output, false, force);
        int generated = GenerateCommand.generate(deployment, folder, out, err);
        if (generated != ExitCode.OK) {
            return generated;
        }
        Path dir = folder.path().resolve("terraform");
        if (!Files.isRegularFile(dir.resolve("main.tf"))) {
            out.println("msupgrade: no new host of " + model + " is built by Terraform (provider oci, aws or vsphere);"
                    + " nothing to provision");
            return ExitCode.OK;
        }

        TerraformRunner runner = new TerraformRunner(new LinkedHashMap<>(environment), timeout,
                line -> println(out, line), line -> println(err, line), Terminal.colour(environment));
        if (!runner.available()) {
            err.println("msupgrade: terraform not found on PATH; install Terraform 1.5 or later"
                    + " (https://developer.hashicorp.com/terraform/install) and run again, or run it yourself in " + dir);
            return ExitCode.EXTERNAL_FAILED;
        }
        if (act == Action.APPLY) {
            Integer refused = checkSavedPlan(dir, err);
            if (refused != null) {
                return refused;
            }
        }
        ExternalCommand.Result result;
        try {
            result = runner.run(dir, act, autoApprove);
        } catch (ExternalCommand.NotFoundException e) {
            err.println("msupgrade: " + e.getMessage() + "; install Terraform and run again");
            return ExitCode.EXTERNAL_FAILED;
        }
        if (result.timedOut()) {
            err.println("msupgrade: terraform did not finish within " + describe(timeout) + " and was stopped");
            return ExitCode.EXTERNAL_FAILED;
        }
        if (result.exitCode() != 0) {
            err.println("msupgrade: terraform exited with code " + result.exitCode());
            return ExitCode.EXTERNAL_FAILED;
        }
        if (act == Action.PLAN) {
            out.println("msupgrade: plan saved as " + dir.resolve(TerraformRunner.PLAN_FILE)
                    + "; review it, then run: msupgrade provision " + model + " -o " + output + " apply");
        } else {
            out.println("msupgrade: new hosts built; their inventory is "
                    + folder.path().resolve("ansible/inventory/new_hosts.yml"));
        }
        return ExitCode.OK;
    }

    /**
     * apply runs the saved plan, so what is built is what was reviewed: without one it needs
     * --auto-approve, and a plan older than the Terraform tree (the model changed since) is refused.
     */
    private Integer checkSavedPlan(Path dir, PrintWriter err) throws IOException {
        Path plan = dir.resolve(TerraformRunner.PLAN_FILE);
        if (!TerraformRunner.hasSavedPlan(dir)) {
            if (autoApprove) {
                return null;
            }
            err.println("msupgrade: no saved plan " + plan + ": run 'msupgrade provision " + model + " -o " + output
                    + " plan' first and review it, or pass --auto-approve");
            return ExitCode.USAGE;
        }
        FileTime planned = Files.getLastModifiedTime(plan);
        try (Stream<Path> files = Files.list(dir)) {
            boolean newer = files.filter(p -> p.getFileName().toString().matches(".*\\.tf(vars\\.json)?$"))
                    .anyMatch(p -> {
                        try {
                            return Files.getLastModifiedTime(p).compareTo(planned) > 0;
                        } catch (IOException e) {
                            return true;
                        }
                    });
            if (newer) {
                err.println("msupgrade: the saved plan " + plan + " is older than the Terraform files generated from "
                        + model + ": run 'msupgrade provision " + model + " -o " + output + " plan' again and review it");
                return ExitCode.USAGE;
            }
        }
        return null;
    }

    private static void println(PrintWriter w, String line) {
        synchronized (w) {
            w.println(line);
            w.flush();
        }
    }

    private static String describe(Duration d) {
        return d.toSeconds() + " s";
    }
}
