package io.msupgrade.run.rehearsal;

import static io.msupgrade.run.rehearsal.Journals.entries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The online move's order per batch, as MoveOrder reads it from a journal. */
class MoveOrderTest {

    private static final String S = "/s/backup/migrate/";

    private static Map<String, Object> line(String host, String... argv) {
        return Map.of("host", host, "argv", List.of(argv), "rc", 0);
    }

    private static List<Map<String, Object>> batch(String id, boolean release, boolean releaseFirst) {
        List<Map<String, Object>> j = new ArrayList<>();
        if (releaseFirst) {
            j.add(line("mx1", "imsimta", "qm"));
        }
        j.add(line("new1", "ldapmodify", "-H", "ldap://l:389", "-f", S + "old1-" + id + ".hold.ldif"));
        j.add(line("old1", "imsbackup", "-v", "-f", S + "old1-" + id + ".ims", "-u", S + "old1-" + id + ".users"));
        j.add(line("new1", "imsrestore", "-E", "-f", S + "old1-" + id + ".ims"));
        j.add(line("new1", "ldapmodify", "-H", "ldap://l:389", "-f", S + "old1-" + id + ".switch.ldif"));
        if (release) {
            j.add(line("mx1", "imsimta", "qm"));
        }
        return j;
    }

    @Test
    void theGuidesOrderPasses() {
        List<Map<String, Object>> j = batch("0001", true, false);
        j.addAll(batch("0002", true, false));
        assertEquals(List.of(), MoveOrder.violations(entries(j)));
    }

    @Test
    void heldMailNeverReleasedIsReported() {
        List<String> v = MoveOrder.violations(entries(batch("0001", false, true)));
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).contains("old1-0001") && v.get(0).contains("no release"), v.toString());
    }

    @Test
    void aBackupBeforeTheHoldIsReported() {
        List<Map<String, Object>> j = batch("0001", true, false);
        j.add(0, j.remove(1)); // imsbackup first
        List<String> v = MoveOrder.violations(entries(j));
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).contains("imsbackup"), v.toString());
    }
}
