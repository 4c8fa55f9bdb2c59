package io.msupgrade.model;

/** The cluster software an HA host runs under. */
public enum Cluster implements Keyword {
    SOLARIS_CLUSTER("solaris-cluster"),
    CLUSTERWARE("clusterware");

    private final String id;

    Cluster(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
