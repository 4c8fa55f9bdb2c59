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
 */
public final class HaRules implements Rule {

    @Override
    public List<String> codes() {
        return List.of("MS011");
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
        }
        return out;
    }
}
