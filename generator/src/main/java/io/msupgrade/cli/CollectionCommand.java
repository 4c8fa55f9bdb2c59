package io.msupgrade.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.msupgrade.render.GeneratedTree;
import io.msupgrade.render.OutputFolder;
import io.msupgrade.render.OutputRefusedException;
import io.msupgrade.render.Templates;
import io.msupgrade.render.ansible.AnsibleCollection;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "collection", mixinStandardHelpOptions = true,
        description = {"Write the Ansible collection " + AnsibleCollection.FQCN
                + " (the roles and modules, galaxy.yml at this msupgrade's version) to DIR.",
            "Then: ansible-galaxy collection build DIR. A model with 'ansible: {roles: collection}' requires it."})
final class CollectionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "the output folder")
    Path output;

    @Option(names = "--force", description = "overwrite files that were edited by hand")
    boolean force;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String version = AnsibleCollection.version();
        GeneratedTree tree = new AnsibleCollection(new Templates()).layout(version);
        OutputFolder folder = new OutputFolder(output, false, force);
        try {
            List<String> changed = folder.write(tree);
            out.println("msupgrade: wrote the collection " + AnsibleCollection.FQCN + " " + version + " to "
                    + folder.path() + " (" + changed.size() + " changed); build it with: ansible-galaxy collection build "
                    + folder.path());
            return ExitCode.OK;
        } catch (OutputRefusedException e) {
            err.println("msupgrade: " + e.getMessage());
            err.println("msupgrade: nothing was written");
            return e.reason() == OutputRefusedException.Reason.UNSAFE_FOLDER ? ExitCode.USAGE : ExitCode.OUTPUT_REFUSED;
        } catch (IOException e) {
            return GenerateCommand.cannotWrite(folder, e, err);
        }
    }
}
