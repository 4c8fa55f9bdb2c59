package io.msupgrade.run.rehearsal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** Changing commands that {@code hosts} ran after line {@code from}: each as "host: argv". */
    static List<String> changingCommandsOn(Path journal, List<String> hosts, Set<String> changing, int from)
            throws IOException {
        List<Map<String, Object>> lines = read(journal);
        List<String> out = new ArrayList<>();
        for (int i = Math.max(0, from); i < lines.size(); i++) {
            Map<String, Object> l = lines.get(i);
            List<?> argv = (List<?>) l.get("argv");
            if (hosts.contains(String.valueOf(l.get("host"))) && argv != null && !argv.isEmpty()
                    && changing.contains(String.valueOf(argv.get(0))) && isChange(argv)) {
                out.add(l.get("host") + ": " + argv);
            }
        }
        return out;
    }

    /** Read-only forms of otherwise changing commands (rpm -q, zfs list, pkg list, crsctl status). */
    private static boolean isChange(List<?> argv) {
        String second = argv.size() > 1 ? String.valueOf(argv.get(1)) : "";
        return !(second.equals("-q") || second.startsWith("-q") || second.equals("list") || second.equals("info")
                || second.equals("status") || second.equals("publisher") || second.equals("version"));
    }
}
