package io.msupgrade.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.msupgrade.model.Deployment;
import io.msupgrade.model.Problem;
import io.msupgrade.model.ReadResult;
import io.msupgrade.rules.Validator;

/** Reads and validates the model every command starts from, printing its problems gcc-style. */
final class ModelInput {

    private ModelInput() {
    }

    /** The valid model, or empty after printing why; for the commands that write (generate, rehearse, ...). */
    static Optional<Deployment> load(Path file, PrintWriter err) {
        return load(file, err, true);
    }

    /**
     * The valid model, or empty after printing why (the caller exits {@link ExitCode#MODEL_INVALID}).
     * A model file that is not there, is a folder or cannot be read is a usage error, not an invalid
     * model: the command line named the wrong file ({@link UsageException}, exit 2).
     *
     * @param writes whether the command would have written something: then the summary says nothing was
     */
    static Optional<Deployment> load(Path file, PrintWriter err, boolean writes) {
        if (!Files.exists(file)) {
            throw new UsageException("no such model file: " + file);
        }
        if (Files.isDirectory(file)) {
            throw new UsageException("the model " + file + " is a folder; name the model's YAML file");
        }
        if (!Files.isReadable(file)) {
            throw new UsageException("the model file " + file + " cannot be read (permission denied)");
        }
        ReadResult result = new Validator().validate(file);
        for (Problem p : result.problems()) {
            err.println(p.format());
        }
        if (result.hasErrors()) {
            long errors = result.problems().stream().filter(Problem::isError).count();
            err.println(file + ": " + errors + (errors == 1 ? " error" : " errors") + (writes ? "; nothing was written" : ""));
        }
        err.flush();
        return result.model();
    }

    /** The command line asks for something that cannot be: reported like picocli's own usage errors, exit 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
