package io.msupgrade.rules;

import java.util.List;

/** Every rule family, in the order their codes run. */
public final class RuleSet {

    private RuleSet() {
    }

    public static List<Rule> all() {
        return List.of();
    }
}
