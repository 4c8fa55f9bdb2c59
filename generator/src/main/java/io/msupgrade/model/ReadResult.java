package io.msupgrade.model;

import java.util.List;
import java.util.Optional;

/** What reading a model gives: the model when it could be bound, and every problem met on the way. */
public record ReadResult(Optional<Deployment> model, List<Problem> problems) {

    public ReadResult {
        problems = problems.stream().sorted(Problem.IN_FILE_ORDER).toList();
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }
}
