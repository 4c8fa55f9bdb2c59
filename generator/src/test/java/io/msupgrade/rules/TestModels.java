package io.msupgrade.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.msupgrade.model.Problem;
import io.msupgrade.model.ReadResult;
import io.msupgrade.model.Severity;

/**
 * Small models for rule tests: a valid sample-like model (one Linux MTA upgraded in place, every
 * medium present) that each test bends until one rule trips, plus locators that find where a key's
 * value stands in the text, so tests can assert the exact line:column reported.
 */
final class TestModels {

    static final String FILE = "t.yaml";

    private TestModels() {
    }

    static Builder model() {
        return new Builder();
    }

    static ReadResult validate(String yaml) {
        return new Validator().validate(FILE, yaml.getBytes(StandardCharsets.UTF_8));
    }

    /** Builds the YAML text of a model; every setter returns the builder. */
    static final class Builder {
        private final Map<String, String> target = new LinkedHashMap<>();
        private final Map<String, String> media = new LinkedHashMap<>();
        private final Map<String, String> previous = new LinkedHashMap<>();
        private boolean withMedia = true;
        /**
         * media.clusterware_agent, which MS019 requires once a host is under Clusterware: written
         * only for such a model (unless a test set it), so every other model keeps the line numbers
         * the reader tests count on.
         */
        private static final String CLUSTERWARE_AGENT = "clusterware_agent";
        private boolean agentMediaSet;
        private final List<String> top = new ArrayList<>();
        private final Map<String, Map<String, String>> hosts = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> newHosts = new LinkedHashMap<>();
        private final List<String> tail = new ArrayList<>();

        Builder() {
            target.put("version", "8.1.0.26.0");
            media.put("linux", "/m/8.1.0/linux");
            media.put("solaris", "/m/8.1.0/solaris");
            media.put("solaris_ips", "http://pkg.example.com/ms");
            media.put("dssetup", "/m/8.1.0/dssetup");
            previous.put("8.0.2.3.0", "{ linux: /m/8.0.2/linux, solaris: /m/8.0.2/solaris,"
                    + " solaris_ips: \"http://pkg.example.com/ms802\" }");
        }

        /** Sets a key of {@code target}; null removes it. */
        Builder target(String key, String value) {
            put(target, key, value);
            return this;
        }

        Builder cassandra() {
            return target("store", "cassandra");
        }

        /** Sets a key of {@code media}; null removes it. */
        Builder media(String key, String value) {
            put(media, key, value);
            if (key.equals(CLUSTERWARE_AGENT)) {
                agentMediaSet = true;
            }
            return this;
        }

        Builder noMedia() {
            withMedia = false;
            return this;
        }

        /** Sets an entry of {@code media.previous} as a flow mapping; null removes it. */
        Builder previous(String version, String flowMapping) {
            put(previous, version, flowMapping);
            return this;
        }

        /** A raw top-level line (or lines), written after {@code directory}. */
        Builder top(String line) {
            top.add(line);
            return this;
        }

        /** A raw top-level line (or lines), written at the end of the file. */
        Builder tail(String line) {
            tail.add(line);
            return this;
        }

        /**
         * An existing host: {@code key: value} lines override the defaults (components [mta],
         * oracle-linux-8, x86_64, 8.0.2.3.0, in-place); {@code key: null} drops a default. A host of
         * the same name is changed where it stands.
         */
        Builder host(String name, String... lines) {
            Map<String, String> keys = hosts.computeIfAbsent(name, n -> {
                Map<String, String> defaults = new LinkedHashMap<>();
                defaults.put("components", "[mta]");
                defaults.put("os", "oracle-linux-8");
                defaults.put("arch", "x86_64");
                defaults.put("version", "8.0.2.3.0");
                defaults.put("strategy", "in-place");
                return defaults;
            });
            merge(keys, lines);
            return this;
        }

        /** A new host: defaults components [mta], oracle-linux-8, x86_64, no provision; changes one of the same name. */
        Builder newHost(String name, String... lines) {
            Map<String, String> keys = newHosts.computeIfAbsent(name, n -> {
                Map<String, String> defaults = new LinkedHashMap<>();
                defaults.put("components", "[mta]");
                defaults.put("os", "oracle-linux-8");
                defaults.put("arch", "x86_64");
                return defaults;
            });
            merge(keys, lines);
            return this;
        }

        String yaml() {
            StringBuilder y = new StringBuilder();
            y.append("model: msupgrade/v1\n");
            y.append("deployment: test-mail\n");
            y.append("target:\n");
            target.forEach((k, v) -> y.append("  ").append(k).append(": ").append(v).append('\n'));
            if (withMedia && !agentMediaSet && hosts.values().stream().anyMatch(h -> String.valueOf(h.get("ha"))
                    .contains("clusterware"))) {
                media.put(CLUSTERWARE_AGENT, "/m/8.1.0/clusterware-agent");
            }
            if (withMedia) {
                y.append("media:\n");
                media.forEach((k, v) -> y.append("  ").append(k).append(": ").append(v).append('\n'));
                if (!previous.isEmpty()) {
                    y.append("  previous:\n");
                    previous.forEach((k, v) -> y.append("    \"").append(k).append("\": ").append(v).append('\n'));
                }
            }
            y.append("directory:\n  host: ldap1.example.com\n  password_var: vault_dm_password\n");
            boolean movesStores = hosts.values().stream().anyMatch(k -> "coexistence".equals(k.get("strategy"))
                    && k.getOrDefault("components", "").contains("store"));
            if (movesStores) {
                // pointing moved users at their new host needs their DNs (ModelConsistencyRules)
                y.append("  user_base: ou=People,o=example.com\n");
            }
            top.forEach(l -> y.append(l).append('\n'));
            y.append("hosts:\n");
            if (hosts.isEmpty()) {
                host("mta1");
            }
            hosts.forEach((name, keys) -> y.append(entry(name, keys)));
            if (!newHosts.isEmpty()) {
                y.append("new_hosts:\n");
                newHosts.forEach((name, keys) -> y.append(entry(name, keys)));
            }
            tail.forEach(l -> y.append(l).append('\n'));
            return y.toString();
        }

        ReadResult validate() {
            return TestModels.validate(yaml());
        }

        private static void merge(Map<String, String> keys, String... lines) {
            for (String line : lines) {
                int colon = line.indexOf(':');
                String key = line.substring(0, colon).strip();
                String value = line.substring(colon + 1).strip();
                if (value.equals("null")) {
                    keys.remove(key);
                } else {
                    keys.put(key, value); // a key keeps its place; a new key goes last
                }
            }
        }

        private static String entry(String name, Map<String, String> keys) {
            StringBuilder e = new StringBuilder("  - name: ").append(name).append('\n');
            keys.forEach((k, v) -> e.append("    ").append(k).append(": ").append(v).append('\n'));
            return e.toString();
        }

        private static void put(Map<String, String> map, String key, String value) {
            if (value == null) {
                map.remove(key);
            } else {
                map.put(key, value);
            }
        }
    }

    // ---- locating nodes in the text -------------------------------------------------------------

    /**
     * Where the value of {@code key} starts in the entry of host (or new host) {@code name}:
     * {@code file:line:column}, found by reading the text, independently of the reader.
     */
    static String valueOf(String yaml, String name, String key) {
        String[] lines = yaml.split("\n", -1);
        int start = entryLine(lines, name);
        Pattern p = Pattern.compile("(^|[\\s{,])" + Pattern.quote(key) + ":[ ]*");
        for (int i = start; i < lines.length; i++) {
            if (i > start && lines[i].startsWith("  - ")) {
                break;
            }
            Matcher m = p.matcher(lines[i]);
            if (m.find()) {
                int col = m.end() + 1;
                if (m.end() == lines[i].length()) {
                    // block value on the next line
                    String next = lines[i + 1];
                    return FILE + ":" + (i + 2) + ":" + (next.length() - next.stripLeading().length() + 1);
                }
                return FILE + ":" + (i + 1) + ":" + col;
            }
        }
        throw new AssertionError("no key '" + key + "' in entry '" + name + "'");
    }

    /** Where the mapping of host (or new host) {@code name} starts: the column of its first key. */
    static String entryOf(String yaml, String name) {
        String[] lines = yaml.split("\n", -1);
        int i = entryLine(lines, name);
        return FILE + ":" + (i + 1) + ":" + (lines[i].indexOf("- name:") + 3);
    }

    /** Where the value of the top-level key {@code key} starts, e.g. "media" or "sequence". */
    static String topValue(String yaml, String key) {
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(key + ":")) {
                String rest = lines[i].substring(key.length() + 1);
                if (rest.isBlank()) {
                    String next = lines[i + 1];
                    return FILE + ":" + (i + 2) + ":" + (next.length() - next.stripLeading().length() + 1);
                }
                return FILE + ":" + (i + 1) + ":" + (key.length() + 2 + (rest.length() - rest.stripLeading().length()));
            }
        }
        throw new AssertionError("no top-level key '" + key + "'");
    }

    /** Where the first occurrence of {@code fragment} starts in the text. */
    static String textAt(String yaml, String fragment) {
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int c = lines[i].indexOf(fragment);
            if (c >= 0) {
                return FILE + ":" + (i + 1) + ":" + (c + 1);
            }
        }
        throw new AssertionError("no '" + fragment + "' in the model");
    }

    private static int entryLine(String[] lines, String name) {
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals("  - name: " + name)) {
                return i;
            }
        }
        throw new AssertionError("no host '" + name + "'");
    }

    // ---- assertions ---------------------------------------------------------------------------

    static List<Problem> withCode(ReadResult r, String code) {
        return r.problems().stream().filter(p -> p.code().equals(code)).toList();
    }

    /** Exactly one problem with {@code code}, of that severity, at that place; returned for more checks. */
    static Problem assertProblem(ReadResult r, String code, Severity severity, String location) {
        List<Problem> found = withCode(r, code);
        if (found.size() != 1) {
            fail("expected one " + code + ", got " + found.size() + ":\n" + describe(r));
        }
        Problem p = found.get(0);
        assertEquals(severity, p.severity(), () -> describe(r));
        assertEquals(location, p.location().toString(), () -> describe(r));
        return p;
    }

    static Problem assertError(ReadResult r, String code, String location) {
        Problem p = assertProblem(r, code, Severity.ERROR, location);
        assertTrue(r.model().isEmpty(), "an error stops generation: no model is handed on");
        return p;
    }

    static Problem assertWarning(ReadResult r, String code, String location) {
        return assertProblem(r, code, Severity.WARNING, location);
    }

    static void assertNone(ReadResult r, String code) {
        assertTrue(withCode(r, code).isEmpty(), () -> "expected no " + code + ":\n" + describe(r));
    }

    static void assertClean(ReadResult r) {
        assertTrue(r.problems().isEmpty(), () -> "expected no problems:\n" + describe(r));
        assertTrue(r.model().isPresent());
    }

    static String describe(ReadResult r) {
        return r.problems().stream().map(Problem::format).collect(Collectors.joining("\n"));
    }
}
