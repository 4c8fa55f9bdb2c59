package io.msupgrade.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.msupgrade.model.Component;
import io.msupgrade.model.Deployment;
import io.msupgrade.model.Host;
import io.msupgrade.model.NewHost;
import io.msupgrade.model.Problem;
import io.msupgrade.model.StoreKind;
import io.msupgrade.model.Suggest;
import io.msupgrade.model.Tier;

/**
 * MS012 checks that need the whole model rather than one node (the reader reports the rest of
 * MS012). All are project rules: the file binds, but parts of it contradict each other or would be
 * silently ignored.
 *
 * <ul>
 * <li>An explicit {@code sequence} must list the tier of every component of every host and new host
 * (chapter "Upgrading Messaging Server Overview", step 5, "Selecting the upgrade sequence"): a tier
 * left out would be appended silently in default order. At the {@code sequence} value.</li>
 * <li>A coexistence host's {@code replacement} must name a host under {@code new_hosts}. At the
 * {@code replacement} value. (An in-place host's replacement is MS009.)</li>
 * <li>{@code affinity_group} belongs to {@code mal} and {@code cassandra} new hosts of a Cassandra
 * target, and every {@code mal} host needs one (chapter "About Upgrading to Messaging Server
 * 8.1.0": "installing message access layer hosts, configuring store affinity groups").</li>
 * <li>{@code zfs} is used only by the ZFS back-out of an in-place classic store (chapter
 * "Downgrading Using a ZFS Snapshot (Solaris Only)": "On a host configured with a classic message
 * store"; "Backing out is not relevant to a coexistence migration"). On a Linux host it is MS008
 * instead.</li>
 * <li>Hosts sharing an HA {@code resource} run under the same cluster software.</li>
 * </ul>
 */
public final class ModelConsistencyRules implements Rule {

    @Override
    public List<String> codes() {
        return List.of("MS012");
    }

    @Override
    public List<Problem> check(Deployment model) {
        List<Problem> out = new ArrayList<>();
        sequence(model, out);
        replacements(model, out);
        affinityGroups(model, out);
        zfs(model, out);
        haResources(model, out);
        userBase(model, out);
        return out;
    }

    /**
     * "Specific Steps for Upgrading Messaging Server Using the Coexistence Model", step 4: after
     * imsbackup/imsrestore the moved users must be pointed at the new host in the directory, which
     * needs their entries' DNs (project rule: the model names where they live).
     */
    private static void userBase(Deployment model, List<Problem> out) {
        if (model.directory().userBase() != null || model.target().store() != io.msupgrade.model.StoreKind.CLASSIC) {
            return;
        }
        for (Host h : model.hosts()) {
            if (h.isStore() && h.strategy() == io.msupgrade.model.Strategy.COEXISTENCE) {
                out.add(Problem.error("MS012", model.directory().spans().self(),
                        "missing 'user_base' in directory: store '" + h.name() + "' moves its mailboxes by coexistence,"
                                + " and each moved user's mailHost is changed in the directory at uid=UID,USER_BASE;"
                                + " add e.g. user_base: ou=People,o=example.com (project rule)"));
                return;
            }
        }
    }

    /** Project rule after "Upgrading Messaging Server Overview" step 5: the written order is the whole order. */
    private static void sequence(Deployment model, List<Problem> out) {
        if (model.sequence().isEmpty()) {
            return;
        }
        Map<Tier, String> missing = new LinkedHashMap<>();
        for (Host h : model.hosts()) {
            for (Component c : h.components()) {
                if (!model.sequence().contains(c.tier())) {
                    missing.putIfAbsent(c.tier(), h.name());
                }
            }
        }
        for (NewHost h : model.newHosts()) {
            for (Component c : h.components()) {
                if (!model.sequence().contains(c.tier())) {
                    missing.putIfAbsent(c.tier(), h.name());
                }
            }
        }
        for (Map.Entry<Tier, String> e : missing.entrySet()) {
            out.add(Problem.error("MS012", model.spans().at("sequence"),
                    "'sequence' leaves out tier '" + e.getKey().id() + "', which host '" + e.getValue() + "' is in;"
                            + " add it where it belongs in the order, or remove 'sequence' for the default"
                            + " (project rule)"));
        }
    }

    /** Project rule: a replacement is a reference to new_hosts. */
    private static void replacements(Deployment model, List<Problem> out) {
        List<String> newNames = model.newHosts().stream().map(NewHost::name).toList();
        for (Host h : model.hosts()) {
            if (h.isInPlace() || h.replacement() == null || model.newHost(h.replacement()).isPresent()) {
                continue;
            }
            String why;
            if (model.host(h.replacement()).isPresent()) {
                why = "'" + h.replacement() + "' is a host of today, not a new host; a replacement is built under"
                        + " new_hosts";
            } else if (newNames.isEmpty()) {
                why = "there are no new_hosts; add the new host '" + h.replacement() + "' under new_hosts";
            } else {
                String near = closest(h.replacement(), newNames);
                why = "no new host is called '" + h.replacement() + "'" + (near == null ? "" : " (did you mean '"
                        + near + "'?)") + "; name one of new_hosts, or add it there";
            }
            out.add(Problem.error("MS012", h.spans().at("replacement"),
                    "replacement of host '" + h.name() + "': " + why + " (project rule)"));
        }
    }

    /** "About Upgrading to Messaging Server 8.1.0": store affinity groups are for the Cassandra store. */
    private static void affinityGroups(Deployment model, List<Problem> out) {
        boolean cassandra = model.target().store() == StoreKind.CASSANDRA;
        for (NewHost h : model.newHosts()) {
            // A classic 'store' on a Cassandra target is MS004's "make it mal": count it as mal here.
            boolean cassandraHost = h.has(Component.MAL) || h.has(Component.CASSANDRA)
                    || (cassandra && h.has(Component.STORE));
            if (h.affinityGroup() != null && !cassandra) {
                out.add(Problem.error("MS012", h.spans().at("affinity_group"),
                        "new host '" + h.name() + "' has an affinity_group, but store affinity groups exist only"
                                + " with the Cassandra message store and target.store is classic; remove it"
                                + " (project rule)"));
            } else if (h.affinityGroup() != null && !cassandraHost) {
                out.add(Problem.error("MS012", h.spans().at("affinity_group"),
                        "new host '" + h.name() + "' has an affinity_group but runs neither mal nor cassandra;"
                                + " store affinity groups are for message access layer and Cassandra hosts: remove it"
                                + " (project rule)"));
            } else if (cassandra && h.has(Component.MAL) && h.affinityGroup() == null) {
                out.add(Problem.error("MS012", h.spans().self(),
                        "new host '" + h.name() + "' runs mal but has no affinity_group; add affinity_group: NAME,"
                                + " the store affinity group whose users it serves"
                                + " (chapter: About Upgrading to Messaging Server 8.1.0)"));
            }
        }
    }

    /** "Downgrading Using a ZFS Snapshot (Solaris Only)": the snapshot protects an in-place classic store. */
    private static void zfs(Deployment model, List<Problem> out) {
        for (Host h : model.hosts()) {
            if (h.zfs() == null || !h.os().isSolaris()) {
                continue; // none, or MS008
            }
            if (!h.isStore()) {
                out.add(Problem.error("MS012", h.spans().at("zfs"),
                        "host '" + h.name() + "' has no message store, so the ZFS store snapshot is never used (its"
                                + " back-out reinstalls the previous packages); remove 'zfs' (project rule)"));
            } else if (!h.isInPlace()) {
                out.add(Problem.error("MS012", h.spans().at("zfs"),
                        "host '" + h.name() + "' is upgraded by coexistence, which needs no back-out on it (the old"
                                + " host keeps running), so the ZFS snapshot is never used; remove 'zfs' (project rule)"));
            }
        }
    }

    /** Project rule: one resource, one cluster. */
    private static void haResources(Deployment model, List<Problem> out) {
        Map<String, Host> first = new HashMap<>();
        for (Host h : model.hosts()) {
            if (h.ha() == null || h.ha().resource() == null) {
                continue;
            }
            Host seen = first.putIfAbsent(h.ha().resource(), h);
            if (seen != null && seen.ha().cluster() != h.ha().cluster()) {
                out.add(Problem.error("MS012", h.ha().spans().at("cluster"),
                        "host '" + h.name() + "' shares resource '" + h.ha().resource() + "' with host '"
                                + seen.name() + "', which runs under " + seen.ha().cluster().id() + "; one resource"
                                + " belongs to one cluster: use the same cluster, or another resource name"
                                + " (project rule)"));
            }
        }
    }

    /** The closest name within a small edit distance, or null (model.Suggest's, names compared as written). */
    static String closest(String word, List<String> candidates) {
        return Suggest.nearest(word, candidates);
    }
}
