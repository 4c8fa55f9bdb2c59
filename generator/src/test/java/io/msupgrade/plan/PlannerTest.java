package io.msupgrade.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.msupgrade.model.Arch;
import io.msupgrade.model.Backup;
import io.msupgrade.model.Cluster;
import io.msupgrade.model.Component;
import io.msupgrade.model.Deployment;
import io.msupgrade.model.Directory;
import io.msupgrade.model.Host;
import io.msupgrade.model.Location;
import io.msupgrade.model.Media;
import io.msupgrade.model.Migration;
import io.msupgrade.model.ModelReader;
import io.msupgrade.model.Os;
import io.msupgrade.model.ReadResult;
import io.msupgrade.model.Rollout;
import io.msupgrade.model.Spans;
import io.msupgrade.model.StoreKind;
import io.msupgrade.model.Strategy;
import io.msupgrade.model.Target;
import io.msupgrade.model.Tier;
import io.msupgrade.model.Version;
import io.msupgrade.render.plan.PlanFormat;

/**
 * The planner on small models, bound by the model reader only (no rules), so each test shows one
 * decision of the chapter.
 */
class PlannerTest {

    private static final String HEAD = """
            model: msupgrade/v1
            deployment: t
            target: { version: 8.1.0.26.0, store: %s }
            media: { linux: /m/l, solaris: /m/s, solaris_ips: http://pkg.example/ms, dssetup: /m/d }
            directory: { host: ldap.example, password_var: vault_pw }
            """;

    private static Plan plan(String store, String rest) {
        String yaml = HEAD.formatted(store) + rest;
        ReadResult r = new ModelReader().read("test.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        assertTrue(r.model().isPresent(), () -> "model does not bind: " + r.problems());
        return new Planner().plan(r.model().get());
    }

    private static Plan classic(String rest) {
        return plan("classic", rest);
    }

    private static String host(String name, String components, String os, String arch, String version,
                               String strategy, String extra) {
        return "  - { name: " + name + ", components: [" + components + "], os: " + os + ", arch: " + arch
                + ", version: " + version + ", strategy: " + strategy + extra + " }\n";
    }

    private static String linux(String name, String components) {
        return host(name, components, "oracle-linux-8", "x86_64", "8.0.2.3.0", "in-place", "");
    }

    private static HostPlan hp(Plan p, String name) {
        return p.host(name).orElseThrow();
    }

    @Test
    void procedureAndPackagingPerHostType() {
        Plan p = classic("hosts:\n"
                + linux("lx", "mta")
                + host("s113", "mta", "solaris-11.3", "sparc", "8.0.2.3.0", "in-place", "")
                + host("s114", "mta", "solaris-11.4", "sparc", "8.0.2.3.0", "in-place", "")
                + host("sc", "store", "solaris-11.3", "sparc", "8.0.2.3.0", "in-place",
                        ", ha: { cluster: solaris-cluster, resource: rs1 }")
                + host("cw", "store", "oracle-linux-7", "x86_64", "8.0.2.3.0", "in-place",
                        ", ha: { cluster: clusterware, resource: ora.ms }")
                + host("old", "store", "solaris-11.3", "sparc", "7.0.5.33.0", "coexistence", ", replacement: new1")
                + "new_hosts:\n"
                + "  - { name: new1, components: [store], os: oracle-linux-8, arch: x86_64,"
                + " provision: { provider: none } }\n");
        assertEquals(Procedure.INPLACE_LINUX_RPM, hp(p, "lx").procedure());
        assertEquals(Packaging.RPM, hp(p, "lx").packaging());
        assertEquals(Procedure.INPLACE_SOLARIS_SVR4, hp(p, "s113").procedure());
        assertEquals(Packaging.SVR4, hp(p, "s113").packaging());
        assertEquals(Procedure.INPLACE_SOLARIS_IPS, hp(p, "s114").procedure());
        assertEquals(Packaging.IPS, hp(p, "s114").packaging());
        assertEquals(Procedure.INPLACE_HA_SOLARIS_CLUSTER, hp(p, "sc").procedure());
        assertEquals(Procedure.INPLACE_HA_CLUSTERWARE, hp(p, "cw").procedure());
        assertEquals(Procedure.COEXISTENCE_CLASSIC, hp(p, "old").procedure());
        assertEquals(Procedure.NEW_HOST, hp(p, "new1").procedure());
        assertTrue(hp(p, "new1").newHost());
        assertEquals(Strategy.COEXISTENCE, hp(p, "new1").strategy());
        // Hosts in model order, new hosts last.
        assertEquals(List.of("lx", "s113", "s114", "sc", "cw", "old", "new1"),
                p.hosts().stream().map(HostPlan::name).toList());
    }

    @Test
    void coexistenceToCassandraForStoresOnly() {
        Plan p = plan("cassandra", "hosts:\n"
                + host("st", "store", "oracle-linux-7", "x86_64", "8.0.2.3.0", "coexistence", ", replacement: mal1")
                + host("mt", "mta", "oracle-linux-7", "x86_64", "8.0.2.3.0", "coexistence", ", replacement: mt-new")
                + "new_hosts:\n"
                + "  - { name: mal1, components: [mal], os: oracle-linux-8, arch: x86_64, affinity_group: sag1 }\n"
                + "  - { name: mt-new, components: [mta], os: oracle-linux-8, arch: x86_64 }\n"
                + "  - { name: cass1, components: [cassandra], os: oracle-linux-8, arch: x86_64 }\n");
        assertEquals(Procedure.COEXISTENCE_CASSANDRA, hp(p, "st").procedure());
        assertEquals(Procedure.COEXISTENCE_CLASSIC, hp(p, "mt").procedure());
        assertEquals("sag1", hp(p, "mal1").affinityGroup());
        assertEquals(Tier.STORE, hp(p, "mal1").tier());
        assertEquals(Tier.STORE, hp(p, "cass1").tier());
        CoexistencePair store = p.pairs().get(0);
        assertEquals(new CoexistencePair("st", "mal1", Tier.STORE, StoreKind.CASSANDRA, true), store);
        assertEquals(new CoexistencePair("mt", "mt-new", Tier.MTA, StoreKind.CLASSIC, false), p.pairs().get(1));
        assertEquals("mal1", hp(p, "st").pairedWith());
        assertEquals("st", hp(p, "mal1").pairedWith());
        assertNull(hp(p, "cass1").pairedWith());
        // Cassandra order: front-ends first; the unpaired ring is built in the store wave.
        assertEquals(List.of(Tier.MTA, Tier.STORE), p.waves().stream().map(Wave::tier).toList());
        Wave storeWave = p.waves().get(1);
        assertEquals(List.of("mal1", "cass1"), storeWave.newHosts());
        assertEquals(List.of(store), storeWave.pairs());
        assertEquals(List.of("mt-new"), p.waves().get(0).newHosts());
        assertTrue(p.movesMailboxes());
    }

    @Test
    void backoutPerHost() {
        Plan p = classic("hosts:\n"
                + host("zfs", "store", "solaris-11.3", "sparc", "8.0.2.3.0", "in-place",
                        ", zfs: { store_dataset: rpool/export/comms-data }")
                + host("nozfs", "store", "solaris-11.3", "sparc", "8.0.2.3.0", "in-place", "")
                + linux("lxstore", "store")
                + linux("relay", "mta")
                + host("both", "mta, store", "solaris-11.3", "sparc", "8.0.2.3.0", "in-place",
                        ", zfs: { store_dataset: rpool/ms }")
                + host("coex", "store", "solaris-11.3", "sparc", "8.0.2.3.0", "coexistence", ", replacement: n")
                + "new_hosts:\n  - { name: n, components: [store], os: oracle-linux-8, arch: x86_64 }\n");
        assertEquals(Backout.ZFS_SNAPSHOT, hp(p, "zfs").backout());
        assertEquals("rpool/export/comms-data", hp(p, "zfs").zfsDataset());
        assertEquals(Backout.FULL_BACKUP, hp(p, "nozfs").backout());
        assertEquals(Backout.FULL_BACKUP, hp(p, "lxstore").backout());
        assertEquals(Backout.PACKAGE_REINSTALL, hp(p, "relay").backout());
        assertEquals(Backout.ZFS_SNAPSHOT, hp(p, "both").backout(), "a host with a store backs out as a store");
        assertEquals(Backout.NONE, hp(p, "coex").backout());
        assertEquals(Backout.NONE, hp(p, "n").backout());
    }

    @Test
    void binSubdirSbinBelow8() {
        Plan p = classic("hosts:\n"
                + host("v7", "mta", "oracle-linux-7", "x86_64", "7.0.5.33.0", "in-place", "")
                + host("v8", "mta", "oracle-linux-7", "x86_64", "8.0", "in-place", "")
                + host("v801", "mta", "oracle-linux-7", "x86_64", "8.0.1.3.0", "in-place", "")
                + host("c7", "store", "oracle-linux-7", "x86_64", "7.0.5.33.0", "coexistence", ", replacement: n")
                + "new_hosts:\n  - { name: n, components: [store], os: oracle-linux-8, arch: x86_64 }\n");
        assertEquals("sbin", hp(p, "v7").binSubdir());
        assertEquals("bin", hp(p, "v8").binSubdir());
        assertEquals("bin", hp(p, "v801").binSubdir());
        assertEquals("sbin", hp(p, "c7").binSubdir());
        assertEquals("bin", hp(p, "n").binSubdir());
    }

    private static final String ONE_PER_TIER = "hosts:\n"
            + linux("web", "webmail") + linux("mmp", "mmp") + linux("mta", "mta")
            + host("st", "store", "oracle-linux-7", "x86_64", "8.0.2.3.0", "in-place", "");

    @Test
    void classicWavesStoresFirst() {
        Plan p = classic(ONE_PER_TIER);
        assertEquals(List.of(Tier.STORE, Tier.MTA, Tier.MMP, Tier.WEBMAIL),
                p.waves().stream().map(Wave::tier).toList());
        assertEquals(List.of(1, 2, 3, 4), p.waves().stream().map(Wave::number).toList());
        assertEquals(List.of("wave_1", "wave_2", "wave_3", "wave_4"), p.waves().stream().map(Wave::group).toList());
        assertEquals(1, hp(p, "st").wave());
        assertEquals(4, hp(p, "web").wave());
        assertEquals("1", p.waves().get(0).serial());
        assertEquals("50%", p.waves().get(1).serial());
        assertEquals("ldap.example", p.directoryHost());
    }

    @Test
    void cassandraWavesFrontEndsFirst() {
        Plan p = plan("cassandra", "hosts:\n"
                + linux("web", "webmail") + linux("mmp", "mmp") + linux("mta", "mta")
                + host("st", "store", "oracle-linux-7", "x86_64", "8.0.2.3.0", "coexistence", ", replacement: m")
                + "new_hosts:\n  - { name: m, components: [mal], os: oracle-linux-8, arch: x86_64 }\n");
        assertEquals(List.of(Tier.MTA, Tier.MMP, Tier.WEBMAIL, Tier.STORE),
                p.waves().stream().map(Wave::tier).toList());
        Wave last = p.waves().get(3);
        assertEquals(4, last.number());
        assertTrue(last.hosts().isEmpty(), "coexistence hosts are not in a wave's in-place hosts");
        assertEquals(0, hp(p, "st").wave());
        assertEquals(0, hp(p, "m").wave());
    }

    @Test
    void explicitSequenceAndSerial() {
        Plan p = classic("sequence: [mta, store]\n"
                + "rollout: { serial: { mta: 1, store: \"25%\" } }\n" + ONE_PER_TIER);
        assertEquals(List.of(Tier.MTA, Tier.STORE, Tier.MMP, Tier.WEBMAIL), p.tierOrder());
        assertEquals(List.of(Tier.MTA, Tier.STORE, Tier.MMP, Tier.WEBMAIL),
                p.waves().stream().map(Wave::tier).toList());
        assertEquals("1", p.waves().get(0).serial());
        assertEquals("25%", p.waves().get(1).serial());
        assertEquals(2, hp(p, "st").wave());
    }

    @Test
    void tiersWithoutHostsGetNoWave() {
        Plan p = classic("hosts:\n" + linux("web", "webmail") + linux("mta", "mta"));
        assertEquals(List.of(Tier.MTA, Tier.WEBMAIL), p.waves().stream().map(Wave::tier).toList());
        assertEquals(List.of(1, 2), p.waves().stream().map(Wave::number).toList());
        assertEquals(2, hp(p, "web").wave());
    }

    @Test
    void multiComponentHostInEarliestTiersWave() {
        String hosts = "hosts:\n" + linux("combo", "webmail, mta") + linux("st", "store") + linux("m", "mmp");
        Plan classic = classic(hosts);
        assertEquals(Tier.MTA, hp(classic, "combo").tier());
        assertEquals(2, hp(classic, "combo").wave());
        assertEquals(List.of("combo"), classic.waves().get(1).hosts());
        assertEquals(List.of(Tier.STORE, Tier.MTA, Tier.MMP), classic.waves().stream().map(Wave::tier).toList());

        Plan seq = classic("sequence: [webmail, mmp, mta, store]\n" + hosts);
        assertEquals(Tier.WEBMAIL, hp(seq, "combo").tier());
        assertEquals(1, hp(seq, "combo").wave());
    }

    @Test
    void haNodesUpgradeTogetherInOneWave() {
        Plan p = classic("hosts:\n"
                + host("a", "store", "solaris-11.3", "sparc", "8.0.2.3.0", "in-place",
                        ", ha: { cluster: solaris-cluster, resource: msg-svr.rs }")
                + linux("relay", "mta")
                + host("b", "store", "solaris-11.3", "sparc", "8.0.2.3.0", "in-place",
                        ", ha: { cluster: solaris-cluster, resource: msg-svr.rs }"));
        assertEquals(1, p.haGroups().size());
        HaGroup g = p.haGroups().get(0);
        assertEquals(new HaGroup("ha_msg_svr_rs", Cluster.SOLARIS_CLUSTER, "msg-svr.rs", List.of("a", "b"), 1), g);
        assertEquals("ha_msg_svr_rs", hp(p, "a").haGroup());
        assertEquals(List.of(g), p.waves().get(0).haGroups());
        assertEquals(List.of("a", "b"), p.waves().get(0).hosts());
        assertNull(hp(p, "relay").haGroup());
        assertTrue(p.notes().isEmpty());
    }

    @Test
    void haNodesOfDifferentTiersMoveToTheEarliestWave() {
        Plan p = classic("hosts:\n"
                + host("relay", "mta", "oracle-linux-8", "x86_64", "8.0.2.3.0", "in-place",
                        ", ha: { cluster: clusterware, resource: ora.msg }")
                + host("store", "store", "oracle-linux-8", "x86_64", "8.0.2.3.0", "in-place",
                        ", ha: { cluster: clusterware, resource: ora.msg }")
                + linux("mta2", "mta"));
        assertEquals(1, hp(p, "relay").wave());
        assertEquals(1, hp(p, "store").wave());
        assertEquals(Tier.MTA, hp(p, "relay").tier(), "its own tier stays; only the wave moves");
        assertEquals(2, hp(p, "mta2").wave());
        assertEquals(List.of("relay", "store"), p.waves().get(0).hosts());
        assertEquals(1, p.haGroups().get(0).wave());
        assertEquals(1, p.notes().size());
        assertTrue(p.notes().get(0).contains("relay (mta)") && p.notes().get(0).contains("store wave"),
                p.notes().get(0));
    }

    @Test
    void haGroupNames() {
        assertEquals("ha_msg_svr_resource", Planner.haGroupName("msg_svr_resource"));
        assertEquals("ha_ora_msg_store", Planner.haGroupName("ora.msg.store"));
        assertEquals("ha_msg_rs", Planner.haGroupName("Msg-RS"));
        Plan p = classic("hosts:\n"
                + linux("a", "mta").replace(" }", ", ha: { cluster: clusterware, resource: msg-rs } }")
                + linux("b", "mta").replace(" }", ", ha: { cluster: clusterware, resource: msg.rs } }"));
        assertEquals(List.of("ha_msg_rs", "ha_msg_rs_2"), p.haGroups().stream().map(HaGroup::group).toList());
    }

    @Test
    void migrationBatches() {
        Plan p = classic("migration: { batch_size: 10, parallel_batches: 3, pilot_users: [alice, bob] }\n"
                + "hosts:\n" + linux("m", "mta"));
        assertEquals(new MigrationBatches(List.of("alice", "bob"), 10, 3), p.migration());
        Plan d = classic("hosts:\n" + linux("m", "mta"));
        assertEquals(new MigrationBatches(List.of(), Migration.DEFAULT_BATCH_SIZE,
                Migration.DEFAULT_PARALLEL_BATCHES), d.migration());
        assertFalse(d.movesMailboxes());
    }

    @Test
    void sameModelSamePlan() {
        String rest = ONE_PER_TIER + host("x", "store", "solaris-11.3", "sparc", "8.0.2.3.0", "in-place",
                ", ha: { cluster: solaris-cluster, resource: r }");
        Plan a = classic(rest);
        Plan b = classic(rest);
        assertEquals(a, b);
        for (PlanFormat f : PlanFormat.values()) {
            assertEquals(f.render(a), f.render(b));
        }
    }

    /** 10,000 hosts (HA pairs, coexistence pairs, every tier): linear work, well under the time limit. */
    @Test
    void scalesToTenThousandHosts() {
        Deployment big = bigModel(10_000);
        long start = System.nanoTime();
        Plan p = new Planner().plan(big);
        for (PlanFormat f : PlanFormat.values()) {
            assertTrue(f.render(p).endsWith("\n"));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(10_000 + 2_500, p.hosts().size());
        assertEquals(4, p.waves().size());
        assertTrue(millis < 20_000, "10,000 hosts took " + millis + " ms");
    }

    static Deployment bigModel(int n) {
        Spans s = Spans.at(Location.startOf("big.yaml"));
        Os ol8 = Os.parse("oracle-linux-8").orElseThrow();
        Version v = Version.parse("8.0.2.3.0");
        List<Host> hosts = new ArrayList<>();
        List<io.msupgrade.model.NewHost> newHosts = new ArrayList<>();
        Component[] kinds = {Component.STORE, Component.MTA, Component.MMP, Component.WEBMAIL};
        for (int i = 0; i < n; i++) {
            Component c = kinds[i % 4];
            String name = "h" + i;
            if (c == Component.STORE && i % 8 == 0) {
                hosts.add(new Host(name, null, List.of(c), ol8, Arch.X86_64, v, 64, Strategy.COEXISTENCE, null, null,
                        name + "-new", null, s));
                newHosts.add(new io.msupgrade.model.NewHost(name + "-new", null, List.of(c), ol8, Arch.X86_64, null,
                        null, s));
            } else {
                Host.Ha ha = c == Component.MTA ? new Host.Ha(Cluster.CLUSTERWARE, "rs" + (i / 8), s) : null;
                hosts.add(new Host(name, null, List.of(c), ol8, Arch.X86_64, v, 64, Strategy.IN_PLACE, null, ha, null,
                        null, s));
            }
        }
        for (int i = 0; i < n / 8; i++) {
            newHosts.add(new io.msupgrade.model.NewHost("cass" + i, null, List.of(Component.CASSANDRA), ol8,
                    Arch.X86_64, null, null, s));
        }
        return new Deployment(Deployment.MODEL_V1, "big", new Target(Version.parse("8.1.0.26.0"), StoreKind.CLASSIC,
                false, false, s), new Media("/l", null, null, "/d", null, Map.of(), s),
                new Directory("ldap", 389, Directory.DEFAULT_BIND_DN, "pw", null, s), new Backup(Backup.DEFAULT_DIR, s),
                List.of(), new Migration(25, 1, List.of(), s), new Rollout(Map.of(), s), hosts, newHosts, null, null, s);
    }
}
