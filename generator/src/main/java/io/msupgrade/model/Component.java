package io.msupgrade.model;

/**
 * What a host runs. {@code mal} (message access layer) and {@code cassandra} exist only on new
 * hosts of a Cassandra target; both belong to the store tier.
 */
public enum Component implements Keyword {
    STORE("store", Tier.STORE),
    MTA("mta", Tier.MTA),
    MMP("mmp", Tier.MMP),
    WEBMAIL("webmail", Tier.WEBMAIL),
    MAL("mal", Tier.STORE),
    CASSANDRA("cassandra", Tier.STORE);

    private final String id;
    private final Tier tier;

    Component(String id, Tier tier) {
        this.id = id;
        this.tier = tier;
    }

    @Override
    public String id() {
        return id;
    }

    public Tier tier() {
        return tier;
    }

    /** Only existing deployments' components; mal and cassandra are new-host only. */
    public boolean isLegacy() {
        return this == STORE || this == MTA || this == MMP || this == WEBMAIL;
    }
}
