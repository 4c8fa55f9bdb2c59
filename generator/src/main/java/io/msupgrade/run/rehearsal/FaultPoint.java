package io.msupgrade.run.rehearsal;

import java.util.ArrayList;
import java.util.List;

import io.msupgrade.plan.Backout;
import io.msupgrade.plan.CoexistencePair;
import io.msupgrade.plan.HaGroup;
import io.msupgrade.plan.HostPlan;
import io.msupgrade.plan.Packaging;
import io.msupgrade.plan.Plan;
import io.msupgrade.model.StoreKind;

/**
 * A failure injected at one distinct step of the chapter, on the first host of the plan where that
 * step happens: the simulator makes the next matching command fail once.
 *
 * @param host    the inventory host, or "*" for whichever host runs it first
 * @param match   an argument the command must carry, or null
 * @param mode    the simulator's fault mode: {@code fail} (nothing changes) or {@code partial}
 */
public record FaultPoint(String name, String host, String command, String match, String mode) {

    /** The fault points this plan has: a Linux-only plan has no snapshot, a plan without HA no enable. */
    public static List<FaultPoint> of(Plan plan) {
        List<FaultPoint> points = new ArrayList<>();
        HostPlan store = plan.hosts().stream()
                .filter(h -> !h.newHost() && h.strategy() == io.msupgrade.model.Strategy.IN_PLACE
                        && h.backout() != Backout.PACKAGE_REINSTALL && h.haGroup() == null)
                .findFirst().orElse(null);
        HostPlan inPlace = plan.hosts().stream()
                .filter(h -> !h.newHost() && h.strategy() == io.msupgrade.model.Strategy.IN_PLACE && h.haGroup() == null)
                .findFirst().orElse(null);
        if (store != null) {
            points.add(new FaultPoint("backup", store.name(), "imsbackup", null, "partial"));
        }
        plan.hosts().stream().filter(h -> h.backout() == Backout.ZFS_SNAPSHOT).findFirst().ifPresent(h ->
                points.add(new FaultPoint("snapshot", h.name(), "zfs", "snapshot", "fail")));
        if (inPlace != null) {
            points.add(removal(inPlace));
            points.add(install(inPlace));
            points.add(new FaultPoint("start", inPlace.name(), "start-msg", null, "fail"));
        }
        for (HaGroup ha : plan.haGroups()) {
            boolean sc = ha.cluster() == io.msupgrade.model.Cluster.SOLARIS_CLUSTER;
            points.add(new FaultPoint("ha-enable", "*", sc ? "scswitch" : "crsctl", sc ? "-e" : "start", "fail"));
            break;
        }
        for (CoexistencePair p : plan.pairs()) {
            if (!p.movesMailboxes()) {
                continue;
            }
            if (p.kind() == StoreKind.CASSANDRA) {
                points.add(new FaultPoint("rehostuser", "*", "rehostuser", p.legacy() + "-u04", "fail"));
            } else {
                points.add(new FaultPoint("imsrestore", p.replacement(), "imsrestore", null, "partial"));
            }
            break;
        }
        return points;
    }

    private static FaultPoint removal(HostPlan h) {
        return switch (h.packaging()) {
            case RPM -> new FaultPoint("package-removal", h.name(), "rpm", "-e", "fail");
            case SVR4 -> new FaultPoint("package-removal", h.name(), "pkgrm", null, "fail");
            case IPS -> new FaultPoint("package-removal", h.name(), "pkg", "uninstall", "fail");
        };
    }

    private static FaultPoint install(HostPlan h) {
        return h.packaging() == Packaging.SVR4
                ? new FaultPoint("package-install", h.name(), "pkgadd", null, "partial")
                : h.packaging() == Packaging.RPM
                        ? new FaultPoint("package-install", h.name(), "rpm", "-i", "partial")
                        : new FaultPoint("package-install", h.name(), "pkg", "update", "fail");
    }
}
