package io.msupgrade.model;

import java.util.List;

/** The tiers that {@code sequence} orders; a host upgrades in the wave of its earliest tier. */
public enum Tier implements Keyword {
    STORE("store"),
    MTA("mta"),
    MMP("mmp"),
    WEBMAIL("webmail");

    /** Model v1, "Default tier order": stores first for a classic target. */
    public static final List<Tier> CLASSIC_ORDER = List.of(STORE, MTA, MMP, WEBMAIL);
    /**
     * Front-ends first for a Cassandra target: they must run 8.0.1 or later before store affinity
     * groups and rehosting can work.
     */
    public static final List<Tier> CASSANDRA_ORDER = List.of(MTA, MMP, WEBMAIL, STORE);

    private final String id;

    Tier(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
