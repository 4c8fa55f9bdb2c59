package io.msupgrade.run.rehearsal;

import io.msupgrade.model.Keyword;

/** What a rehearsal proves (see docs/rehearsal.md). */
public enum Scenario implements Keyword {
    /** The whole plan; every host on the target, every message where it belongs, a rerun changes nothing. */
    UPGRADE("upgrade"),
    /** The upgrade, new mail, then every back-out; every host on its previous version, nothing lost. */
    ROLLBACK("rollback"),
    /** A failure at each distinct step: the run stops there, later waves do not start, a rerun finishes. */
    FAULTS("faults");

    private final String id;

    Scenario(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
