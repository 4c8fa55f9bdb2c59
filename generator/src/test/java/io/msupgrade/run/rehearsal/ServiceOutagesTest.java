package io.msupgrade.run.rehearsal;

import static io.msupgrade.run.rehearsal.Journals.entries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Downtime from the journal's down/up marks: the one definition the report and the window read. */
class ServiceOutagesTest {

    private final List<Map<String, Object>> journal = new ArrayList<>();

    private void line(String host, double tStart, double tEnd, Map<String, Map<String, List<String>>> services) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("host", host);
        l.put("argv", List.of("cmd"));
        l.put("rc", 0);
        l.put("t_start", tStart);
        l.put("t_end", tEnd);
        l.put("real_start", 1000 + tStart);
        l.put("real_end", 1000 + tEnd);
        if (services != null) {
            l.put("services", services);
        }
        journal.add(l);
    }

    @Test
    void aServiceIsDownFromTheStartOfTheLineThatStopsItToTheEndOfTheOneThatStartsIt() {
        line("m1", 0, 20, Map.of("down", Map.of("m1", List.of("mta", "imap"))));
        line("m1", 20, 60, null);
        line("m1", 60, 70, Map.of("up", Map.of("m1", List.of("mta"))));
        line("m1", 70, 100, Map.of("up", Map.of("m1", List.of("imap"))));
        // a second outage of mta adds to the first
        line("m1", 100, 105, Map.of("down", Map.of("m1", List.of("mta"))));
        line("m1", 105, 110, Map.of("up", Map.of("m1", List.of("mta"))));
        ServiceOutages o = ServiceOutages.of(entries(journal));
        assertEquals(Map.of("m1", Map.of("mta", 80.0, "imap", 100.0)), o.modelledTotals());
        assertEquals(110, o.makespan(), 1e-9);
        List<ServiceOutages.Outage> m1 = o.closed("m1", 2000, 999);
        assertEquals(3, m1.size());
        assertEquals(1000, m1.get(0).realStart(), 1e-9);
        assertEquals(1070.0, m1.get(0).realEnd(), 1e-9);
    }

    @Test
    void aCommandOnOneNodeCanTakeAnotherHostsServicesDown() {
        // an HA resource disabled from h1 stops the services on h2, where the resource ran
        line("h1", 0, 45, Map.of("down", Map.of("h2", List.of("store"))));
        line("h1", 45, 300, null);
        line("h1", 300, 345, Map.of("up", Map.of("h2", List.of("store"))));
        ServiceOutages o = ServiceOutages.of(entries(journal));
        assertEquals(Map.of("h2", Map.of("store", 345.0)), o.modelledTotals());
        assertTrue(o.closed("h1", 0, 0).isEmpty());
    }

    @Test
    void anOutageStillOpenEndsAtTheHostsLastLineOrWhereItsReaderSays() {
        line("m1", 0, 20, Map.of("down", Map.of("m1", List.of("mta"))));
        line("m1", 20, 60, null);
        line("m2", 60, 200, null);
        ServiceOutages o = ServiceOutages.of(entries(journal));
        assertEquals(Map.of("m1", Map.of("mta", 60.0)), o.modelledTotals(), "m1's own last line, not m2's");
        ServiceOutages.Outage open = o.closed("m1", 1500, 250).get(0);
        assertEquals(1500, open.realEnd(), 1e-9);
        assertEquals(250, open.modelledEnd(), 1e-9);
    }
}
