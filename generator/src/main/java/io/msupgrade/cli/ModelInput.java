package io.msupgrade.cli;

import java.io.PrintWriter;
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

    /** The valid model, or empty after printing why (the caller exits {@link ExitCode#MODEL_INVALID}). */
    static Optional<Deployment> load(Path file, PrintWriter err) {
        ReadResult result = new Validator().validate(file);
        for (Problem p : result.problems()) {
            err.println(p.format());
        }
        if (result.hasErrors()) {
            long errors = result.problems().stream().filter(Problem::isError).count();
            err.println(file + ": " + errors + (errors == 1 ? " error" : " errors") + "; nothing was written");
        }
        err.flush();
        return result.model();
    }
}
