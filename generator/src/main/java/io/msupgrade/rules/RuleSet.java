package io.msupgrade.rules;

import java.util.List;

/** Every rule family, in the order their codes run. */
public final class RuleSet {

    private RuleSet() {
    }

    public static List<Rule> all() {
        return List.of(
                new UpgradePathRules(),      // MS001, MS002, MS014
                new StoreKindRules(),        // MS003, MS004
                new PlatformRules(),         // MS005, MS007, MS008, MS010, MS013, MS019
                new StrategyRules(),         // MS006, MS009, MS015, MS016
                new HaRules(),               // MS011
                new ModelConsistencyRules(), // MS012 (whole-model checks; the reader reports the rest)
                new MediaRules(),            // MS017, MS018
                new MigrationRules());       // MS021
    }
}
