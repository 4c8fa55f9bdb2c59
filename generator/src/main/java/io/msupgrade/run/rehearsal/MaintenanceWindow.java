package io.msupgrade.run.rehearsal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.msupgrade.plan.HaGroup;
import io.msupgrade.plan.Plan;

/**
 * The maintenance window of a rehearsal: each in-place host's service downtime, the length of the
 * upgrade run, the plan's lower bound, and a naive by-the-book baseline, all from the simulator's
 * journal (every command with its modelled {@code duration}, its real {@code real_start} and
 * {@code real_end}, the {@code sleep} it took at the time scale and the {@code services} it stopped
 * or started, read as {@link ServiceOutages}) and the callback's per-host task times
 * ({@code tasks.jsonl}).
 *
 * <p>Three clocks, never mixed silently:
 * <ul>
 * <li><b>real</b>: wall-clock seconds on the rehearsal machine, as measured. A simulated command
 * sleeps {@code duration x timeScale}; everything else (Ansible starting each task, forking the
 * module, templating, marker files, the simulator's own work) is Ansible's overhead, in real
 * seconds.</li>
 * <li><b>projected</b>: the real timeline with each sleep stretched back to its modelled length.
 * Overhead stays in real seconds (a task costs the same whatever the commands' durations), modelled
 * work counts at its modelled length. A host's downtime and the whole run alike are projected
 * segment by segment where the hosts wait for each other ({@link RunProjection}); a host's downtime
 * counts the commands of the hosts it waits for. Needs a time scale above 0.</li>
 * <li><b>modelled</b>: the commands' durations alone, no overhead: the lower bound and the
 * reference (package removal + install + start) are in this clock.</li>
 * </ul>
 */
public final class MaintenanceWindow {

    /** Commands that act on an HA resource: once per resource, before or after every node's work. */
    private static final Set<String> HA_COMMANDS = Set.of("scswitch", "clresource", "crsctl");

    private MaintenanceWindow() {
    }

    /** One wave of the plan as the upgrade playbook runs it. */
    public record WaveLayout(int number, String tier, String serial, List<List<String>> haGroups, List<String> hosts) {
        public WaveLayout {
            haGroups = haGroups.stream().map(List::copyOf).toList();
            hosts = List.copyOf(hosts);
        }
    }

    /** The waves in order: the only thing of the plan the window needs. */
    public static List<WaveLayout> layout(Plan plan) {
        Map<String, List<String>> nodes = new LinkedHashMap<>();
        for (HaGroup g : plan.haGroups()) {
            nodes.put(g.group(), g.nodes());
        }
        List<WaveLayout> out = new ArrayList<>();
        for (io.msupgrade.plan.Wave w : plan.waves()) {
            List<List<String>> groups = new ArrayList<>();
            Set<String> inGroups = new LinkedHashSet<>();
            for (HaGroup g : w.haGroups()) {
                groups.add(g.nodes());
                inGroups.addAll(g.nodes());
            }
            List<String> single = w.hosts().stream().filter(h -> !inGroups.contains(h)).toList();
            out.add(new WaveLayout(w.number(), w.tier().id(), w.serial(), groups, single));
        }
        return out;
    }

    /** A real-time interval, epoch seconds. */
    public record Span(double start, double end) {
        public boolean contains(double t) {
            return t >= start && t <= end;
        }

        double length() {
            return Math.max(0, end - start);
        }
    }

    /** One host's service downtime in the upgrade run. */
    public record HostDowntime(String host, List<String> group, double realSeconds, Double projectedSeconds,
                               double modelledSeconds, double overheadSeconds, double reference, double chapterFloor,
                               Double ratio, double floorRatio, List<String> commandsInWindow, List<String> tasksInWindow,
                               Double naiveSeconds) {
    }

    /** The lower bound of one wave: its HA groups one after another, then the other hosts in batches of serial. */
    public record WaveBound(int number, String tier, String serial, double seconds, List<String> steps) {
    }

    /** Everything the report says about the window. */
    public record Result(double timeScale, double realSeconds, Double projectedSeconds, double modelledWork,
                         double overheadSeconds, double lockstepSeconds, double lowerBound, Double runRatio,
                         List<WaveBound> waves, List<HostDowntime> hosts, Double maxDowntimeRatio,
                         Double naiveRunSeconds, Double naiveRunRatio, Double naiveDowntimeRatio, String note) {
    }

    /**
     * @param layout     the plan's waves
     * @param journal    every journal line of the rehearsal
     * @param tasks      every line of tasks.jsonl
     * @param timeScale  real seconds slept per modelled second (0: nothing slept, no projection)
     * @param window     the upgrade playbook's run, real time
     * @param baseline   the runs a naive by-the-book upgrade would do inside the window (preflight,
     *                   backup, upgrade), real time
     */
    public static Result of(List<WaveLayout> layout, List<JournalEntry> journal, List<Map<String, Object>> tasks,
                            double timeScale, Span window, List<Span> baseline) {
        List<JournalEntry> lines = journal.stream().filter(l -> l.realStart() != null)
                .filter(l -> window.contains(num(l.realStart())))
                .sorted(Comparator.comparingDouble((JournalEntry l) -> num(l.realStart()))).toList();
        Map<String, List<String>> groupOf = groups(layout);
        boolean project = timeScale > 0;

        List<WaveBound> bounds = lowerBound(layout, lines, groupOf);
        double lowerBound = bounds.stream().mapToDouble(WaveBound::seconds).sum();

        double real = window.length();
        double asleep = union(sleeps(lines), window);
        Double projected = project ? RunProjection.projected(window, tasks, lines, timeScale) : null;
        double modelledWork = lines.stream().mapToDouble(l -> num(l.duration())).sum();
        double lockstep = lines.isEmpty() ? 0 : lines.stream().mapToDouble(l -> num(l.tEnd())).max().orElse(0)
                - lines.stream().mapToDouble(l -> num(l.tStart())).min().orElse(0);

        Map<String, Double> busy = naiveBusy(journal, tasks, groupOf, baseline);
        boolean timed = !busy.isEmpty() && !tasks.isEmpty();
        List<HostDowntime> hosts = downtimes(lines, tasks, groupOf, window, timeScale, timed ? busy : null);

        Double maxRatio = hosts.stream().map(HostDowntime::ratio).filter(java.util.Objects::nonNull)
                .max(Double::compare).orElse(null);
        Double naiveRun = null;
        Double naiveRunRatio = null;
        Double naiveDowntimeRatio = null;
        if (timed) {
            Set<List<String>> units = new LinkedHashSet<>(groupOf.values());
            naiveRun = round(units.stream().flatMap(List::stream).mapToDouble(h -> busy.getOrDefault(h, 0.0)).sum());
            if (project && naiveRun > 0) {
                naiveRunRatio = round(projected / naiveRun);
            }
            double ours = median(hosts.stream().map(HostDowntime::projectedSeconds).filter(java.util.Objects::nonNull).toList());
            double theirs = median(hosts.stream().map(HostDowntime::naiveSeconds).filter(java.util.Objects::nonNull).toList());
            if (project && theirs > 0) {
                naiveDowntimeRatio = round(ours / theirs);
            }
        }
        String note = project ? "" : "time scale 0: commands did not sleep, so real seconds are Ansible's overhead alone"
                + " and nothing is projected; rehearse with --time-scale above 0 to measure the window";
        return new Result(timeScale, round(real), projected == null ? null : round(projected), round(modelledWork),
                round(real - asleep), round(lockstep), round(lowerBound),
                projected == null || lowerBound <= 0 ? null : round(projected / lowerBound), bounds, hosts, maxRatio,
                naiveRun, naiveRunRatio, naiveDowntimeRatio, note);
    }

    /** Each in-place host's unit: its HA group's nodes, or the host alone. */
    private static Map<String, List<String>> groups(List<WaveLayout> layout) {
        Map<String, List<String>> groupOf = new LinkedHashMap<>();
        for (WaveLayout w : layout) {
            w.haGroups().forEach(g -> g.forEach(n -> groupOf.put(n, g)));
            w.hosts().forEach(h -> groupOf.put(h, List.of(h)));
        }
        return groupOf;
    }

    /**
     * The lower bound: the plan's waves with the commands' modelled durations, no overhead. A
     * wave's HA groups one after another (resource commands once, the nodes side by side), then
     * its other hosts in batches of {@code serial}, each batch as long as its longest host.
     */
    private static List<WaveBound> lowerBound(List<WaveLayout> layout, List<JournalEntry> lines,
                                              Map<String, List<String>> groupOf) {
        Map<String, Double> work = new LinkedHashMap<>();
        Map<List<String>, Double> resourceWork = new LinkedHashMap<>();
        for (JournalEntry l : lines) {
            String host = l.hostName();
            List<String> g = groupOf.get(host);
            if (g != null && g.size() > 1 && HA_COMMANDS.contains(argv0(l))) {
                resourceWork.merge(g, num(l.duration()), Double::sum);
            } else {
                work.merge(host, num(l.duration()), Double::sum);
            }
        }
        List<WaveBound> bounds = new ArrayList<>();
        for (WaveLayout w : layout) {
            double t = 0;
            List<String> steps = new ArrayList<>();
            for (List<String> g : w.haGroups()) {
                double nodes = g.stream().mapToDouble(n -> work.getOrDefault(n, 0.0)).max().orElse(0);
                double group = resourceWork.getOrDefault(g, 0.0) + nodes;
                steps.add(String.join("+", g) + " " + fmt(group));
                t += group;
            }
            int size = batchSize(w.serial(), w.hosts().size());
            for (int i = 0; i < w.hosts().size(); i += size) {
                List<String> batch = w.hosts().subList(i, Math.min(w.hosts().size(), i + size));
                double b = batch.stream().mapToDouble(h -> work.getOrDefault(h, 0.0)).max().orElse(0);
                steps.add(String.join(",", batch) + " " + fmt(b));
                t += b;
            }
            bounds.add(new WaveBound(w.number(), w.tier(), w.serial(), round(t), steps));
        }
        return bounds;
    }

    /**
     * The naive baseline: per in-place host, everything it does in the baseline's runs, as if
     * inside its window: its task times, with each command's sleep replaced by its modelled duration.
     */
    private static Map<String, Double> naiveBusy(List<JournalEntry> journal, List<Map<String, Object>> tasks,
                                                 Map<String, List<String>> groupOf, List<Span> baseline) {
        Map<String, Double> busy = new LinkedHashMap<>();
        for (Map<String, Object> t : tasks) {
            String host = str(t.get("host"));
            if (groupOf.containsKey(host) && baseline.stream().anyMatch(s -> s.contains(num(t, "start")))) {
                busy.merge(host, num(t, "end") - num(t, "start"), Double::sum);
            }
        }
        for (JournalEntry l : journal) {
            String host = l.hostName();
            if (l.realStart() != null && groupOf.containsKey(host)
                    && baseline.stream().anyMatch(s -> s.contains(num(l.realStart())))) {
                // the task time holds the sleep; the naive window holds the whole modelled duration
                busy.merge(host, num(l.duration()) - num(l.sleep()), Double::sum);
            }
        }
        return busy;
    }

    /**
     * Each in-place host's service downtime in the window (an HA group's on the node that ran its
     * services), against its reference and its chapter floor; {@code busy} null when there is no
     * naive baseline.
     */
    private static List<HostDowntime> downtimes(List<JournalEntry> lines, List<Map<String, Object>> tasks,
                                                Map<String, List<String>> groupOf, Span window, double timeScale,
                                                Map<String, Double> busy) {
        ServiceOutages outages = ServiceOutages.of(lines);
        double lastModelled = lines.stream().mapToDouble(l -> num(l.tEnd())).max().orElse(0);
        List<HostDowntime> hosts = new ArrayList<>();
        for (String host : groupOf.keySet()) {
            List<ServiceOutages.Outage> down = outages.closed(host, window.end(), lastModelled);
            if (!down.isEmpty()) { // a passive HA node has none: the resource's services ran on its partner
                hosts.add(downtime(host, groupOf.get(host), down, lines, tasks, timeScale, busy));
            }
        }
        return hosts;
    }

    /** One host's downtime: its outages merged, and what ran inside them. */
    private static HostDowntime downtime(String host, List<String> group, List<ServiceOutages.Outage> down,
                                         List<JournalEntry> lines, List<Map<String, Object>> tasks, double timeScale,
                                         Map<String, Double> busy) {
        boolean project = timeScale > 0;
        List<Span> realDown = merge(down.stream().map(o -> new Span(o.realStart(), o.realEnd())).toList());
        double r = 0;
        double p = 0;
        double over = 0;
        List<String> cmds = new ArrayList<>();
        List<String> taskNames = new ArrayList<>();
        Map<String, Double> swap = new LinkedHashMap<>();
        Map<String, Double> perNodeFloor = new LinkedHashMap<>();
        double startWork = 0;
        double stopWork = 0;
        for (Span s : realDown) {
            r += s.length();
            List<JournalEntry> counted = new ArrayList<>();
            // Under the free or host_pinned strategy (the callback records each task's) the hosts of
            // a batch do not wait for each other: only the host's own group stretches its window.
            boolean independent = tasks.stream().anyMatch(t -> group.contains(str(t.get("host")))
                    && num(t, "start") >= s.start() && num(t, "end") <= s.end()
                    && t.get("strategy") != null && !"linear".equals(t.get("strategy")));
            for (JournalEntry l : lines) {
                String h = l.hostName();
                double t0 = num(l.realStart());
                if (t0 < s.start() || t0 > s.end() || (independent && !group.contains(h))) {
                    continue;
                }
                // Any host's modelled work inside the window stretches it: in Ansible's linear
                // strategy a host waits for every host of its batch at each task (and hosts of
                // different package tools run their swap tasks one after the other).
                counted.add(l);
                if (!group.contains(h)) {
                    if (!cmds.contains("(waits for " + h + ")")) {
                        cmds.add("(waits for " + h + ")");
                    }
                    continue;
                }
                cmds.add((group.size() > 1 ? h + ": " : "") + argvText(l));
                double d = num(l.duration());
                switch (classify(l)) {
                    case "removal", "install" -> {
                        swap.merge(h, d, Double::sum);
                        perNodeFloor.merge(h, d, Double::sum);
                    }
                    case "recovery", "snapshot" -> perNodeFloor.merge(h, d, Double::sum);
                    case "start" -> startWork += d;
                    case "stop" -> stopWork += d;
                    default -> { }
                }
            }
            double u = union(sleeps(counted), s);
            over += s.length() - u;
            if (project) {
                // as the whole run: where the hosts it waits for work side by side, their sleeps overlap
                p += RunProjection.projected(s, independent
                        ? tasks.stream().filter(t -> group.contains(str(t.get("host")))).toList() : tasks,
                        counted, timeScale);
            }
            for (Map<String, Object> t : tasks) {
                if (host.equals(str(t.get("host"))) && num(t, "start") >= s.start() && num(t, "end") <= s.end()
                        && !"skipped".equals(t.get("status"))) {
                    taskNames.add(str(t.get("task")));
                }
            }
        }
        double modelled = union(down.stream().map(o -> new Span(o.modelledStart(), o.modelledEnd())).toList(),
                new Span(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
        double reference = swap.values().stream().mapToDouble(Double::doubleValue).max().orElse(0) + startWork;
        double floor = perNodeFloor.values().stream().mapToDouble(Double::doubleValue).max().orElse(0) + startWork
                + stopWork;
        Double naive = busy == null ? null
                : round(group.stream().mapToDouble(h -> busy.getOrDefault(h, 0.0)).sum());
        return new HostDowntime(host, group, round(r), project ? round(p) : null, round(modelled), round(over),
                round(reference), round(floor), project && reference > 0 ? round(p / reference) : null,
                reference > 0 ? round(floor / reference) : 0, cmds, taskNames, naive);
    }

    /**
     * The real spans during which each command slept (its modelled work at the time scale): the one
     * definition the window, each host's downtime and {@link RunProjection} share.
     */
    static List<Span> sleeps(List<JournalEntry> lines) {
        return lines.stream().filter(l -> num(l.sleep()) > 0 && l.realEnd() != null)
                .map(l -> new Span(l.realEnd() - l.sleep(), l.realEnd())).toList();
    }

    /**
     * Ansible's {@code serial}: a number of hosts, or a percentage of the play's hosts rounded down,
     * at least one.
     */
    static int batchSize(String serial, int hosts) {
        if (hosts == 0) {
            return 1;
        }
        String s = serial == null ? "" : serial.strip();
        try {
            if (s.endsWith("%")) {
                double pct = Double.parseDouble(s.substring(0, s.length() - 1));
                return Math.max(1, Math.min(hosts, (int) (pct / 100.0 * hosts)));
            }
            return Math.max(1, Math.min(hosts, Integer.parseInt(s)));
        } catch (NumberFormatException e) {
            return hosts; // no serial: the whole play at once
        }
    }

    /** What a command does to the window: stop, start, removal, install, recovery (stored -r), snapshot or other. */
    static String classify(JournalEntry line) {
        List<String> argv = argv(line);
        if (argv.isEmpty()) {
            return "other";
        }
        String a0 = argv.get(0);
        String a1 = argv.size() > 1 ? argv.get(1) : "";
        switch (a0) {
            case "stop-msg":
                return "stop";
            case "start-msg":
                return "start";
            case "stored":
                return argv.contains("-r") ? "recovery" : "other";
            case "zfs":
                return a1.equals("snapshot") ? "snapshot" : "other";
            case "pkgrm":
                return "removal";
            case "pkgadd":
                return "install";
            case "pkg":
                return a1.equals("uninstall") ? "removal"
                        : a1.equals("install") || a1.equals("update") ? "install" : "other";
            case "scswitch":
                return argv.contains("-n") ? "stop" : argv.contains("-e") ? "start" : "other";
            case "clresource":
                return a1.equals("disable") ? "stop" : a1.equals("enable") ? "start" : "other";
            case "crsctl":
                return a1.equals("stop") ? "stop" : a1.equals("start") ? "start" : "other";
            case "rpm":
                for (String a : argv.subList(1, argv.size())) {
                    if (a.startsWith("-") && !a.startsWith("--") && !a.contains("q")) {
                        if (a.contains("e")) {
                            return "removal";
                        }
                        if (a.contains("i") || a.contains("U") || a.contains("F")) {
                            return "install";
                        }
                    }
                }
                return "other";
            default:
                return "other";
        }
    }

    /** Overlapping spans merged, in order. */
    static List<Span> merge(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingDouble(Span::start));
        List<Span> out = new ArrayList<>();
        for (Span s : sorted) {
            if (!out.isEmpty() && s.start() <= out.get(out.size() - 1).end()) {
                Span last = out.remove(out.size() - 1);
                out.add(new Span(last.start(), Math.max(last.end(), s.end())));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** Length of the union of {@code spans} inside {@code within}. */
    static double union(List<Span> spans, Span within) {
        double total = 0;
        for (Span s : merge(spans)) {
            total += Math.max(0, Math.min(s.end(), within.end()) - Math.max(s.start(), within.start()));
        }
        return total;
    }

    private static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return 0;
        }
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static List<String> argv(JournalEntry l) {
        return l.argv() == null ? List.of() : l.argv().stream().map(String::valueOf).toList();
    }

    private static String argv0(JournalEntry l) {
        List<String> a = argv(l);
        return a.isEmpty() ? "" : a.get(0);
    }

    private static String argvText(JournalEntry l) {
        List<String> a = argv(l);
        return String.join(" ", a.subList(0, Math.min(a.size(), 3))) + (a.size() > 3 ? " ..." : "");
    }

    /** A task's number, 0 when the task has none. */
    private static double num(Map<String, Object> t, String key) {
        return t.get(key) instanceof Number n ? n.doubleValue() : 0;
    }

    /** A journal line's number, 0 when the line has none. */
    private static double num(Double x) {
        return x == null ? 0 : x;
    }

    private static String str(Object o) {
        return String.valueOf(o);
    }

    static double round(double x) {
        return Math.round(x * 100.0) / 100.0;
    }

    private static String fmt(double x) {
        return String.format(java.util.Locale.ROOT, "%.1f", x);
    }
}
