package io.msupgrade.model;

/** The message store of the target: classic, or Cassandra (needs rehostuser). */
public enum StoreKind implements Keyword {
    CLASSIC("classic"),
    CASSANDRA("cassandra");

    private final String id;

    StoreKind(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
