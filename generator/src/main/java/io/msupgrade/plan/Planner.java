package io.msupgrade.plan;

import io.msupgrade.model.Deployment;

/** Turns a valid model into the plan. (Being written.) */
public final class Planner {

    public Plan plan(Deployment model) {
        throw new UnsupportedOperationException("planner not written yet");
    }
}
