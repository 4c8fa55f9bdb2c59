package io.msupgrade.run.rehearsal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * Reads the simulator's journal, one {@link JournalEntry} per command a simulated host ran, and
 * other JSON-lines files of the simulator (the callback's tasks.jsonl) as plain maps.
 */
final class JournalLines {

    private JournalLines() {
    }

    static List<JournalEntry> read(Path journal) throws IOException {
        List<JournalEntry> out = new ArrayList<>();
        for (String line : lines(journal)) {
            out.add(Rehearsal.json().readValue(line, JournalEntry.class));
        }
        return out;
    }

    /** A JSON-lines file of objects as maps (tasks.jsonl: one line per task and host). */
    static List<Map<String, Object>> readMaps(Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : lines(file)) {
            out.add(Rehearsal.json().readValue(line, new TypeReference<Map<String, Object>>() { }));
        }
        return out;
    }

    private static List<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    static int count(Path journal) throws IOException {
        return read(journal).size();
    }

    /** The commands {@code hosts} ran after line {@code from} that {@code which} selects: each as "host: argv". */
    static List<String> commandsOn(Path journal, List<String> hosts, int from, Predicate<List<?>> which)
            throws IOException {
        List<JournalEntry> lines = read(journal);
        List<String> out = new ArrayList<>();
        for (int i = Math.max(0, from); i < lines.size(); i++) {
            JournalEntry l = lines.get(i);
            List<String> argv = l.argv();
            if (hosts.contains(l.hostName()) && argv != null && !argv.isEmpty() && which.test(argv)) {
                out.add(l.host() + ": " + argv);
            }
        }
        return out;
    }
}
