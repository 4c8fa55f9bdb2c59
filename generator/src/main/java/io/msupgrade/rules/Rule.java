package io.msupgrade.rules;

import java.util.List;

import io.msupgrade.model.Deployment;
import io.msupgrade.model.Problem;

/**
 * One family of checks over a bound model. Each implementation cites the chapter section it
 * enforces and reports every problem it finds, located at the node to change.
 */
public interface Rule {

    /** The codes this family can report, e.g. MS001. */
    List<String> codes();

    List<Problem> check(Deployment model);
}
