package io.msupgrade.rules;

import java.util.ArrayList;
import java.util.List;

import io.msupgrade.model.Cluster;
import io.msupgrade.model.Deployment;
import io.msupgrade.model.Host;
import io.msupgrade.model.Problem;

/**
 * Hosts under a cluster: MS011.
 *
 * <p>Chapter "Messaging Server 8.1.0 Upgrade in an HA Environment" ("To Do an In-place Upgrade to
 * Messaging Server 8.1.0 in an HA Environment"): the Messaging Server resource is disabled before
 * the packages change and enabled after ({@code scswitch -n|-e -j msg_svr_resource}), so an
 * {@code ha} block must name its {@code resource} — reported at the {@code ha} mapping when it is
 * missing. Which cluster software fits which OS is a project rule: Solaris Cluster
 * ({@code scswitch}) runs on Solaris only and Oracle Clusterware ({@code crsctl}) is used on Linux
 * only — reported at the {@code cluster} value.
 *
 * <p>MS019 — same chapter: "Upgrading Messaging Server in a highly-available (HA) environment consists
 * of upgrading the Messaging Server software then upgrading the Messaging Oracle Clusterware Agent."
 * An in-place host under {@code clusterware} must name the agent's packages ({@code ha.agent},
 * reported at its {@code ha} mapping) and the model must say where the 8.1.0 agent RPMs are
 * ({@code media.clusterware_agent}, reported once at {@code media}): without them the resource would
 * be started again with the old agent. An error, not a warning: the chapter makes the agent part of
 * the HA upgrade, and a warning would let a plan run that leaves the cluster on an agent older than
 * Messaging Server. The nodes of one resource share one agent (reported at the later node's
 * {@code agent}); {@code agent} under {@code solaris-cluster} is refused (the media key holds
 * Clusterware RPMs; the chapter names the Clusterware agent only).
 */
public final class HaRules implements Rule {

    @Override
    public List<String> codes() {
        return List.of("MS011", "MS019");
    }

    @Override
    public List<Problem> check(Deployment model) {
        List<Problem> out = new ArrayList<>();
        for (Host host : model.hosts()) {
            Host.Ha ha = host.ha();
            if (ha == null) {
                continue;
            }
            // "To Do an In-place Upgrade to Messaging Server 8.1.0 in an HA Environment": the resource is switched.
            if (ha.resource() == null) {
                out.add(Problem.error("MS011", ha.spans().self(),
                        "host '" + host.name() + "' runs under " + ha.cluster().id() + " but 'ha' names no 'resource';"
                                + " add resource: NAME, the Messaging Server resource to disable before the upgrade"
                                + " and enable after (chapter: Messaging Server 8.1.0 Upgrade in an HA Environment)"));
            }
            // Project rule: scswitch is Solaris Cluster's, crsctl is Oracle Clusterware's on Linux.
            if (ha.cluster() == Cluster.CLUSTERWARE && !host.os().isLinux()) {
                out.add(Problem.error("MS011", ha.spans().at("cluster"),
                        "host '" + host.name() + "' runs " + host.os() + ", but msupgrade drives Oracle Clusterware"
                                + " (crsctl) on Linux only; use cluster: solaris-cluster on Solaris (project rule)"));
            } else if (ha.cluster() == Cluster.SOLARIS_CLUSTER && !host.os().isSolaris()) {
                out.add(Problem.error("MS011", ha.spans().at("cluster"),
                        "host '" + host.name() + "' runs " + host.os() + ", but Solaris Cluster (scswitch) runs on"
                                + " Solaris only; use cluster: clusterware on Linux (project rule)"));
            }
            agent(model, host, ha, out);
        }
        List<String> needing = model.hosts().stream()
                .filter(h -> h.isInPlace() && h.ha() != null && h.ha().cluster() == Cluster.CLUSTERWARE)
                .map(Host::name).toList();
        if (!needing.isEmpty() && model.media().clusterwareAgent() == null) {
            out.add(Problem.error("MS019", model.media().spans().self(),
                    PlatformRules.hostList(needing) + PlatformRules.verb(needing, " runs", " run")
                            + " under Oracle Clusterware, whose Messaging Server agent is upgraded after the software:"
                            + " add media.clusterware_agent, the directory of the 8.1.0 agent RPMs"
                            + " (chapter: Messaging Server 8.1.0 Upgrade in an HA Environment)"));
        }
        return out;
    }

    /** MS019: the Clusterware agent is named on every in-place node, the same on all nodes of a resource. */
    private static void agent(Deployment model, Host host, Host.Ha ha, List<Problem> out) {
        if (ha.cluster() == Cluster.SOLARIS_CLUSTER) {
            if (!ha.agent().isEmpty()) {
                out.add(Problem.error("MS019", ha.spans().at("agent"),
                        "host '" + host.name() + "' runs under solaris-cluster, but 'agent' names Oracle Clusterware"
                                + " agent packages (media.clusterware_agent); remove it"
                                + " (chapter: Messaging Server 8.1.0 Upgrade in an HA Environment)"));
            }
            return;
        }
        if (!host.isInPlace()) {
            return;
        }
        if (ha.agent().isEmpty()) {
            out.add(Problem.error("MS019", ha.spans().self(),
                    "host '" + host.name() + "' runs under clusterware but 'ha' names no 'agent': an HA upgrade is"
                            + " \"upgrading the Messaging Server software then upgrading the Messaging Oracle"
                            + " Clusterware Agent\"; add agent: [PACKAGE, ...], the agent's package names in"
                            + " media.clusterware_agent (chapter: Messaging Server 8.1.0 Upgrade in an HA Environment)"));
            return;
        }
        for (Host other : model.hosts()) {
            if (other == host) {
                break;
            }
            if (other.ha() != null && other.isInPlace() && ha.resource() != null
                    && ha.resource().equals(other.ha().resource()) && !other.ha().agent().isEmpty()
                    && !other.ha().agent().equals(ha.agent())) {
                out.add(Problem.error("MS019", ha.spans().at("agent"),
                        "host '" + host.name() + "' names agent " + ha.agent() + " but '" + other.name()
                                + "', a node of the same resource " + ha.resource() + ", names " + other.ha().agent()
                                + "; the nodes of one resource run one agent: write the same list"
                                + " (chapter: Messaging Server 8.1.0 Upgrade in an HA Environment)"));
                return;
            }
        }
    }
}
