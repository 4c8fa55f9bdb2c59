package io.msupgrade.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.msupgrade.model.Deployment;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Planner;
import io.msupgrade.render.plan.PlanFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print the upgrade plan: waves in order, each host's strategy and procedure, coexistence pairs, migration batches.")
final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the deployment model (YAML)")
    Path model;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text, json or markdown (with a Mermaid diagram); default: ${DEFAULT-VALUE}")
    PlanFormat format;

    @Override
    public Integer call() {
        var loaded = ModelInput.load(model, spec.commandLine().getErr(), false);
        if (loaded.isEmpty()) {
            return ExitCode.MODEL_INVALID;
        }
        Deployment deployment = loaded.get();
        Plan plan = new Planner().plan(deployment);
        spec.commandLine().getOut().print(format.render(plan));
        return ExitCode.OK;
    }
}
