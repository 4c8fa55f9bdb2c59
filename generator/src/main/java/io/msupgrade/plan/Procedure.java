package io.msupgrade.plan;

import java.util.List;

import io.msupgrade.model.Keyword;

/** The procedure of the chapter a host goes through, with its steps as the plan prints them. */
public enum Procedure implements Keyword {
    /** "Steps for Using In-Place Upgrade on Messaging Server on Linux". */
    INPLACE_LINUX_RPM("inplace-linux-rpm", "In-place upgrade on Linux (rpm)", List.of(
            "stop-msg",
            "stored -r (clean shutdown and recovery)",
            "rpm -e the previous version (configuration is kept)",
            "rpm -i Messaging Server 8.1.0 from media.linux",
            "start-msg")),
    /** "Steps for Using In-Place Upgrade on Messaging Server on Solaris". */
    INPLACE_SOLARIS_SVR4("inplace-solaris-svr4", "In-place upgrade on Solaris (SVR4 packages)", List.of(
            "stop-msg",
            "stored -r (clean shutdown and recovery)",
            "pkgrm the previous version",
            "pkgadd Messaging Server 8.1.0 from media.solaris",
            "start-msg")),
    /** Solaris 11.4 has no pkgadd/pkgrm: the same steps through IPS. */
    INPLACE_SOLARIS_IPS("inplace-solaris-ips", "In-place upgrade on Solaris 11.4 (IPS)", List.of(
            "stop-msg",
            "stored -r (clean shutdown and recovery)",
            "pkg install Messaging Server PACKAGE@8.1.0 from the media.solaris_ips publisher: IPS replaces"
                    + " the previous version in that one step, no pkg uninstall (Solaris 11.4 has no pkgrm/pkgadd;"
                    + " the chapter says to contact Oracle: opted in with target.solaris_ips)",
            "start-msg")),
    /** "Messaging Server 8.1.0 Upgrade in an HA Environment" under Solaris Cluster (scswitch). */
    INPLACE_HA_SOLARIS_CLUSTER("inplace-ha-solaris-cluster", "In-place upgrade under Solaris Cluster", List.of(
            "scswitch -n -j RESOURCE (once for all nodes of the resource)",
            "on every node: pkgrm the previous version (Solaris 11.4: nothing, IPS replaces it in the next step)",
            "on every node: pkgadd Messaging Server 8.1.0 (Solaris 11.4: pkg install PACKAGE@8.1.0)",
            "scswitch -e -j RESOURCE (once, after the last node)")),
    /** The same under Oracle Clusterware (crsctl). */
    INPLACE_HA_CLUSTERWARE("inplace-ha-clusterware", "In-place upgrade under Oracle Clusterware", List.of(
            "crsctl stop resource RESOURCE (once for all nodes of the resource)",
            "on every node: rpm -e the previous version (configuration is kept)",
            "on every node: rpm -i Messaging Server 8.1.0",
            "on every node: upgrade the Messaging Server Oracle Clusterware agent (rpm -e the old agent, rpm -i"
                    + " ha.agent from media.clusterware_agent), while the resource is stopped",
            "crsctl start resource RESOURCE (once, after the last node)")),
    /** Coexistence, classic to classic: imsbackup on the old host, imsrestore on the new one. */
    COEXISTENCE_CLASSIC("coexistence-classic", "Coexistence, classic store to classic store", List.of(
            "the new host is built and installed first (new-host)",
            "stores: move mailboxes with imsbackup on the legacy host and imsrestore on the new one,"
                    + " pilot users first, then a batch at a time",
            "change each moved user's mailHost in the directory",
            "decommission the legacy host when it serves nobody")),
    /** Coexistence, classic to Cassandra: rehostuser into the store affinity group. */
    COEXISTENCE_CASSANDRA("coexistence-cassandra", "Coexistence, classic store to Cassandra store", List.of(
            "the mal host (store affinity group) and the Cassandra ring are built first (new-host)",
            "rehostuser -u UID -d MALHOST for each user, pilot users first, then a batch at a time",
            "decommission the legacy store when it serves nobody")),
    /** A host built for coexistence: rpm -i of 8.1.0, configuration cloned from the old host. */
    NEW_HOST("new-host", "New host for coexistence", List.of(
            "provision (Terraform, unless provider none)",
            "rpm -i Messaging Server 8.1.0 (cassandra hosts: the Cassandra database instead)",
            "configure it: clone the relevant parts of the legacy host's configuration"));

    private final String id;
    private final String title;
    private final List<String> steps;

    Procedure(String id, String title, List<String> steps) {
        this.id = id;
        this.title = title;
        this.steps = steps;
    }

    @Override
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The chapter's steps, one line each, in order. */
    public List<String> steps() {
        return steps;
    }

    public boolean isInPlace() {
        return id.startsWith("inplace-");
    }
}
