package io.msupgrade.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.msupgrade.model.Deployment;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Planner;
import io.msupgrade.render.GeneratedTree;
import io.msupgrade.render.OutputFolder;
import io.msupgrade.render.OutputRefusedException;
import io.msupgrade.render.TreeRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write the Ansible tree to DIR/ansible/, the Terraform tree to DIR/terraform/ and DIR/PLAN.md.")
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the deployment model (YAML)")
    Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "the output folder")
    Path output;

    @Option(names = "--force", description = "overwrite generated files that were edited by hand")
    boolean force;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var loaded = ModelInput.load(model, err);
        if (loaded.isEmpty()) {
            return ExitCode.MODEL_INVALID;
        }
        return generate(loaded.get(), new OutputFolder(output, false, force), out, err);
    }

    /** Plans, renders and writes; shared with the commands that generate before they run. */
    static int generate(Deployment deployment, OutputFolder folder, PrintWriter out, PrintWriter err) throws IOException {
        try {
            folder.checkSafe();
            Plan plan = new Planner().plan(deployment);
            GeneratedTree tree = new TreeRenderer().render(deployment, plan);
            List<String> changed = folder.write(tree);
            out.println("msupgrade: wrote " + tree.files().size() + " files to " + folder.path() + " ("
                    + changed.size() + " changed)");
            return ExitCode.OK;
        } catch (OutputRefusedException e) {
            err.println("msupgrade: " + e.getMessage());
            err.println("msupgrade: nothing was written");
            return e.reason() == OutputRefusedException.Reason.UNSAFE_FOLDER ? ExitCode.USAGE : ExitCode.OUTPUT_REFUSED;
        }
    }
}
