package io.msupgrade.run.rehearsal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.msupgrade.model.Cluster;
import io.msupgrade.model.StoreKind;
import io.msupgrade.model.Strategy;
import io.msupgrade.plan.Backout;
import io.msupgrade.plan.CoexistencePair;
import io.msupgrade.plan.HaGroup;
import io.msupgrade.plan.HostPlan;
import io.msupgrade.plan.Packaging;
import io.msupgrade.plan.Plan;

/**
 * A failure injected at one distinct step of the chapter, on the first host of the plan where
 * that step happens: the simulator makes the next matching command fail once.
 *
 * @param host  the inventory host, or "*" for whichever host runs it first
 * @param match an argument the command must carry, or null
 * @param mode  the simulator's fault mode: {@code fail} (nothing changes) or {@code partial}
 * @param stage the stage of the plan's run order in which the step runs ({@code backup}, {@code upgrade-wave-2}...)
 * @param wave  the wave the step belongs to (0 outside the waves)
 * @param order where the step stands in its wave: HA plays run before the wave's other hosts, and
 *              on one host the chapter's order is snapshot, removal, install, enable, start
 */
public record FaultPoint(String name, String host, String command, String match, String mode, String stage, int wave,
                         int order) {

    /** The fault points this plan has, in the order a run reaches them. */
    public static List<FaultPoint> inRunOrder(Plan plan) {
        List<FaultPoint> points = new ArrayList<>(of(plan));
        io.msupgrade.plan.RunOrder order = plan.runOrder();
        points.sort(Comparator.comparingInt((FaultPoint f) -> order.indexOf(f.stage()))
                .thenComparingInt(FaultPoint::wave).thenComparingInt(FaultPoint::order));
        return points;
    }

    /** The fault points this plan has: a Linux-only plan has no snapshot, a plan without HA no enable. */
    public static List<FaultPoint> of(Plan plan) {
        List<FaultPoint> points = new ArrayList<>();
        HostPlan store = plan.hosts().stream()
                .filter(h -> h.strategy() == Strategy.IN_PLACE && !h.newHost() && h.backout() != Backout.PACKAGE_REINSTALL)
                .findFirst().orElse(null);
        if (store != null) {
            // an HA store is backed up on the node that holds its pool, asked of the cluster at run time
            points.add(new FaultPoint("backup", store.haGroup() == null ? store.name() : "*", "imsbackup", null,
                    "partial", "backup", 0, 0));
        }
        // `zfs snapshot DATASET@NAME`: the only zfs call of the upgrade with "DATASET@" (`zfs list -t
        // snapshot -r DATASET` must not take the fault); an HA resource's shared dataset is
        // snapshotted by whichever node sees it
        plan.hosts().stream().filter(h -> h.backout() == Backout.ZFS_SNAPSHOT && h.zfsDataset() != null).findFirst()
                .ifPresent(h -> points.add(new FaultPoint("snapshot", h.haGroup() == null ? h.name() : "*", "zfs",
                        h.zfsDataset() + "@", "fail", upgrade(h.wave()), h.wave(), order(h, 1))));
        // removal, install and start on one host outside a cluster; an IPS host updates in place
        // (`pkg install` of the new version: no removal step), so an rpm or SVR4 host is preferred
        plan.hosts().stream().filter(h -> h.strategy() == Strategy.IN_PLACE && !h.newHost() && h.haGroup() == null)
                .min(Comparator.comparingInt((HostPlan h) -> h.packaging() == Packaging.IPS ? 1 : 0))
                .ifPresent(h -> {
                    if (h.packaging() != Packaging.IPS) {
                        points.add(removal(h));
                    }
                    points.add(install(h));
                    points.add(new FaultPoint("start", h.name(), "start-msg", null, "fail", upgrade(h.wave()), h.wave(),
                            order(h, 5)));
                });
        for (HaGroup ha : plan.haGroups()) {
            boolean sc = ha.cluster() == Cluster.SOLARIS_CLUSTER;
            points.add(new FaultPoint("ha-enable", "*", sc ? "scswitch" : "crsctl", sc ? "-e" : "start", "fail",
                    upgrade(ha.wave()), ha.wave(), 4));
            break;
        }
        for (CoexistencePair p : plan.pairs()) {
            if (!p.movesMailboxes()) {
                continue;
            }
            int wave = plan.waveOfEveryHost().getOrDefault(p.legacy(), 0);
            String stage = "migrate-wave-" + wave;
            if (p.kind() == StoreKind.CASSANDRA) {
                points.add(new FaultPoint("rehostuser", "*", "rehostuser", p.legacy() + "-u04", "fail", stage, wave, 0));
            } else {
                points.add(new FaultPoint("imsrestore", p.replacement(), "imsrestore", null, "partial", stage, wave, 0));
            }
            break;
        }
        return points;
    }

    /** The stage of a wave's in-place hosts in the plan's run order. */
    private static String upgrade(int wave) {
        return "upgrade-wave-" + wave;
    }

    private static int order(HostPlan h, int step) {
        return (h.haGroup() == null ? 10 : 0) + step;
    }

    private static FaultPoint removal(HostPlan h) {
        int order = order(h, 2);
        return switch (h.packaging()) {
            case RPM -> new FaultPoint("package-removal", h.name(), "rpm", "-e", "fail", upgrade(h.wave()), h.wave(), order);
            case SVR4 -> new FaultPoint("package-removal", h.name(), "pkgrm", null, "fail", upgrade(h.wave()), h.wave(), order);
            case IPS -> new FaultPoint("package-removal", h.name(), "pkg", "uninstall", "fail", upgrade(h.wave()), h.wave(), order);
        };
    }

    private static FaultPoint install(HostPlan h) {
        int order = order(h, 3);
        // partial: the interrupted install leaves a half-installed package (rpm: in the database;
        // SVR4: pkginfo says "partially installed"), which the rerun must clear before it installs
        return h.packaging() == Packaging.SVR4
                ? new FaultPoint("package-install", h.name(), "pkgadd", null, "partial", upgrade(h.wave()), h.wave(), order)
                : h.packaging() == Packaging.RPM
                        ? new FaultPoint("package-install", h.name(), "rpm", "-i", "partial", upgrade(h.wave()), h.wave(), order)
                        : new FaultPoint("package-install", h.name(), "pkg", "install", "fail", upgrade(h.wave()), h.wave(), order);
    }
}
