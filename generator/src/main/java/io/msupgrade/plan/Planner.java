package io.msupgrade.plan;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.msupgrade.model.Cluster;
import io.msupgrade.model.Component;
import io.msupgrade.model.Deployment;
import io.msupgrade.model.Host;
import io.msupgrade.model.Migration;
import io.msupgrade.model.MigrationTool;
import io.msupgrade.model.NewHost;
import io.msupgrade.model.Os;
import io.msupgrade.model.Rollout;
import io.msupgrade.model.StoreKind;
import io.msupgrade.model.Strategy;
import io.msupgrade.model.Tier;

/**
 * Turns a valid model into the plan. Deterministic (the same model gives the same plan, hosts in
 * model order) and linear in the number of hosts: every lookup goes through a map built once.
 *
 * <p>Order (chapter, "Upgrading Messaging Server Overview"): comm_dssetup.pl against the Directory
 * Server first, a fixed step before wave 1; then one wave per tier that has hosts, in
 * {@link Deployment#tierOrder()}. A host with several components goes in the wave of its earliest
 * tier. The nodes of one HA resource are upgraded together ("To Do an In-place Upgrade to
 * Messaging Server 8.1.0 in an HA Environment": the resource is disabled once, every node's
 * packages replaced, the resource enabled once), so they share one wave: when their tiers differ,
 * all of them go in the wave of the earliest node's tier, and the plan notes it.
 */
public final class Planner {

    private static final String BIN_BELOW_8 = "sbin";
    private static final String BIN_FROM_8 = "bin";
    /** The wave number of a host upgraded in no wave: coexistence hosts, new hosts. */
    private static final int NO_WAVE = 0;

    public Plan plan(Deployment model) {
        List<Tier> order = model.tierOrder();
        Map<Tier, Integer> rank = new EnumMap<>(Tier.class);
        for (int i = 0; i < order.size(); i++) {
            rank.put(order.get(i), i);
        }
        StoreKind store = model.target().store();
        List<String> notes = new ArrayList<>();

        // Own tier of every host: the earliest of its components in the sequence.
        Map<String, Tier> ownTier = new HashMap<>();
        for (Host h : model.hosts()) {
            ownTier.put(h.name(), tierOf(h.components(), rank));
        }
        for (NewHost n : model.newHosts()) {
            ownTier.put(n.name(), tierOf(n.components(), rank));
        }

        HaResources ha = haResources(model, ownTier, rank, notes);
        Map<String, List<Host>> byResource = ha.nodes();
        Map<String, String> groupOfResource = ha.group();
        Map<String, Tier> waveTierOfResource = ha.waveTier();

        // The tier whose wave each existing host belongs to; pairs and new hosts by tier.
        Map<String, Tier> waveTier = new HashMap<>();
        Map<String, String> legacyOf = new HashMap<>();
        Map<Tier, List<CoexistencePair>> pairsByTier = new EnumMap<>(Tier.class);
        List<CoexistencePair> pairs = new ArrayList<>();
        Set<Tier> used = java.util.EnumSet.noneOf(Tier.class);
        for (Host h : model.hosts()) {
            Tier own = ownTier.get(h.name());
            if (h.isInPlace()) {
                Tier t = own;
                if (h.ha() != null && waveTierOfResource.containsKey(h.ha().resource())) {
                    t = waveTierOfResource.get(h.ha().resource());
                }
                waveTier.put(h.name(), t);
                used.add(t);
            } else {
                used.add(own);
                if (h.replacement() != null) {
                    boolean cassandra = store == StoreKind.CASSANDRA && h.isStore();
                    CoexistencePair p = new CoexistencePair(h.name(), h.replacement(), own,
                            cassandra ? StoreKind.CASSANDRA : StoreKind.CLASSIC, h.isStore());
                    pairs.add(p);
                    pairsByTier.computeIfAbsent(own, t -> new ArrayList<>()).add(p);
                    legacyOf.putIfAbsent(h.replacement(), h.name());
                }
            }
        }
        // New hosts are built in the wave of the host they replace, unpaired ones (a Cassandra ring) in
        // the wave of their own tier; model order, so the model decides what is built first.
        Map<Tier, List<String>> newByTier = new EnumMap<>(Tier.class);
        for (NewHost n : model.newHosts()) {
            String legacy = legacyOf.get(n.name());
            Tier t = legacy != null ? ownTier.get(legacy) : ownTier.get(n.name());
            newByTier.computeIfAbsent(t, x -> new ArrayList<>()).add(n.name());
            used.add(t);
        }

        // Number the waves: one per tier that has hosts, in tier order.
        Map<Tier, Integer> waveNumber = new EnumMap<>(Tier.class);
        for (Tier t : order) {
            if (used.contains(t)) {
                waveNumber.put(t, waveNumber.size() + 1);
            }
        }

        List<HaGroup> haGroups = new ArrayList<>();
        Map<Tier, List<HaGroup>> haByTier = new EnumMap<>(Tier.class);
        for (Map.Entry<String, List<Host>> e : byResource.entrySet()) {
            List<Host> nodes = e.getValue();
            Tier t = waveTierOfResource.get(e.getKey());
            Cluster cluster = nodes.get(0).ha().cluster();
            HaGroup g = new HaGroup(groupOfResource.get(e.getKey()), cluster, e.getKey(),
                    nodes.stream().map(Host::name).toList(), waveNumber.get(t));
            haGroups.add(g);
            haByTier.computeIfAbsent(t, x -> new ArrayList<>()).add(g);
        }

        // Host plans, existing hosts then new hosts, model order.
        List<HostPlan> hostPlans = new ArrayList<>(model.hosts().size() + model.newHosts().size());
        Map<Tier, List<String>> inPlaceByTier = new EnumMap<>(Tier.class);
        for (Host h : model.hosts()) {
            Tier own = ownTier.get(h.name());
            int wave = NO_WAVE;
            String haGroup = null;
            if (h.isInPlace()) {
                Tier t = waveTier.get(h.name());
                wave = waveNumber.get(t);
                inPlaceByTier.computeIfAbsent(t, x -> new ArrayList<>()).add(h.name());
                if (h.ha() != null) {
                    haGroup = groupOfResource.get(h.ha().resource());
                }
            }
            hostPlans.add(existingHostPlan(model, h, own, wave, haGroup));
        }
        for (NewHost n : model.newHosts()) {
            hostPlans.add(newHostPlan(n, ownTier.get(n.name()), legacyOf.get(n.name())));
        }

        Rollout rollout = model.rollout() != null ? model.rollout() : new Rollout(Map.of(), null);
        List<Wave> waves = new ArrayList<>();
        for (Tier t : order) {
            Integer number = waveNumber.get(t);
            if (number == null) {
                continue;
            }
            List<CoexistencePair> wavePairs = pairsByTier.getOrDefault(t, List.of());
            List<String> newHosts = newByTier.getOrDefault(t, List.of());
            waves.add(new Wave(number, t, "wave_" + number, rollout.serialOf(t),
                    inPlaceByTier.getOrDefault(t, List.of()), haByTier.getOrDefault(t, List.of()), wavePairs,
                    newHosts));
        }

        return new Plan(model.name(), model.target().version(), store, model.target().unifiedConfig(),
                model.directory().host(), order, waves, hostPlans, haGroups, pairs, migrationBatches(model), notes);
    }

    /** The HA resources of in-place hosts in order of their first node: nodes, inventory group, wave tier. */
    private record HaResources(Map<String, List<Host>> nodes, Map<String, String> group, Map<String, Tier> waveTier) {
    }

    /**
     * Groups in-place hosts by HA resource. A resource goes in the wave of its earliest node's tier
     * (its nodes are upgraded together); a note says so when its nodes' tiers differ.
     */
    private static HaResources haResources(Deployment model, Map<String, Tier> ownTier, Map<Tier, Integer> rank,
            List<String> notes) {
        Map<String, List<Host>> byResource = new LinkedHashMap<>();
        for (Host h : model.hosts()) {
            if (h.isInPlace() && h.ha() != null && h.ha().resource() != null) {
                byResource.computeIfAbsent(h.ha().resource(), r -> new ArrayList<>()).add(h);
            }
        }
        Map<String, String> groupOfResource = new HashMap<>();
        Map<String, Tier> waveTierOfResource = new HashMap<>();
        Set<String> groupNames = new HashSet<>();
        for (Map.Entry<String, List<Host>> e : byResource.entrySet()) {
            String group = uniqueGroupName(e.getKey(), groupNames);
            groupOfResource.put(e.getKey(), group);
            Tier earliest = null;
            boolean mixed = false;
            for (Host node : e.getValue()) {
                Tier t = ownTier.get(node.name());
                if (earliest != null && t != earliest) {
                    mixed = true;
                }
                if (earliest == null || rank.get(t) < rank.get(earliest)) {
                    earliest = t;
                }
            }
            waveTierOfResource.put(e.getKey(), earliest);
            if (mixed) {
                List<String> described = new ArrayList<>();
                for (Host node : e.getValue()) {
                    described.add(node.name() + " (" + ownTier.get(node.name()).id() + ")");
                }
                notes.add("HA resource " + e.getKey() + ": nodes " + String.join(", ", described)
                        + " are upgraded together, all in the " + earliest.id()
                        + " wave, the earliest of their tiers");
            }
        }
        return new HaResources(byResource, groupOfResource, waveTierOfResource);
    }

    /**
     * An existing host: upgraded in place in its wave ({@code wave}, {@code haGroup} when its HA
     * resource is upgraded as one), or the legacy side of a coexistence pair (wave 0).
     */
    private static HostPlan existingHostPlan(Deployment model, Host h, Tier own, int wave, String haGroup) {
        StoreKind store = model.target().store();
        String zfsDataset = h.isInPlace() && h.isStore() && h.zfs() != null ? h.zfs().storeDataset() : null;
        HostPlan.Existing today = new HostPlan.Existing(h.version(), haGroup, zfsDataset, model.configLayout(h));
        return new HostPlan(h.name(), h.components(), own, h.strategy(), procedure(h, store), packaging(h.os()),
                backout(h), wave, h.version().major() < 8 ? BIN_BELOW_8 : BIN_FROM_8,
                h.isInPlace() ? null : h.replacement(), h.os(), h.arch(), today);
    }

    /** A new host: installed fresh with 8.1.0 by coexistence, never in a wave of its own. */
    private static HostPlan newHostPlan(NewHost n, Tier own, String legacy) {
        HostPlan.New built = new HostPlan.New(n.provision() == null ? null : n.provision().provider(),
                n.affinityGroup());
        return new HostPlan(n.name(), n.components(), own, Strategy.COEXISTENCE, Procedure.NEW_HOST,
                packaging(n.os()), Backout.NONE, NO_WAVE, BIN_FROM_8, legacy, n.os(), n.arch(), built);
    }

    /** How mailboxes move: the model's migration block, or the target store's default tool and batch sizes. */
    private static MigrationBatches migrationBatches(Deployment model) {
        Migration m = model.migration();
        MigrationTool defaultTool = MigrationTool.defaultFor(model.target().store());
        return m == null
                ? new MigrationBatches(List.of(), Migration.DEFAULT_BATCH_SIZE, Migration.DEFAULT_PARALLEL_BATCHES,
                        defaultTool, null)
                : new MigrationBatches(m.pilotUsers(), m.batchSize(), m.parallelBatches(),
                        m.tool() == null ? defaultTool : m.tool(), m.controllerStagingDir());
    }

    /** The inventory group of an HA resource: {@code ha_} and the resource, lower case, other characters as {@code _}. */
    public static String haGroupName(String resource) {
        return "ha_" + resource.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** Two resources that differ only in punctuation ("msg-rs", "msg.rs") must not share a group. */
    private static String uniqueGroupName(String resource, Set<String> taken) {
        String base = haGroupName(resource);
        String name = base;
        for (int i = 2; !taken.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    private static Tier tierOf(List<Component> components, Map<Tier, Integer> rank) {
        Tier best = null;
        for (Component c : components) {
            Tier t = c.tier();
            if (best == null || rank.get(t) < rank.get(best)) {
                best = t;
            }
        }
        return best == null ? Tier.STORE : best;
    }

    static Procedure procedure(Host h, StoreKind target) {
        if (h.strategy() == Strategy.COEXISTENCE) {
            // Chapter: classic to Cassandra moves users with rehostuser; everything else is classic to classic.
            return target == StoreKind.CASSANDRA && h.isStore()
                    ? Procedure.COEXISTENCE_CASSANDRA : Procedure.COEXISTENCE_CLASSIC;
        }
        if (h.ha() != null) {
            return h.ha().cluster() == Cluster.CLUSTERWARE
                    ? Procedure.INPLACE_HA_CLUSTERWARE : Procedure.INPLACE_HA_SOLARIS_CLUSTER;
        }
        if (h.os().isLinux()) {
            return Procedure.INPLACE_LINUX_RPM;
        }
        return h.os().isSolaris114() ? Procedure.INPLACE_SOLARIS_IPS : Procedure.INPLACE_SOLARIS_SVR4;
    }

    static Packaging packaging(Os os) {
        if (os.isLinux()) {
            return Packaging.RPM;
        }
        // "legacy package commands like pkginfo, pkgadd, and pkgrm are not available in Solaris 11.4"
        return os.isSolaris114() ? Packaging.IPS : Packaging.SVR4;
    }

    /** Chapter, "Downgrading from Messaging Server 8.1.0" and its three sections. */
    static Backout backout(Host h) {
        if (!h.isInPlace()) {
            return Backout.NONE; // "you always have the system with the previous version ... still running"
        }
        if (!h.isStore()) {
            return Backout.PACKAGE_REINSTALL; // "Downgrading MTA, MMP, or Webmail Hosts"
        }
        return h.zfs() != null && h.os().isSolaris() ? Backout.ZFS_SNAPSHOT : Backout.FULL_BACKUP;
    }
}
