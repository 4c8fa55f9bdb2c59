package io.msupgrade.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.msupgrade.model.Deployment;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Planner;
import io.msupgrade.render.GeneratedTree;
import io.msupgrade.render.Manifest;
import io.msupgrade.render.ModelSummary;
import io.msupgrade.render.OutputFolder;
import io.msupgrade.render.OutputRefusedException;
import io.msupgrade.render.tree.TreeRenderer;
import io.msupgrade.run.CommitMessage;
import io.msupgrade.run.GitRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write the Ansible tree to DIR/ansible/, DIR/PLAN.md and, when the model has new hosts built by"
                + " Terraform, the Terraform tree to DIR/terraform/.",
            "DIR must be new, empty or written by msupgrade before; with --git it may be a repository with files of its own."})
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the deployment model (YAML)")
    Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "the output folder")
    Path output;

    @Option(names = "--force", description = "overwrite generated files that were edited by hand")
    boolean force;

    @Option(names = "--git", description = "DIR is (or becomes) a git repository: commit what changed, leave your own files alone")
    boolean git;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var loaded = ModelInput.load(model, err);
        if (loaded.isEmpty()) {
            return ExitCode.MODEL_INVALID;
        }
        if (git) {
            return generateIntoGit(loaded.get(), out, err);
        }
        return generate(loaded.get(), new OutputFolder(output, false, force), out, err);
    }

    /** Writes into a repository and commits exactly what msupgrade changed, with a message saying why. */
    private int generateIntoGit(Deployment deployment, PrintWriter out, PrintWriter err) throws IOException {
        OutputFolder folder = new OutputFolder(output, true, force);
        Optional<ModelSummary> before = ModelSummary.readFrom(folder.path());
        GitRepository repo = new GitRepository(folder.path(), System.getenv());
        Written written = write(deployment, new Planner().plan(deployment), folder, out, err, () -> {
            try {
                repo.ensureRepository();
                return null;
            } catch (IOException e) {
                err.println("msupgrade: " + e.getMessage());
                err.println("msupgrade: nothing was written");
                return ExitCode.EXTERNAL_FAILED;
            }
        });
        if (written.stopped() != null) {
            return written.stopped();
        }
        if (written.changed().isEmpty()) {
            out.println("msupgrade: no commit: nothing changed");
            return ExitCode.OK;
        }
        List<String> changed = new ArrayList<>(written.changed());
        changed.add(Manifest.PATH);
        String message = CommitMessage.of(ModelSummary.of(deployment), before, deployment.name());
        boolean committed;
        try {
            committed = repo.commit(changed, message);
        } catch (IOException e) {
            err.println("msupgrade: the files are written but " + e.getMessage());
            err.println("msupgrade: review them with git status and commit them yourself");
            return ExitCode.EXTERNAL_FAILED;
        }
        if (committed) {
            // git's own count (a rename is one file to git, a removal and a write to msupgrade)
            out.println("msupgrade: committed (" + repo.lastCommitStat() + "): " + message.lines().findFirst().orElse(""));
        } else {
            out.println("msupgrade: no commit: git sees no change");
        }
        return ExitCode.OK;
    }

    /**
     * The file system said no while files were staged (a full disk, a folder in the way, no
     * permission): {@link OutputFolder} has removed what it staged, so DIR is as it was. Not a bug,
     * so no "internal error" and no exception name: what failed, on which path, and that nothing changed.
     */
    static int cannotWrite(OutputFolder folder, IOException e, PrintWriter err) {
        String why;
        if (e instanceof java.nio.file.FileSystemException fs) {
            String reason = fs.getReason() != null ? fs.getReason()
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NoSuchFileException ? "no such file or folder"
                    : e instanceof java.nio.file.FileAlreadyExistsException ? "already exists" : "cannot be written";
            why = (fs.getFile() != null ? fs.getFile() + ": " : "") + reason;
        } else {
            why = e.getMessage() != null ? e.getMessage() : "an I/O error";
        }
        err.println("msupgrade: cannot write into " + folder.path() + ": " + why);
        err.println("msupgrade: nothing was changed in " + folder.path());
        err.flush();
        return ExitCode.OUTPUT_REFUSED;
    }

    /** Says why there is no DIR/terraform/ when the model builds no new host with Terraform. */
    private static void noTerraform(GeneratedTree tree, OutputFolder folder, PrintWriter out) {
        if (tree.files().keySet().stream().noneMatch(p -> p.startsWith("terraform/"))) {
            out.println("msupgrade: no " + folder.path().resolve("terraform") + "/: no new host of the model is built"
                    + " by Terraform (new_hosts with provision.provider oci, aws or vsphere)");
        }
    }

    /** Plans, renders and writes; shared with the commands that generate before they run. */
    static int generate(Deployment deployment, OutputFolder folder, PrintWriter out, PrintWriter err) throws IOException {
        return generate(deployment, new Planner().plan(deployment), folder, out, err);
    }

    /** Renders {@code plan} (of {@code deployment}) and writes it: for a command that needs the plan itself too. */
    static int generate(Deployment deployment, Plan plan, OutputFolder folder, PrintWriter out, PrintWriter err)
            throws IOException {
        Written written = write(deployment, plan, folder, out, err, () -> null);
        return written.stopped() != null ? written.stopped() : ExitCode.OK;
    }

    /** A step just before the first file is written: null to go on, or the exit code to stop with. */
    @FunctionalInterface
    private interface BeforeWrite {
        Integer run() throws IOException;
    }

    /** What a generation did: the exit code it stopped with (null when it wrote), the paths it changed. */
    private record Written(Integer stopped, List<String> changed) {
    }

    /**
     * The steps every generation shares: check DIR is safe, render, write atomically (nothing when
     * a step fails), say what was written and why there is no terraform/ when there is none.
     */
    private static Written write(Deployment deployment, Plan plan, OutputFolder folder, PrintWriter out,
            PrintWriter err, BeforeWrite beforeWrite) throws IOException {
        try {
            folder.checkSafe();
            GeneratedTree tree = new TreeRenderer().render(deployment, plan);
            Integer stop = beforeWrite.run();
            if (stop != null) {
                return new Written(stop, List.of());
            }
            Optional<Manifest> manifest = WriteCounts.manifestBefore(folder.path());
            List<String> changed;
            try {
                changed = folder.write(tree);
            } catch (IOException e) {
                return new Written(cannotWrite(folder, e, err), List.of());
            }
            out.println(WriteCounts.of(tree, changed, manifest).describe(folder.path()));
            noTerraform(tree, folder, out);
            return new Written(null, changed);
        } catch (OutputRefusedException e) {
            err.println("msupgrade: " + e.getMessage());
            err.println("msupgrade: nothing was written");
            return new Written(e.reason() == OutputRefusedException.Reason.UNSAFE_FOLDER ? ExitCode.USAGE
                    : ExitCode.OUTPUT_REFUSED, List.of());
        }
    }
}
