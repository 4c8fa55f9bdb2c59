package io.msupgrade.run.rehearsal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.msupgrade.model.Component;
import io.msupgrade.plan.Backout;
import io.msupgrade.plan.HaGroup;
import io.msupgrade.plan.HostPlan;
import io.msupgrade.plan.Plan;

/**
 * The chapter's order, checked on a rehearsal journal (only commands that succeeded count):
 * <ul>
 * <li>on a store host, a full {@code imsbackup} before its packages are removed or swapped
 * ("Before you Upgrade": back up first); on an HA node the backup may run on any node of the
 * resource (only the active node holds the store);</li>
 * <li>on a ZFS host, {@code zfs snapshot} after the services stopped ({@code stop-msg}, or the HA
 * resource disabled) and before the package removal (ZFS back-out, step 1);</li>
 * <li>for each HA resource, no node's packages change while the resource is enabled, and it is
 * enabled again after the last change (HA procedure, steps 1 to 4);</li>
 * <li>{@code comm_dssetup.pl} before the first changing command on any Messaging Server host
 * (overview, step 2);</li>
 * <li>on each new host, the package installed, then the initial configuration ({@code configure}),
 * before its first {@code start-msg}, {@code imsrestore} or {@code rehostuser} (coexistence, steps 2
 * to 4);</li>
 * <li>in a back-out with a ZFS snapshot: incremental {@code imsbackup -x ... -d} (step 5), then
 * removal (7) and reinstall (8), then {@code zfs rollback} (9), then {@code imsrestore -E} (11);
 * a back-out of a ZFS host without {@code zfs rollback} is itself a violation;</li>
 * <li>on every host, its services stopped ({@code stop-msg}, or its HA resource disabled) before
 * any of its packages is removed ("To Do an In-place Upgrade", step 1; the back-outs' first
 * step);</li>
 * </ul>
 * And {@link #waveOrder}: the waves' changing commands in the plan's wave order.
 */
public final class ChapterOrder {

    /** What the checks need to know of the plan. */
    public record Layout(Set<String> storeHosts, Set<String> zfsHosts, Set<String> newHosts,
                         Map<String, List<String>> haResources) {

        public static Layout of(Plan plan) {
            Set<String> stores = new java.util.TreeSet<>();
            Set<String> zfs = new java.util.TreeSet<>();
            Set<String> fresh = new java.util.TreeSet<>();
            for (HostPlan h : plan.hosts()) {
                if (h.components().contains(Component.STORE) && !h.newHost()) {
                    stores.add(h.name());
                }
                if (h.backout() == Backout.ZFS_SNAPSHOT) {
                    zfs.add(h.name());
                }
                if (h.newHost()) {
                    fresh.add(h.name());
                }
            }
            Map<String, List<String>> ha = new LinkedHashMap<>();
            for (HaGroup g : plan.haGroups()) {
                ha.put(g.resource(), List.copyOf(g.nodes()));
            }
            return new Layout(stores, zfs, fresh, ha);
        }
    }

    private ChapterOrder() {
    }

    /** Every place the journal of an upgrade leaves the chapter's order; empty when it follows it. */
    public static List<String> violations(List<JournalEntry> journal, Layout layout) {
        return violations(journal, layout, false);
    }

    /**
     * Every place the journal leaves the chapter's order; empty when it follows it.
     *
     * @param backout true for the journal of a back-out: each ZFS host must then be rolled back
     */
    public static List<String> violations(List<JournalEntry> journal, Layout layout, boolean backout) {
        List<Line> lines = succeeded(journal);
        List<String> out = new ArrayList<>();
        stoppedBeforeRemoval(lines, layout, out);
        if (backout) {
            zfsRolledBack(lines, layout, out);
        }
        backupBeforeRemoval(lines, layout, out);
        snapshotAfterStop(lines, layout, out);
        haAroundSwap(lines, layout, out);
        dssetupFirst(lines, layout, out);
        newHostInstalledFirst(lines, layout, out);
        zfsBackout(lines, layout, out);
        return out;
    }

    /**
     * The waves in the plan's order: the first changing command of a wave comes after the last
     * changing command of every earlier wave. {@code journal}: the lines the waves' stages wrote;
     * {@code waveOf}: the wave of every host that has one (pairs included). Hosts without a wave
     * (the Directory Server) are not counted.
     */
    public static List<String> waveOrder(List<JournalEntry> journal, Map<String, Integer> waveOf) {
        List<String> out = new ArrayList<>();
        Line latest = null;
        int latestWave = 0;
        for (Line l : succeeded(journal)) {
            Integer wave = waveOf.get(l.host());
            if (wave == null || !isChange(l)) {
                continue;
            }
            if (wave < latestWave) {
                if (out.size() < 5) {
                    out.add("wave " + wave + " changed " + l.host() + " after wave " + latestWave + " began (" + l
                            + ", after " + latest + ")");
                }
            } else if (wave > latestWave) {
                latestWave = wave;
                latest = l;
            }
        }
        return out;
    }

    /**
     * The hosts of {@code legacy} on which no {@code configtoxml} succeeded (on an HA node: on no
     * node of its resource, which share the configuration), in the given order.
     */
    public static List<String> notConverted(List<JournalEntry> journal, List<String> legacy, Layout layout) {
        Set<String> converted = new java.util.HashSet<>();
        for (Line l : succeeded(journal)) {
            if (l.cmd().equals("configtoxml")) {
                converted.add(l.host());
            }
        }
        List<String> out = new ArrayList<>();
        for (String host : legacy) {
            String res = resourceOf(layout, host);
            List<String> holders = res == null ? List.of(host) : layout.haResources().get(res);
            if (holders.stream().noneMatch(converted::contains)) {
                out.add(host);
            }
        }
        return out;
    }

    private static List<Line> succeeded(List<JournalEntry> journal) {
        List<Line> lines = new ArrayList<>();
        for (JournalEntry l : journal) {
            if (l.succeeded()) {
                lines.add(new Line(lines.size(), l.hostName(), l.argv().stream().map(String::valueOf).toList()));
            }
        }
        return lines;
    }

    private record Line(int index, String host, List<String> argv) {
        String cmd() {
            // `perl -e PROGRAM .../comm_dssetup.pl OPTIONS` (the role runs the script inside perl so
            // its -w password is on no command line) is comm_dssetup.pl
            if (argv.get(0).equals("perl") && argv.size() > 3 && argv.get(1).equals("-e")
                    && argv.get(3).endsWith("/comm_dssetup.pl")) {
                return "comm_dssetup.pl";
            }
            return argv.get(0);
        }

        boolean has(String arg) {
            return argv.subList(1, argv.size()).contains(arg);
        }

        String arg(int i) {
            return argv.size() > i ? argv.get(i) : "";
        }

        @Override
        public String toString() {
            return "#" + index + " " + host + ": " + String.join(" ", argv);
        }
    }

    static boolean isFullBackup(Line l) {
        return l.cmd().equals("imsbackup") && !l.has("-x") && !l.has("-u") && !l.has("-d") && l.has("/");
    }

    static boolean isRemoval(Line l) {
        return (l.cmd().equals("rpm") && l.arg(1).startsWith("-e")) || l.cmd().equals("pkgrm")
                || (l.cmd().equals("pkg") && l.has("uninstall"));
    }

    static boolean isInstall(Line l) {
        return (l.cmd().equals("rpm") && (l.arg(1).startsWith("-i") || l.arg(1).startsWith("-U")))
                || l.cmd().equals("pkgadd")
                || (l.cmd().equals("pkg") && (l.has("install") || l.has("update")));
    }

    static boolean isPackageChange(Line l) {
        return isRemoval(l) || isInstall(l);
    }

    private static boolean isHaDisable(Line l, String res) {
        return (l.cmd().equals("scswitch") && l.has("-n") && l.has(res))
                || (l.cmd().equals("clresource") && l.has("disable") && l.has(res))
                || (l.cmd().equals("crsctl") && l.has("stop") && l.has(res));
    }

    private static boolean isHaEnable(Line l, String res) {
        return (l.cmd().equals("scswitch") && l.has("-e") && l.has(res))
                || (l.cmd().equals("clresource") && l.has("enable") && l.has(res))
                || (l.cmd().equals("crsctl") && l.has("start") && l.has(res));
    }

    private static String resourceOf(Layout layout, String host) {
        for (Map.Entry<String, List<String>> e : layout.haResources().entrySet()) {
            if (e.getValue().contains(host)) {
                return e.getKey();
            }
        }
        return null;
    }

    private static void backupBeforeRemoval(List<Line> lines, Layout layout, List<String> out) {
        for (String host : layout.storeHosts()) {
            String res = resourceOf(layout, host);
            List<String> holders = res == null ? List.of(host) : layout.haResources().get(res);
            Line firstSwap = lines.stream().filter(l -> l.host().equals(host) && isPackageChange(l)).findFirst().orElse(null);
            if (firstSwap == null) {
                continue;
            }
            boolean backedUp = lines.stream().anyMatch(l -> l.index() < firstSwap.index() && holders.contains(l.host())
                    && isFullBackup(l));
            if (!backedUp) {
                out.add("no full imsbackup of " + host + "'s store before its packages changed (" + firstSwap + ")");
            }
        }
    }

    private static void snapshotAfterStop(List<Line> lines, Layout layout, List<String> out) {
        for (String host : layout.zfsHosts()) {
            String res = resourceOf(layout, host);
            // an HA resource's dataset is shared: any node of it may take the snapshot
            List<String> holders = res == null ? List.of(host) : layout.haResources().get(res);
            Line snap = lines.stream().filter(l -> holders.contains(l.host()) && l.cmd().equals("zfs")
                    && l.has("snapshot") && l.argv().stream().anyMatch(a -> a.contains("@"))).findFirst().orElse(null);
            Line firstSwap = lines.stream().filter(l -> l.host().equals(host) && isPackageChange(l)).findFirst().orElse(null);
            if (firstSwap == null) {
                continue;
            }
            if (snap == null || snap.index() > firstSwap.index()) {
                out.add("no zfs snapshot on " + host + " before its packages changed (" + firstSwap + ")");
                continue;
            }
            // the last stop before the snapshot, and no start between them
            boolean stopped = false;
            for (Line l : lines) {
                if (l.index() >= snap.index()) {
                    break;
                }
                boolean stop = (l.host().equals(snap.host()) && l.cmd().equals("stop-msg") && l.argv().size() == 1)
                        || (res != null && isHaDisable(l, res));
                boolean start = (l.host().equals(snap.host()) && l.cmd().equals("start-msg"))
                        || (res != null && isHaEnable(l, res));
                if (stop) {
                    stopped = true;
                } else if (start) {
                    stopped = false;
                }
            }
            if (!stopped) {
                out.add("zfs snapshot on " + host + " while its services ran (" + snap + ")");
            }
        }
    }

    private static void haAroundSwap(List<Line> lines, Layout layout, List<String> out) {
        for (Map.Entry<String, List<String>> e : layout.haResources().entrySet()) {
            String res = e.getKey();
            boolean enabled = true;
            boolean swappedSinceEnable = false;
            for (Line l : lines) {
                if (isHaDisable(l, res)) {
                    enabled = false;
                } else if (isHaEnable(l, res)) {
                    enabled = true;
                    swappedSinceEnable = false;
                } else if (e.getValue().contains(l.host()) && isPackageChange(l)) {
                    swappedSinceEnable = true;
                    if (enabled) {
                        out.add("HA resource " + res + " enabled while " + l.host() + "'s packages changed (" + l + ")");
                    }
                }
            }
            if (swappedSinceEnable || !enabled) {
                out.add("HA resource " + res + " not enabled again after its nodes' packages changed");
            }
        }
    }

    /** True when the whole command line {@code argv} changes a host (its read-only forms do not). */
    static boolean changes(List<?> argv) {
        return argv != null && !argv.isEmpty()
                && isChange(new Line(0, "", argv.stream().map(String::valueOf).toList()));
    }

    /**
     * Whether a command changes a Messaging Server host: its software, services, store or cluster
     * state (read-only forms excluded: {@code rpm -q}, {@code pkg list}, {@code zfs list},
     * {@code crsctl status}, {@code clresource list}; a single service's restart neither). The one definition every check uses: the
     * chapter's order here, "no later wave starts" after a fault ({@link Rehearsal}).
     */
    static boolean isChange(Line l) {
        return switch (l.cmd()) {
            // the upgrade's stop is stop-msg of every service; stop-msg of one (the MMP restarted to
            // read the cache TTLs of the online move, on every MMP whatever its wave) is a refresh
            case "stop-msg" -> l.argv().size() == 1;
            case "stored", "configtoxml", "imsrestore", "rehostuser", "pkgrm", "pkgadd", "scswitch" -> true;
            case "rpm", "pkg" -> isPackageChange(l);
            case "zfs" -> !READ_ONLY_ZFS.contains(l.arg(1));
            case "crsctl" -> !READ_ONLY_CRSCTL.contains(l.arg(1));
            case "clresource" -> !READ_ONLY_CLRESOURCE.contains(l.arg(1));
            default -> false;
        };
    }

    private static final Set<String> READ_ONLY_ZFS = Set.of("list", "get");
    private static final Set<String> READ_ONLY_CRSCTL = Set.of("status", "stat", "check", "query", "config");
    private static final Set<String> READ_ONLY_CLRESOURCE = Set.of("list", "status", "show");

    private static void dssetupFirst(List<Line> lines, Layout layout, List<String> out) {
        Line first = lines.stream().filter(ChapterOrder::isChange).findFirst().orElse(null);
        if (first == null) {
            return;
        }
        boolean ds = lines.stream().anyMatch(l -> l.index() < first.index() && l.cmd().equals("comm_dssetup.pl"));
        if (!ds) {
            out.add("comm_dssetup.pl did not run before the first change to a Messaging Server host (" + first + ")");
        }
    }

    private static void newHostInstalledFirst(List<Line> lines, Layout layout, List<String> out) {
        for (String host : layout.newHosts()) {
            Line use = lines.stream().filter(l -> l.host().equals(host) && (l.cmd().equals("imsrestore")
                    || l.cmd().equals("rehostuser") || l.cmd().equals("start-msg"))).findFirst().orElse(null);
            if (use == null) {
                continue;
            }
            Line installed = lines.stream().filter(l -> l.index() < use.index() && l.host().equals(host) && isInstall(l))
                    .findFirst().orElse(null);
            Line configured = lines.stream().filter(l -> l.index() < use.index() && l.host().equals(host)
                    && l.cmd().equals("configure")).findFirst().orElse(null);
            if (installed == null) {
                out.add("new host " + host + " served or received mailboxes before Messaging Server was installed there ("
                        + use + ")");
            } else if (configured == null || configured.index() < installed.index()) {
                out.add("new host " + host + " served or received mailboxes before its initial configuration"
                        + " (configure after the install) (" + use + ")");
            }
        }
    }

    /**
     * Every removal of a host's packages finds its services stopped: a {@code stop-msg} on the
     * host, or its HA resource disabled, since its last start. Every host runs its services when
     * the journal begins.
     */
    private static void stoppedBeforeRemoval(List<Line> lines, Layout layout, List<String> out) {
        Map<String, Boolean> stopped = new java.util.HashMap<>();
        Map<String, Boolean> resourceDown = new java.util.HashMap<>();
        for (Line l : lines) {
            for (String res : layout.haResources().keySet()) {
                if (isHaDisable(l, res)) {
                    resourceDown.put(res, true);
                } else if (isHaEnable(l, res)) {
                    resourceDown.put(res, false);
                }
            }
            if (l.cmd().equals("stop-msg") && l.argv().size() == 1) {
                stopped.put(l.host(), true);
            } else if (l.cmd().equals("start-msg")) {
                stopped.put(l.host(), false);
            } else if (isRemoval(l) && !layout.newHosts().contains(l.host())) {
                String res = resourceOf(layout, l.host());
                boolean down = stopped.getOrDefault(l.host(), false)
                        || (res != null && resourceDown.getOrDefault(res, false));
                if (!down) {
                    out.add("packages removed on " + l.host() + " while its services ran, no stop-msg before (" + l + ")");
                }
            }
        }
    }

    /** A back-out of a ZFS host reverts the store dataset: without {@code zfs rollback} it did not. */
    private static void zfsRolledBack(List<Line> lines, Layout layout, List<String> out) {
        for (String host : layout.zfsHosts()) {
            boolean changed = lines.stream().anyMatch(l -> l.host().equals(host) && isPackageChange(l));
            String res = resourceOf(layout, host);
            // an HA resource's dataset is shared: the node that holds the pool rolls it back
            List<String> holders = res == null ? List.of(host) : layout.haResources().get(res);
            boolean rolledBack = lines.stream().anyMatch(l -> holders.contains(l.host()) && l.cmd().equals("zfs")
                    && l.has("rollback"));
            if (changed && !rolledBack) {
                out.add("back-out of " + host + " without zfs rollback (ZFS back-out, step 9)");
            }
        }
    }

    private static void zfsBackout(List<Line> lines, Layout layout, List<String> out) {
        for (String host : layout.zfsHosts()) {
            Line rollback = lines.stream().filter(l -> l.host().equals(host) && l.cmd().equals("zfs") && l.has("rollback"))
                    .findFirst().orElse(null);
            if (rollback == null) {
                continue;
            }
            String res = resourceOf(layout, host);
            List<String> holders = res == null ? List.of(host) : layout.haResources().get(res);
            // step 5: the incremental backup since the snapshot, before the software goes
            Line incr = lastBefore(lines, rollback.index(), l -> holders.contains(l.host()) && l.cmd().equals("imsbackup")
                    && l.has("-x") && l.has("-d"));
            if (incr == null) {
                out.add("no incremental imsbackup -x -d before zfs rollback on " + host + " (" + rollback + ")");
                continue;
            }
            // steps 7 and 8: the previous version's packages, after the incremental backup
            Line swap = firstAfter(lines, incr.index(), l -> l.host().equals(host) && isPackageChange(l));
            if (swap == null || swap.index() > rollback.index()) {
                out.add("on " + host + " the previous version was not reinstalled between the incremental backup and "
                        + "zfs rollback (" + incr + " .. " + rollback + ")");
            }
            Line reinstall = lastBefore(lines, rollback.index(), l -> l.host().equals(host) && isInstall(l));
            if (reinstall == null || reinstall.index() < incr.index()) {
                out.add("zfs rollback on " + host + " before the previous version was reinstalled (" + rollback + ")");
            }
            // step 11: imsrestore -E after the rollback
            Line restore = firstAfter(lines, rollback.index(), l -> holders.contains(l.host())
                    && l.cmd().equals("imsrestore") && l.has("-E"));
            if (restore == null) {
                out.add("no imsrestore -E after zfs rollback on " + host + " (" + rollback + ")");
            }
            Line restoreBefore = lastBefore(lines, rollback.index(), l -> holders.contains(l.host())
                    && l.cmd().equals("imsrestore") && l.index() > incr.index());
            if (restoreBefore != null) {
                out.add("imsrestore before zfs rollback on " + host + " (" + restoreBefore + "): the rollback undoes it");
            }
        }
    }

    private static Line lastBefore(List<Line> lines, int index, java.util.function.Predicate<Line> p) {
        Line found = null;
        for (Line l : lines) {
            if (l.index() >= index) {
                break;
            }
            if (p.test(l)) {
                found = l;
            }
        }
        return found;
    }

    private static Line firstAfter(List<Line> lines, int index, java.util.function.Predicate<Line> p) {
        return lines.stream().filter(l -> l.index() > index && p.test(l)).findFirst().orElse(null);
    }
}
