package io.msupgrade.discover;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Writes the model draft from what discover read: a normal {@code msupgrade/v1} model, keys in
 * the order of docs/model.md, every value read from a host double-quoted (escaped, one line:
 * host data cannot end the scalar, start a key or a comment), and each decision only the
 * operator can make written as the placeholder {@value #PLACEHOLDER} with a comment above it.
 * {@code FILL-IN} matches no pattern of the model, so {@code msupgrade validate} reports each one
 * left, {@code file:line:col}.
 *
 * <p>Comments are the generator's own text. The only host data a comment may hold is an
 * inventory name that is a valid model host name (letters, digits, {@code -} and {@code .}).
 */
public final class DraftWriter {

    /** What the operator still has to write; invalid for every key it stands in. */
    public static final String PLACEHOLDER = "FILL-IN";
    /** Marks every comment that asks the operator for something. */
    public static final String ASK = "# OPERATOR: ";

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");
    private static final Set<String> COMPONENTS = Set.of("store", "mta", "mmp", "webmail");
    private static final Set<String> CLUSTERS = Set.of("solaris-cluster", "clusterware");

    private final StringBuilder out = new StringBuilder();
    /** The store dataset read on some node of an HA resource, by resource. */
    private final Map<String, String> sharedDatasets = new TreeMap<>();

    private DraftWriter() {
    }

    /** The draft for {@code hosts} (every report of the run, in the order to write them). */
    public static String write(List<HostReport> hosts) {
        return new DraftWriter().draft(hosts);
    }

    private String draft(List<HostReport> reports) {
        List<HostReport> read = reports.stream().filter(h -> h.status() == HostReport.Status.READ).toList();
        for (HostReport h : read) {
            String resource = resource(h);
            h.text("zfs_store_dataset").filter(ds -> resource != null).ifPresent(ds -> sharedDatasets.putIfAbsent(resource, ds));
        }
        line("# A model DRAFT written by `msupgrade discover` from what the hosts of an inventory run.");
        line("# Values read from the hosts are quoted. Every " + PLACEHOLDER + " is a decision only you can");
        line("# make, explained by the comment above it: `msupgrade validate` lists each one left");
        line("# (file:line:col). Keys and rules: docs/model.md.");
        line("model: msupgrade/v1");
        ask("", "the deployment's name: 1 to 63 of a-z, 0-9 and -");
        line("deployment: " + PLACEHOLDER);
        line("");
        line("target:");
        ask("  ", "the release to upgrade to: 8.1.0 or a patch of it, e.g. 8.1.0.26.0");
        line("  version: " + PLACEHOLDER);
        ask("  ", "(optional) store: classic (the default) or cassandra, the store after the upgrade");
        ask("  ", "(optional) unified_config: true to convert to Unified Configuration after the upgrade");
        line("");
        media(read);
        line("");
        directory(read);
        line("");
        ask("", "(optional) sequence, migration, rollout and backup: their defaults are in docs/model.md");
        line("");
        line("hosts:");
        if (read.isEmpty()) {
            ask("  ", "no host could be read: list the hosts (docs/model.md)");
        }
        for (HostReport h : read) {
            host(h);
        }
        notRead(reports);
        line("");
        ask("", "(coexistence) new_hosts: the hosts that replace those upgraded by coexistence, and");
        ask("", "provisioning when a cloud builds them (docs/model.md)");
        return out.toString();
    }

    private void media(List<HostReport> read) {
        Set<String> kinds = new TreeSet<>();
        Map<String, Set<String>> previous = new TreeMap<>();
        for (HostReport h : read) {
            String kind = mediaKind(h.text("os").orElse(""));
            if (kind == null) {
                continue;
            }
            kinds.add(kind);
            h.text("version").ifPresent(v -> previous.computeIfAbsent(v, x -> new TreeSet<>()).add(kind));
        }
        line("media:");
        ask("  ", "the folder of the comm_dssetup.pl shipped with 8.1.0 (always needed)");
        line("  dssetup: " + PLACEHOLDER);
        for (String kind : kinds) {
            ask("  ", switch (kind) {
                case "linux" -> "the folder of the 8.1.0 RPMs (Linux hosts upgraded in place; remove it if none is)";
                case "solaris" -> "the folder of the 8.1.0 SVR4 packages (Solaris 10 and 11.3 hosts upgraded in place)";
                default -> "the IPS publisher URL of 8.1.0 (Solaris 11.4 hosts upgraded in place)";
            });
            line("  " + kind + ": " + PLACEHOLDER);
        }
        if (read.stream().anyMatch(h -> "clusterware".equals(h.map("ha").get("cluster")))) {
            ask("  ", "the folder of the 8.1.0 Messaging Server Oracle Clusterware agent RPMs (MS019)");
            line("  clusterware_agent: " + PLACEHOLDER);
        }
        if (!previous.isEmpty()) {
            ask("  ", "the media of each version installed today, for the back-out of in-place hosts");
            line("  previous:");
            previous.forEach((version, platforms) -> {
                line("    " + quote(version) + ":");
                platforms.forEach(p -> {
                    ask("      ", "the packages of the version above for this platform (" + p + ")");
                    line("      " + p + ": " + PLACEHOLDER);
                });
            });
        }
    }

    /** The {@code media} key a host's packages come from, by its OS; null when the OS is not known. */
    private static String mediaKind(String os) {
        if (os.startsWith("solaris-11.4")) {
            return "solaris_ips";
        }
        if (os.startsWith("solaris-")) {
            return "solaris";
        }
        return os.isEmpty() ? null : "linux";
    }

    private void directory(List<HostReport> read) {
        Set<String> hosts = new LinkedHashSet<>();
        Set<String> ports = new LinkedHashSet<>();
        for (HostReport h : read) {
            Map<String, Object> d = h.map("directory");
            if (d.get("host") instanceof String s) {
                hosts.add(s);
                ports.add(d.get("port") == null ? "" : String.valueOf(d.get("port")));
            }
        }
        line("directory:");
        if (hosts.size() == 1) {
            line("  # read from the hosts' configuration (local.ugldaphost)");
            line("  host: " + quote(hosts.iterator().next()));
            String port = ports.size() == 1 ? ports.iterator().next() : "";
            if (port.matches("[0-9]{1,5}") && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535) {
                line("  port: " + Integer.parseInt(port));
            }
        } else {
            ask("  ", hosts.isEmpty() ? "the Directory Server host: no host's configuration named it"
                    : "the Directory Server host: the hosts name different ones (see discover's output)");
            line("  host: " + PLACEHOLDER);
        }
        ask("  ", "the NAME of the Ansible vault variable holding the Directory Manager password");
        line("  password_var: " + PLACEHOLDER);
        ask("  ", "(classic stores moved by coexistence) user_base: where users' entries are, e.g.");
        ask("  ", "ou=People,o=example.com; the product's configuration does not say it");
    }

    private void host(HostReport h) {
        List<String> missing = new ArrayList<>();
        line("  - name: " + quote(h.name()));
        h.text("address").filter(a -> !a.isEmpty() && !a.equals(h.name())).ifPresent(a -> line("    address: " + quote(a)));
        List<String> components = h.strings("components").stream().filter(COMPONENTS::contains).toList();
        if (components.isEmpty()) {
            missing.add("components");
        }
        String os = h.text("os").orElse(null);
        if (os == null) {
            missing.add("os");
        }
        String arch = h.text("arch").filter(a -> !a.isEmpty()).orElse(null);
        if (arch == null) {
            missing.add("arch");
        }
        String version = h.text("version").orElse(null);
        if (version == null) {
            missing.add("version");
        }
        if (!missing.isEmpty()) {
            ask("    ", "NOT READ from the host, never guessed (see discover's output): " + String.join(", ", missing));
        }
        line("    components: " + (components.isEmpty() ? PLACEHOLDER
                : "[" + String.join(", ", components.stream().map(DraftWriter::quote).toList()) + "]"));
        line("    os: " + (os == null ? PLACEHOLDER : quote(os)));
        line("    arch: " + (arch == null ? PLACEHOLDER : quote(arch)));
        line("    version: " + (version == null ? PLACEHOLDER : quote(version)));
        h.text("config_layout").filter(l -> l.equals("legacy") || l.equals("unified"))
                .ifPresent(l -> line("    config_layout: " + l));
        Object bits = h.found().get("bits");
        if (Integer.valueOf(32).equals(bits)) {
            line("    bits: 32");
        } else if (!Integer.valueOf(64).equals(bits) && version != null) {
            ask("    ", "imsimta version did not say the word size: add bits: 32 for a 32-bit installation");
        }
        ask("    ", "in-place or coexistence (coexistence: add replacement: NEW-HOST, listed in new_hosts)");
        line("    strategy: " + PLACEHOLDER);
        String resource = resource(h);
        String dataset = h.text("zfs_store_dataset").orElse(null);
        if (dataset == null && resource != null && sharedDatasets.containsKey(resource) && components.contains("store")) {
            // a shared pool is imported on one node at a time: the other nodes cannot list it
            line("    # the store dataset another node of this HA resource reads (the pool is imported on one node at a time)");
            dataset = sharedDatasets.get(resource);
        }
        if (dataset != null) {
            line("    zfs:");
            line("      store_dataset: " + quote(dataset));
        }
        if (resource != null) {
            line("    ha:");
            line("      cluster: " + h.map("ha").get("cluster"));
            line("      resource: " + quote(resource));
            if ("clusterware".equals(h.map("ha").get("cluster"))) {
                ask("      ", "the Clusterware agent's package names in media.clusterware_agent, as a list (MS019)");
                line("      agent: " + PLACEHOLDER);
            }
        }
    }

    /** The HA resource the host is a node of, under a cluster kind the model knows; null without. */
    private static String resource(HostReport h) {
        Map<String, Object> ha = h.map("ha");
        return ha.get("cluster") instanceof String cluster && CLUSTERS.contains(cluster)
                && ha.get("resource") instanceof String resource ? resource : null;
    }

    private void notRead(List<HostReport> reports) {
        List<HostReport> skipped = reports.stream().filter(h -> h.status() != HostReport.Status.READ).toList();
        if (skipped.isEmpty()) {
            return;
        }
        line("");
        line("# Hosts of the inventory NOT in this draft (never guessed; discover's output says why):");
        for (HostReport h : skipped) {
            String name = HOST_NAME.matcher(h.name()).matches() ? h.name() : "(an inventory name that is not a host name)";
            line("#   " + name + ": " + h.status().words());
        }
    }

    private void ask(String indent, String text) {
        line(indent + ASK + text);
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    /**
     * A YAML double-quoted scalar of {@code value}, on one line: backslash and quote escaped, every
     * control, line or paragraph separator, byte-order mark and non-character as {@code \\uXXXX}.
     */
    public static String quote(String value) {
        StringBuilder b = new StringBuilder(value.length() + 2).append('"');
        value.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                b.append('\\').appendCodePoint(c);
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xfeff
                    || (c >= 0xfff0 && c <= 0xffff) || (c >= 0xd800 && c <= 0xdfff)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append('"').toString();
    }
}
