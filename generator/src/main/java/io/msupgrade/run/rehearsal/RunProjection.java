package io.msupgrade.run.rehearsal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.msupgrade.run.rehearsal.MaintenanceWindow.Span;

/**
 * How long a span of a run would have lasted had every simulated command taken its modelled time:
 * the <em>projected</em> clock of {@link MaintenanceWindow}, for the whole upgrade run and for each
 * host's downtime.
 *
 * <p>A rehearsal at time scale {@code s} sleeps {@code s} of each modelled second; Ansible's own
 * work between the commands (forks, templating, results) takes real time whatever the scale.
 * Stretching every sleep back by {@code 1/s} is only right where the hosts wait for each other.
 * Hosts that do not (a play of the {@code host_pinned} or {@code free} strategy) drift apart by
 * that real overhead, and at a small scale their sleeps no longer overlap in real time although
 * in a real window they run side by side: stretching the union of the sleeps would add up work
 * that overlaps. So the run is cut where the hosts really wait for each other:
 *
 * <ul>
 * <li>a play of the {@code linear} strategy waits at every task: a <em>segment</em> is a set of
 * task runs that overlap in real time (one task across the batch);</li>
 * <li>a play of another strategy waits only at the end of a batch ({@code serial}): a segment is
 * one batch of one play (a task of a host not yet in it, starting after all of it ended, opens
 * the next).</li>
 * </ul>
 *
 * A segment lasts, projected, as long as its slowest host: the real time from the segment's start
 * to that host's last task end, with that host's own sleeps stretched. Outside the segments
 * (between plays, the controller alone) time stays real; a sleep no task holds is stretched where
 * it is.
 */
final class RunProjection {

    private RunProjection() {
    }

    /** One task run of one host, from tasks.jsonl. */
    private record TaskRun(String host, String play, boolean waitsPerTask, double start, double end) {
    }

    /**
     * The projected length of {@code window}.
     *
     * @param tasks     the lines of tasks.jsonl of the hosts that count; those inside the window do
     * @param lines     the journal lines inside the window of the hosts that count
     * @param timeScale real seconds slept per modelled second, above 0
     */
    static double projected(Span window, List<Map<String, Object>> tasks, List<JournalEntry> lines, double timeScale) {
        List<Span> sleeps = MaintenanceWindow.sleeps(lines);
        Map<String, List<Span>> sleepsOf = lines.stream().collect(Collectors.groupingBy(JournalEntry::hostName,
                Collectors.collectingAndThen(Collectors.toList(), MaintenanceWindow::sleeps)));
        double projected = window.length();
        List<Span> held = new ArrayList<>();
        for (List<TaskRun> segment : segments(runs(window, tasks))) {
            // a task that runs past the window (the one whose start-msg ends a downtime) counts up to it
            double start = segment.get(0).start();
            double end = Math.min(window.end(), segment.stream().mapToDouble(TaskRun::end).max().orElse(start));
            Span span = new Span(start, end);
            held.add(span);
            Map<String, Double> hostEnd = new LinkedHashMap<>();
            segment.forEach(t -> hostEnd.merge(t.host(), Math.min(window.end(), t.end()), Math::max));
            double longest = 0;
            for (Map.Entry<String, Double> e : hostEnd.entrySet()) {
                double slept = MaintenanceWindow.union(sleepsOf.getOrDefault(e.getKey(), List.of()), span);
                longest = Math.max(longest, e.getValue() - start - slept + slept / timeScale);
            }
            projected += longest - span.length();
        }
        // a sleep outside every segment (no task recorded around it) stretched where it is
        double loose = MaintenanceWindow.union(sleeps, window) - unionWithin(sleeps, held);
        return projected + Math.max(0, loose) * (1 / timeScale - 1);
    }

    /**
     * The task runs inside the window, in order of start; one that began before it (the task whose
     * stop-msg begins a downtime) counts from the window's start.
     */
    private static List<TaskRun> runs(Span window, List<Map<String, Object>> tasks) {
        return tasks.stream()
                .filter(t -> t.get("start") instanceof Number && t.get("end") instanceof Number)
                .map(t -> new TaskRun(String.valueOf(t.get("host")), String.valueOf(t.get("play")),
                        t.get("strategy") == null || "linear".equals(t.get("strategy")),
                        Math.max(window.start(), ((Number) t.get("start")).doubleValue()),
                        ((Number) t.get("end")).doubleValue()))
                .filter(t -> t.end() > window.start() && t.start() < window.end())
                .sorted(Comparator.comparingDouble(TaskRun::start)).toList();
    }

    /** The runs cut where the hosts wait for each other (see the class comment). */
    private static List<List<TaskRun>> segments(List<TaskRun> runs) {
        List<List<TaskRun>> out = new ArrayList<>();
        List<TaskRun> current = new ArrayList<>();
        double end = Double.NEGATIVE_INFINITY;
        for (TaskRun t : runs) {
            boolean next;
            if (current.isEmpty()) {
                next = false;
            } else if (!Objects.equals(t.play(), current.get(0).play())
                    || t.waitsPerTask() != current.get(0).waitsPerTask()) {
                next = true;
            } else if (t.waitsPerTask()) {
                next = t.start() >= end;
            } else {
                next = t.start() >= end && current.stream().noneMatch(c -> c.host().equals(t.host()));
            }
            if (next) {
                out.add(current);
                current = new ArrayList<>();
                end = Double.NEGATIVE_INFINITY;
            }
            current.add(t);
            end = Math.max(end, t.end());
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    private static double unionWithin(List<Span> spans, List<Span> within) {
        return within.stream().mapToDouble(w -> MaintenanceWindow.union(spans, w)).sum();
    }
}
