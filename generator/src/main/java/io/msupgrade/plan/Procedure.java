package io.msupgrade.plan;

import io.msupgrade.model.Keyword;

/** The procedure of the chapter a host goes through. */
public enum Procedure implements Keyword {
    /** "Steps for Using In-Place Upgrade on Messaging Server on Linux". */
    INPLACE_LINUX_RPM("inplace-linux-rpm"),
    /** "Steps for Using In-Place Upgrade on Messaging Server on Solaris". */
    INPLACE_SOLARIS_SVR4("inplace-solaris-svr4"),
    /** Solaris 11.4 has no pkgadd/pkgrm: the same steps through IPS. */
    INPLACE_SOLARIS_IPS("inplace-solaris-ips"),
    /** "Messaging Server 8.1.0 Upgrade in an HA Environment" under Solaris Cluster (scswitch). */
    INPLACE_HA_SOLARIS_CLUSTER("inplace-ha-solaris-cluster"),
    /** The same under Oracle Clusterware (crsctl). */
    INPLACE_HA_CLUSTERWARE("inplace-ha-clusterware"),
    /** Coexistence, classic to classic: imsbackup on the old host, imsrestore on the new one. */
    COEXISTENCE_CLASSIC("coexistence-classic"),
    /** Coexistence, classic to Cassandra: rehostuser into the store affinity group. */
    COEXISTENCE_CASSANDRA("coexistence-cassandra"),
    /** A host built for coexistence: rpm -i of 8.1.0, configuration cloned from the old host. */
    NEW_HOST("new-host");

    private final String id;

    Procedure(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
