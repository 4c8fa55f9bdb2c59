package io.msupgrade.discover;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the discover play read on one inventory host (the module {@code msupgrade_discover}'s
 * result), or why it read nothing. Every value comes from the host and is untrusted: the draft
 * writer quotes it and {@code validate} judges it.
 *
 * @param name     the inventory name
 * @param status   how far the read got
 * @param found    the module's {@code discovered} mapping (empty when nothing was read)
 * @param problems what could not be read, as the host or Ansible said it
 */
public record HostReport(String name, Status status, Map<String, Object> found, List<String> problems) {

    /** How far the read of one host got. */
    public enum Status {
        /** Messaging Server found and read (some values may still be missing: see problems). */
        READ("read"),
        /** Reached, but no Messaging Server is installed there (a new host, the directory host). */
        NO_MESSAGING_SERVER("no Messaging Server installed"),
        /** Ansible could not reach the host. */
        UNREACHABLE("unreachable"),
        /** Reached, but the read failed (no Python, a refused command). */
        FAILED("could not be read");

        private final String words;

        Status(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    public HostReport {
        found = found == null ? Map.of() : Map.copyOf(found);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** A string the module returned under {@code key}, if it is one. */
    public Optional<String> text(String key) {
        return found.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** A mapping the module returned under {@code key}, if it is one. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String key) {
        return found.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** A list of strings the module returned under {@code key} (other elements dropped). */
    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        if (found.get(key) instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }
}
