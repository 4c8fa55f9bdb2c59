package io.msupgrade.run.rehearsal;

import java.util.List;
import java.util.Map;

/**
 * Journal lines for the tests, written as maps with the simulator's keys (as msim.py writes them,
 * easy to change one key in place) and read as the rehearsal reads them.
 */
final class Journals {

    private Journals() {
    }

    static JournalEntry entry(Map<String, Object> line) {
        return Rehearsal.json().convertValue(line, JournalEntry.class);
    }

    static List<JournalEntry> entries(List<Map<String, Object>> lines) {
        return lines.stream().map(Journals::entry).toList();
    }
}
