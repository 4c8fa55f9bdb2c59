package io.msupgrade.run.rehearsal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every host's service outages, read from the simulator's journal: a service is down from the
 * command whose line marks it {@code services.down} to the one that marks it {@code services.up}.
 * The one definition of downtime: the report's per-host table (modelled clock, the whole scenario)
 * and the maintenance window (real and projected clocks, the upgrade run) both read it.
 *
 * <p>Each outage carries both clocks: real (the line's {@code real_start} when the service went
 * down, {@code real_end} when it came up) and modelled ({@code t_start}, {@code t_end}). An outage
 * still open at the last line has no end; {@link #closed} ends it where its reader's span ends.
 */
final class ServiceOutages {

    /** One service of one host down; the ends are null while it is still down. */
    record Outage(String host, String service, double realStart, Double realEnd, double modelledStart,
                  Double modelledEnd) {
    }

    private final List<Outage> outages;
    private final Map<String, Double> lastModelled;
    private final double makespan;

    private ServiceOutages(List<Outage> outages, Map<String, Double> lastModelled, double makespan) {
        this.outages = List.copyOf(outages);
        this.lastModelled = Map.copyOf(lastModelled);
        this.makespan = makespan;
    }

    /** The outages of {@code lines}, taken in the order given (each host's lines are in its own order). */
    static ServiceOutages of(List<JournalEntry> lines) {
        Map<String, Outage> open = new LinkedHashMap<>();
        List<Outage> out = new ArrayList<>();
        Map<String, Double> lastModelled = new LinkedHashMap<>();
        double makespan = 0;
        for (JournalEntry l : lines) {
            double tEnd = num(l.tEnd());
            makespan = Math.max(makespan, tEnd);
            lastModelled.merge(l.hostName(), tEnd, Math::max);
            for (String host : l.servicesHosts("down")) {
                for (String s : l.services("down", host)) {
                    open.putIfAbsent(host + "\0" + s,
                            new Outage(host, s, num(l.realStart()), null, num(l.tStart()), null));
                }
            }
            for (String host : l.servicesHosts("up")) {
                for (String s : l.services("up", host)) {
                    Outage o = open.remove(host + "\0" + s);
                    if (o != null) {
                        out.add(new Outage(host, s, o.realStart(), num(l.realEnd()), o.modelledStart(), tEnd));
                    }
                }
            }
        }
        out.addAll(open.values());
        return new ServiceOutages(out, lastModelled, makespan);
    }

    /**
     * One host's outages, each still open ended at {@code realEnd} and {@code modelledEnd}, in the
     * order they began.
     */
    List<Outage> closed(String host, double realEnd, double modelledEnd) {
        return outages.stream().filter(o -> o.host().equals(host))
                .map(o -> o.realEnd() != null ? o
                        : new Outage(host, o.service(), o.realStart(), realEnd, o.modelledStart(), modelledEnd))
                .sorted(java.util.Comparator.comparingDouble(Outage::realStart)).toList();
    }

    /** The latest modelled time of any line: the whole run's modelled length. */
    double makespan() {
        return makespan;
    }

    /**
     * Per host with an outage, per service, in modelled seconds: the service's outages summed (an
     * outage still open ends at the host's last line).
     */
    Map<String, Map<String, Double>> modelledTotals() {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (Outage o : outages) {
            double end = o.modelledEnd() != null ? o.modelledEnd() : lastModelled.getOrDefault(o.host(), o.modelledStart());
            out.computeIfAbsent(o.host(), h -> new LinkedHashMap<>())
                    .merge(o.service(), end - o.modelledStart(), Double::sum);
        }
        out.values().forEach(services -> services.replaceAll((service, total) -> MaintenanceWindow.round(total)));
        return out;
    }

    private static double num(Double x) {
        return x == null ? 0 : x;
    }
}
