package io.msupgrade.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.msupgrade.discover.Discovery;
import io.msupgrade.discover.DraftWriter;
import io.msupgrade.discover.HostReport;
import io.msupgrade.run.ExternalCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code msupgrade discover -i INVENTORY [--limit PATTERN] -o MODEL.yaml}: reads the hosts of an
 * existing inventory with a read-only play and writes a model draft (docs/discover.md).
 */
@Command(name = "discover", mixinStandardHelpOptions = true,
        description = {
            "Read the hosts of an Ansible inventory (read-only play) and write a model draft.",
            "Values read from the hosts are quoted; what only you can decide is FILL-IN, with a comment:"
                    + " 'msupgrade validate MODEL.yaml' lists what is left.",
            "Hosts that could not be read are listed, never guessed; exit 4 when none could be read."
        })
final class DiscoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--inventory"}, required = true, paramLabel = "INVENTORY",
            description = "the Ansible inventory of the hosts as they are today (file or folder)")
    Path inventory;

    @Option(names = "--limit", paramLabel = "PATTERN", description = "only the hosts of this Ansible host pattern")
    String limit;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "MODEL.yaml", description = "the draft to write")
    Path output;

    @Option(names = "--force", description = "overwrite MODEL.yaml when it exists")
    boolean force;

    @Option(names = "--timeout", defaultValue = "30m", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "stop ansible-playbook after 90s, 30m, 2h...; default: ${DEFAULT-VALUE}")
    Duration timeout;

    private Map<String, String> environment = System.getenv();

    /** The environment ansible-playbook runs with (copied); tests use a rehearsal's. */
    DiscoverCommand environment(Map<String, String> env) {
        this.environment = Map.copyOf(env);
        return this;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.exists(inventory)) {
            err.println("msupgrade: no inventory at " + inventory);
            return ExitCode.USAGE;
        }
        if (Files.exists(output) && !force) {
            err.println("msupgrade: " + output + " exists; discover writes a new draft (--force overwrites it)");
            return ExitCode.OUTPUT_REFUSED;
        }
        Path work = Files.createTempDirectory("msupgrade-discover-");
        try {
            Discovery.Result result;
            try {
                result = new Discovery(environment, timeout).run(inventory, limit, work, line -> {
                    err.println(line);
                    err.flush();
                });
            } catch (ExternalCommand.NotFoundException e) {
                err.println("msupgrade: ansible-playbook is not installed or not on PATH (" + e.getMessage() + ")");
                return ExitCode.EXTERNAL_FAILED;
            }
            report(result, out);
            if (result.readCount() == 0) {
                if (result.hosts().isEmpty()) {
                    result.output().stream().filter(l -> l.contains("ERROR") || l.contains("WARNING"))
                            .forEach(l -> err.println(Terminal.safe(l)));
                }
                err.println("msupgrade: no Messaging Server host could be read"
                        + (result.timedOut() ? " (stopped after the --timeout of " + timeout + ")" : "")
                        + "; nothing was written");
                return ExitCode.EXTERNAL_FAILED;
            }
            write(DraftWriter.write(result.hosts()));
            long left = result.hosts().size() - result.readCount();
            out.println("msupgrade: wrote " + output + " (" + result.readCount() + " of " + result.hosts().size()
                    + " hosts read" + (left > 0 ? "; " + left + " not read, listed at its end" : "")
                    + "); fill in every FILL-IN, then run 'msupgrade validate " + output + "'");
            out.flush();
            return ExitCode.OK;
        } finally {
            delete(work);
        }
    }

    /** One line per host: what was read, or why nothing was; then what could not be read. */
    private static void report(Discovery.Result result, PrintWriter out) {
        for (HostReport h : result.hosts()) {
            List<String> words = new ArrayList<>();
            words.add(h.status().words());
            if (h.status() == HostReport.Status.READ) {
                h.text("os").ifPresent(words::add);
                h.text("arch").ifPresent(words::add);
                h.text("version").ifPresent(v -> words.add("Messaging Server " + v));
                if (!h.strings("components").isEmpty()) {
                    words.add("[" + String.join(", ", h.strings("components")) + "]");
                }
                h.text("config_layout").ifPresent(l -> words.add(l + " configuration"));
                h.text("store_kind").ifPresent(k -> words.add(k + " store"));
                h.text("zfs_store_dataset").ifPresent(z -> words.add("store on ZFS " + z));
                Map<String, Object> ha = h.map("ha");
                if (!ha.isEmpty()) {
                    words.add("HA " + ha.get("cluster") + " resource " + ha.get("resource") + " nodes " + ha.get("nodes"));
                }
                Map<String, Object> dir = h.map("directory");
                if (!dir.isEmpty()) {
                    words.add("directory " + dir.get("host") + (dir.get("port") != null ? ":" + dir.get("port") : "")
                            + (dir.get("base_dn") != null ? " base " + dir.get("base_dn") : ""));
                }
                Map<String, Object> roots = h.map("roots");
                for (String r : h.strings("roots_not_default")) {
                    words.add(r + " " + roots.get(r));
                }
            }
            out.println(Terminal.safe(h.name() + ": " + String.join("; ", words)));
            for (String p : h.problems()) {
                out.println(Terminal.safe("  not read: " + p));
            }
        }
        // the model lists every node of an HA resource as a host: say which ones were not read
        java.util.Set<String> read = new java.util.HashSet<>();
        result.hosts().stream().filter(h -> h.status() == HostReport.Status.READ).forEach(h -> read.add(h.name()));
        java.util.Map<String, java.util.Set<String>> missing = new java.util.TreeMap<>();
        for (HostReport h : result.hosts()) {
            if (h.map("ha").get("resource") instanceof String resource && h.map("ha").get("nodes") instanceof List<?> nodes) {
                for (Object n : nodes) {
                    if (!read.contains(String.valueOf(n))) {
                        missing.computeIfAbsent(resource, r -> new java.util.TreeSet<>()).add(String.valueOf(n));
                    }
                }
            }
        }
        missing.forEach((resource, nodes) -> out.println(Terminal.safe("msupgrade: HA resource " + resource
                + " has nodes that were not read (add them to the inventory, or to the model by hand): "
                + String.join(", ", nodes))));
        out.flush();
    }

    /** Written whole or not at all: a temporary file beside it, then moved over. */
    private void write(String draft) throws IOException {
        Path absolute = output.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path tmp = Files.createTempFile(absolute.getParent(), ".discover-", ".yaml");
        try {
            Files.writeString(tmp, draft, StandardCharsets.UTF_8);
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Host data on a terminal: control characters shown as escapes, never sent. */
    static final class Terminal {

        private Terminal() {
        }

        static String safe(String text) {
            StringBuilder b = new StringBuilder(text.length());
            text.codePoints().forEach(c -> {
                if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029) {
                    b.append(String.format("\\u%04x", c));
                } else {
                    b.appendCodePoint(c);
                }
            });
            return b.toString();
        }
    }
}
