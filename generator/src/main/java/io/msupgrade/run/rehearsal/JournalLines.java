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

/** Reads the simulator's journal: one JSON object per command a simulated host ran. */
final class JournalLines {

    private JournalLines() {
    }

    static List<Map<String, Object>> read(Path journal) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.exists(journal)) {
            return out;
        }
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(Rehearsal.json().readValue(line, new TypeReference<Map<String, Object>>() { }));
            }
        }
        return out;
    }

    static int count(Path journal) throws IOException {
        return read(journal).size();
    }

    /** The commands {@code hosts} ran after line {@code from} that {@code which} selects: each as "host: argv". */
    static List<String> commandsOn(Path journal, List<String> hosts, int from, Predicate<List<?>> which)
            throws IOException {
        List<Map<String, Object>> lines = read(journal);
        List<String> out = new ArrayList<>();
        for (int i = Math.max(0, from); i < lines.size(); i++) {
            Map<String, Object> l = lines.get(i);
            List<?> argv = (List<?>) l.get("argv");
            if (hosts.contains(String.valueOf(l.get("host"))) && argv != null && !argv.isEmpty() && which.test(argv)) {
                out.add(l.get("host") + ": " + argv);
            }
        }
        return out;
    }
}
