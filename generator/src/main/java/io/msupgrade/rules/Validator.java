package io.msupgrade.rules;

import java.util.ArrayList;
import java.util.List;

import io.msupgrade.model.Deployment;
import io.msupgrade.model.ModelReader;
import io.msupgrade.model.Problem;
import io.msupgrade.model.ReadResult;

/** Reads a model and runs every rule family over it: all problems in one report, in file order. */
public final class Validator {

    private final List<Rule> rules;

    public Validator() {
        this(RuleSet.all());
    }

    public Validator(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public ReadResult validate(java.nio.file.Path file) {
        return check(new ModelReader().read(file));
    }

    public ReadResult validate(String label, byte[] content) {
        return check(new ModelReader().read(label, content));
    }

    private ReadResult check(ReadResult read) {
        if (read.model().isEmpty()) {
            return read;
        }
        Deployment model = read.model().get();
        List<Problem> problems = new ArrayList<>(read.problems());
        for (Rule rule : rules) {
            problems.addAll(rule.check(model));
        }
        boolean clean = problems.stream().noneMatch(Problem::isError);
        return new ReadResult(clean ? read.model() : java.util.Optional.empty(), problems);
    }
}
