package io.msupgrade.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import io.msupgrade.model.NodeBinder.MapView;

/**
 * The one place the model file becomes records. Syntax problems (rule MS012: unknown keys, wrong
 * types, duplicates, missing keys, bad names) are collected with their file:line:column, all of them
 * in one run; the model is returned only when there are none.
 */
public final class ModelReader {

    static final List<String> TOP_KEYS = List.of("model", "deployment", "target", "media", "directory", "backup",
            "sequence", "migration", "rollout", "ansible", "hosts", "new_hosts", "provisioning");
    static final List<String> TARGET_KEYS = List.of("version", "store", "unified_config", "solaris_ips");
    static final List<String> MEDIA_KEYS = List.of("linux", "solaris", "solaris_ips", "dssetup", "clusterware_agent",
            "previous");
    static final List<String> PREVIOUS_KEYS = List.of("linux", "solaris", "solaris_ips");
    static final List<String> DIRECTORY_KEYS = List.of("host", "port", "bind_dn", "password_var", "user_base");
    static final List<String> BACKUP_KEYS = List.of("dir");
    static final List<String> MIGRATION_KEYS = List.of("batch_size", "parallel_batches", "pilot_users", "review_dir",
            "tool", "controller_staging_dir");
    static final List<String> ROLLOUT_KEYS = List.of("serial");
    static final List<String> ANSIBLE_KEYS = List.of("roles");
    static final List<String> HOST_KEYS = List.of("name", "address", "components", "os", "arch", "version", "bits",
            "strategy", "zfs", "ha", "replacement", "config_layout");
    static final List<String> NEW_HOST_KEYS = List.of("name", "address", "components", "os", "arch",
            "affinity_group", "provision");
    static final List<String> ZFS_KEYS = List.of("store_dataset");
    static final List<String> HA_KEYS = List.of("cluster", "resource", "agent");
    static final List<String> PROVISION_KEYS = List.of("provider", "cpus", "memory_gb", "store_disk_gb");
    static final List<String> PROVISIONING_KEYS = List.of("oci", "aws", "vsphere");
    static final List<String> OCI_KEYS = List.of("region", "compartment_ocid", "subnet_ocid", "shape");
    static final List<String> AWS_KEYS = List.of("region", "subnet_id", "instance_type", "ami_owner");
    static final List<String> VSPHERE_KEYS = List.of("datacenter", "cluster", "datastore", "network", "template");

    /** Reads a model file; an unreadable file is reported like any other problem. */
    public ReadResult read(Path file) {
        String label = file.toString();
        try {
            if (Files.isDirectory(file)) {
                return failed(label, "is a directory, not a model file");
            }
            long size = Files.size(file);
            if (size > YamlLoader.MAX_BYTES) {
                return failed(label, "the file is " + size + " bytes; models are capped at " + YamlLoader.MAX_BYTES
                        + " bytes");
            }
            return read(label, Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return failed(label, "no such file");
        } catch (IOException e) {
            return failed(label, "cannot read: " + e.getMessage());
        }
    }

    private static ReadResult failed(String label, String message) {
        return new ReadResult(Optional.empty(), List.of(Problem.error(NodeBinder.CODE, Location.startOf(label), message)));
    }

    public ReadResult read(String fileLabel, byte[] bytes) {
        List<Problem> problems = new ArrayList<>();
        YamlLoader loader = new YamlLoader(fileLabel, problems);
        Node root = loader.load(bytes);
        if (root == null) {
            return new ReadResult(Optional.empty(), problems);
        }
        NodeBinder binder = new NodeBinder(loader, problems);
        Optional<Deployment> model = new Binding(binder).deployment(root);
        boolean clean = problems.stream().noneMatch(Problem::isError);
        return new ReadResult(clean ? model : Optional.empty(), problems);
    }

    /** The walk over one file's nodes. */
    private static final class Binding {
        private final NodeBinder b;

        Binding(NodeBinder binder) {
            this.b = binder;
        }

        Optional<Deployment> deployment(Node root) {
            Optional<MapView> top = b.map(root, "the model", TOP_KEYS);
            if (top.isEmpty()) {
                return Optional.empty();
            }
            MapView m = top.get();
            Optional<String> model = m.string("model", ValueShape.TEXT, true);
            model.filter(v -> !v.equals(Deployment.MODEL_V1)).ifPresent(v -> b.error(m.spans().at("model"),
                    "'model' must be '" + Deployment.MODEL_V1 + "', not '" + NodeBinder.abbreviate(v) + "'"));
            Optional<String> name = m.string("deployment", ValueShape.DEPLOYMENT, true);
            Optional<Target> target = m.map("target", TARGET_KEYS, true).flatMap(this::target);
            Media media = m.map("media", MEDIA_KEYS, false).map(this::media)
                    .orElse(new Media(null, null, null, null, null, Map.of(), Spans.at(m.location())));
            Optional<Directory> directory = m.map("directory", DIRECTORY_KEYS, true).flatMap(this::directory);
            Backup backup = m.map("backup", BACKUP_KEYS, false)
                    .map(v -> new Backup(v.string("dir", ValueShape.PATH, Backup.DEFAULT_DIR), v.spans()))
                    .orElse(new Backup(Backup.DEFAULT_DIR, Spans.at(m.location())));
            List<Tier> sequence = m.list("sequence", false).map(this::sequence).orElse(List.of());
            Migration migration = m.map("migration", MIGRATION_KEYS, false).map(this::migration)
                    .orElse(new Migration(Migration.DEFAULT_BATCH_SIZE, Migration.DEFAULT_PARALLEL_BATCHES, List.of(),
                            Spans.at(m.location())));
            Rollout rollout = m.map("rollout", ROLLOUT_KEYS, false).map(this::rollout)
                    .orElse(new Rollout(Map.of(), Spans.at(m.location())));
            List<Host> hosts = m.list("hosts", true).map(nodes -> {
                if (nodes.isEmpty()) {
                    b.error(m.spans().at("hosts"), "'hosts' must list at least one host of the deployment");
                }
                return b.each(nodes, this::host);
            }).orElse(List.of());
            List<NewHost> newHosts = m.list("new_hosts", false)
                    .map(nodes -> b.each(nodes, this::newHost)).orElse(List.of());
            Provisioning provisioning = m.map("provisioning", PROVISIONING_KEYS, false).map(this::provisioning)
                    .orElse(new Provisioning(null, null, null, Spans.at(m.location())));
            AnsibleOptions ansible = m.map("ansible", ANSIBLE_KEYS, false)
                    .map(v -> new AnsibleOptions(v.keyword("roles", AnsibleOptions.RolesSource.class, false)
                            .orElse(AnsibleOptions.DEFAULT_ROLES), v.spans()))
                    .orElse(new AnsibleOptions(AnsibleOptions.DEFAULT_ROLES, Spans.at(m.location())));
            uniqueNames(hosts, newHosts);
            if (model.isEmpty() || name.isEmpty() || target.isEmpty() || directory.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Deployment(model.get(), name.get(), target.get(), media, directory.get(), backup,
                    sequence, migration, rollout, hosts, newHosts, provisioning, ansible, m.spans()));
        }

        private Optional<Target> target(MapView m) {
            Optional<Version> version = m.version("version", true);
            StoreKind store = m.keyword("store", StoreKind.class, false).orElse(StoreKind.CLASSIC);
            boolean unified = m.bool("unified_config", false);
            boolean ips = m.bool("solaris_ips", false);
            return version.map(v -> new Target(v, store, unified, ips, m.spans()));
        }

        private Media media(MapView m) {
            Map<String, Media.PreviousMedia> previous = new HashMap<>();
            m.optional("previous").ifPresent(node -> previous.putAll(previousMedia(node)));
            return new Media(
                    m.string("linux", ValueShape.PATH, false).orElse(null),
                    m.string("solaris", ValueShape.PATH, false).orElse(null),
                    m.string("solaris_ips", ValueShape.URL, false).orElse(null),
                    m.string("dssetup", ValueShape.PATH, false).orElse(null),
                    m.string("clusterware_agent", ValueShape.PATH, false).orElse(null),
                    previous, m.spans());
        }

        /** {@code previous} is keyed by version, so its keys are checked as versions, not as names. */
        private Map<String, Media.PreviousMedia> previousMedia(Node node) {
            Map<String, Media.PreviousMedia> out = new HashMap<>();
            if (!b.visit(node)) {
                return out;
            }
            if (!(node instanceof org.yaml.snakeyaml.nodes.MappingNode mapping)) {
                b.error(node, "'previous' of media must map installed versions to media, not " + NodeBinder.describe(node));
                return out;
            }
            for (NodeTuple t : mapping.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) {
                    b.error(t.getKeyNode(), "keys of 'previous' are installed versions such as \"8.0.2.3.0\"");
                    continue;
                }
                String version = key.getValue();
                if (!Version.isWellFormed(version)) {
                    b.error(key, "keys of 'previous' are installed versions such as \"8.0.2.3.0\", not '"
                            + NodeBinder.abbreviate(version) + "'");
                    continue;
                }
                if (out.containsKey(version)) {
                    b.error(key, "duplicate key '" + version + "' in 'previous' of media");
                    continue;
                }
                b.map(t.getValueNode(), "media.previous \"" + version + "\"", PREVIOUS_KEYS).ifPresent(v ->
                        out.put(version, new Media.PreviousMedia(
                                v.string("linux", ValueShape.PATH, false).orElse(null),
                                v.string("solaris", ValueShape.PATH, false).orElse(null),
                                v.string("solaris_ips", ValueShape.URL, false).orElse(null),
                                v.spans())));
            }
            return out;
        }

        private Optional<Directory> directory(MapView m) {
            Optional<String> host = m.string("host", ValueShape.ADDRESS, true);
            int port = m.integer("port", 1, 65535, Directory.DEFAULT_PORT);
            String bindDn = m.string("bind_dn", ValueShape.TEXT, Directory.DEFAULT_BIND_DN);
            Optional<String> passwordVar = m.string("password_var", ValueShape.VARIABLE, true);
            String userBase = m.string("user_base", ValueShape.TEXT, false).orElse(null);
            if (host.isEmpty() || passwordVar.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Directory(host.get(), port, bindDn, passwordVar.get(), userBase, m.spans()));
        }

        private List<Tier> sequence(List<Node> nodes) {
            List<Tier> tiers = new ArrayList<>();
            for (Node n : nodes) {
                b.keyword(n, "an entry of 'sequence'", Tier.class).ifPresent(t -> {
                    if (tiers.contains(t)) {
                        b.error(n, "tier '" + t.id() + "' appears twice in 'sequence'");
                    } else {
                        tiers.add(t);
                    }
                });
            }
            return tiers;
        }

        private Migration migration(MapView m) {
            int batch = m.integer("batch_size", 1, 10_000, Migration.DEFAULT_BATCH_SIZE);
            int parallel = m.integer("parallel_batches", 1, 64, Migration.DEFAULT_PARALLEL_BATCHES);
            List<String> pilots = new ArrayList<>();
            m.list("pilot_users", false).ifPresent(nodes -> {
                Set<String> seen = new LinkedHashSet<>();
                for (Node n : nodes) {
                    b.string(n, "a pilot user", ValueShape.USER).ifPresent(u -> {
                        if (!seen.add(u)) {
                            b.error(n, "pilot user '" + u + "' is listed twice");
                        } else {
                            pilots.add(u);
                        }
                    });
                }
            });
            String reviewDir = m.string("review_dir", ValueShape.PATH, false).orElse(null);
            MigrationTool tool = m.keyword("tool", MigrationTool.class, false).orElse(null);
            String staging = m.string("controller_staging_dir", ValueShape.PATH, null);
            return new Migration(batch, parallel, pilots, reviewDir, tool, staging, m.spans());
        }

        private Rollout rollout(MapView m) {
            Map<Tier, String> serial = new EnumMap<>(Tier.class);
            m.map("serial", Keyword.ids(Tier.class), false).ifPresent(s -> {
                for (Tier t : Tier.values()) {
                    s.optional(t.id()).ifPresent(n -> serialValue(n, "'" + t.id() + "' of rollout.serial")
                            .ifPresent(v -> serial.put(t, v)));
                }
            });
            return new Rollout(serial, m.spans());
        }

        /** A host count ("2") or a share of the tier ("50%"), as Ansible's serial takes them. */
        private Optional<String> serialValue(Node n, String what) {
            return b.string(n, what, ValueShape.TEXT).flatMap(v -> {
                if (v.matches("[1-9][0-9]{0,3}") || v.matches("([1-9]|[1-9][0-9]|100)%")) {
                    return Optional.of(v);
                }
                b.error(n, what + ": expected a number of hosts (1, 2, ...) or a percentage (1% to 100%)");
                return Optional.empty();
            });
        }

        private Optional<Host> host(Node node) {
            Optional<MapView> view = b.map(node, "a host", HOST_KEYS);
            if (view.isEmpty()) {
                return Optional.empty();
            }
            MapView m = view.get();
            Optional<String> name = m.string("name", ValueShape.HOST_NAME, true);
            String what = name.map(n -> "host '" + n + "'").orElse("a host");
            String address = m.string("address", ValueShape.ADDRESS, false).orElse(null);
            List<Component> components = components(m, what, false);
            Optional<Os> os = os(m);
            Optional<Arch> arch = m.keyword("arch", Arch.class, true);
            Optional<Version> version = m.version("version", true);
            int bits = bits(m);
            Optional<Strategy> strategy = m.keyword("strategy", Strategy.class, true);
            Host.Zfs zfs = m.map("zfs", ZFS_KEYS, false).flatMap(z -> z.string("store_dataset", ValueShape.ZFS_DATASET, true)
                    .map(ds -> new Host.Zfs(ds, z.spans()))).orElse(null);
            Host.Ha ha = m.map("ha", HA_KEYS, false).flatMap(this::ha).orElse(null);
            String replacement = m.string("replacement", ValueShape.HOST_NAME, false).orElse(null);
            ConfigLayout layout = m.keyword("config_layout", ConfigLayout.class, false).orElse(null);
            if (name.isEmpty() || components.isEmpty() || os.isEmpty() || arch.isEmpty() || version.isEmpty()
                    || strategy.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Host(name.get(), address, components, os.get(), arch.get(), version.get(), bits,
                    strategy.get(), zfs, ha, replacement, layout, m.spans()));
        }

        private int bits(MapView m) {
            int bits = m.integer("bits", 32, 64, 64);
            if (bits != 32 && bits != 64) {
                b.error(m.spans().at("bits"), "'bits' must be 32 or 64, not " + bits);
            }
            return bits;
        }

        private Optional<Host.Ha> ha(MapView m) {
            Optional<Cluster> cluster = m.keyword("cluster", Cluster.class, true);
            // MS011 names a missing resource; a malformed one is MS012 here.
            String resource = m.string("resource", ValueShape.IDENTIFIER, false).orElse(null);
            List<String> agent = new ArrayList<>();
            m.list("agent", false).ifPresent(nodes -> {
                for (Node n : nodes) {
                    b.string(n, "an agent package", ValueShape.IDENTIFIER).ifPresent(agent::add);
                }
            });
            return cluster.map(c -> new Host.Ha(c, resource, agent, m.spans()));
        }

        private Optional<NewHost> newHost(Node node) {
            Optional<MapView> view = b.map(node, "a new host", NEW_HOST_KEYS);
            if (view.isEmpty()) {
                return Optional.empty();
            }
            MapView m = view.get();
            Optional<String> name = m.string("name", ValueShape.HOST_NAME, true);
            String what = name.map(n -> "new host '" + n + "'").orElse("a new host");
            String address = m.string("address", ValueShape.ADDRESS, false).orElse(null);
            List<Component> components = components(m, what, true);
            Optional<Os> os = os(m);
            Optional<Arch> arch = m.keyword("arch", Arch.class, true);
            String affinity = m.string("affinity_group", ValueShape.IDENTIFIER, false).orElse(null);
            NewHost.Provision provision = m.map("provision", PROVISION_KEYS, false).flatMap(this::provision)
                    .orElse(new NewHost.Provision(Provider.NONE, NewHost.Provision.DEFAULT_CPUS,
                            NewHost.Provision.DEFAULT_MEMORY_GB, NewHost.Provision.DEFAULT_STORE_DISK_GB,
                            Spans.at(m.location())));
            if (name.isEmpty() || components.isEmpty() || os.isEmpty() || arch.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new NewHost(name.get(), address, components, os.get(), arch.get(), affinity, provision,
                    m.spans()));
        }

        private Optional<NewHost.Provision> provision(MapView m) {
            Optional<Provider> provider = m.keyword("provider", Provider.class, true);
            int cpus = m.integer("cpus", 1, 512, NewHost.Provision.DEFAULT_CPUS);
            int memory = m.integer("memory_gb", 1, 16_384, NewHost.Provision.DEFAULT_MEMORY_GB);
            int disk = m.integer("store_disk_gb", 1, 65_536, NewHost.Provision.DEFAULT_STORE_DISK_GB);
            return provider.map(p -> new NewHost.Provision(p, cpus, memory, disk, m.spans()));
        }

        private List<Component> components(MapView m, String what, boolean newHost) {
            List<Component> out = new ArrayList<>();
            m.list("components", true).ifPresent(nodes -> {
                if (nodes.isEmpty()) {
                    b.error(m.spans().at("components"), "'components' of " + what + " must name at least one of "
                            + String.join(", ", Keyword.ids(Component.class)));
                }
                for (Node n : nodes) {
                    b.keyword(n, "a component of " + what, Component.class).ifPresent(c -> {
                        if (out.contains(c)) {
                            b.error(n, "component '" + c.id() + "' is listed twice in " + what);
                        } else if (!newHost && !c.isLegacy()) {
                            b.error(n, "component '" + c.id() + "' exists only on new hosts of a Cassandra target"
                                    + " (new_hosts), not on " + what);
                        } else {
                            out.add(c);
                        }
                    });
                }
            });
            return out;
        }

        private Optional<Os> os(MapView m) {
            return m.string("os", ValueShape.TEXT, true).flatMap(s -> {
                Optional<Os> os = Os.parse(s);
                if (os.isEmpty()) {
                    b.error(m.spans().at("os"), "'os': '" + NodeBinder.abbreviate(s) + "' is not an operating system"
                            + " msupgrade knows; expected " + Os.EXPECTED);
                }
                return os;
            });
        }

        private Provisioning provisioning(MapView m) {
            Provisioning.Oci oci = m.map("oci", OCI_KEYS, false).map(v -> new Provisioning.Oci(
                    v.string("region", ValueShape.IDENTIFIER, false).orElse(null),
                    v.string("compartment_ocid", ValueShape.IDENTIFIER, false).orElse(null),
                    v.string("subnet_ocid", ValueShape.IDENTIFIER, false).orElse(null),
                    v.string("shape", ValueShape.IDENTIFIER, false).orElse(null), v.spans())).orElse(null);
            Provisioning.Aws aws = m.map("aws", AWS_KEYS, false).map(v -> new Provisioning.Aws(
                    v.string("region", ValueShape.IDENTIFIER, false).orElse(null),
                    v.string("subnet_id", ValueShape.IDENTIFIER, false).orElse(null),
                    v.string("instance_type", ValueShape.IDENTIFIER, false).orElse(null),
                    v.string("ami_owner", ValueShape.IDENTIFIER, false).orElse(null), v.spans())).orElse(null);
            Provisioning.Vsphere vsphere = m.map("vsphere", VSPHERE_KEYS, false).map(v -> new Provisioning.Vsphere(
                    v.string("datacenter", ValueShape.TEXT, false).orElse(null),
                    v.string("cluster", ValueShape.TEXT, false).orElse(null),
                    v.string("datastore", ValueShape.TEXT, false).orElse(null),
                    v.string("network", ValueShape.TEXT, false).orElse(null),
                    v.string("template", ValueShape.TEXT, false).orElse(null), v.spans())).orElse(null);
            return new Provisioning(oci, aws, vsphere, m.spans());
        }

        /** Host names are unique across hosts and new_hosts: they name inventory hosts and files. */
        private void uniqueNames(List<Host> hosts, List<NewHost> newHosts) {
            Map<String, Location> seen = new HashMap<>();
            for (Host h : hosts) {
                unique(seen, h.name(), h.spans().at("name"));
            }
            for (NewHost h : newHosts) {
                unique(seen, h.name(), h.spans().at("name"));
            }
        }

        private void unique(Map<String, Location> seen, String name, Location at) {
            String key = name.toLowerCase(java.util.Locale.ROOT);
            Location first = seen.putIfAbsent(key, at);
            if (first != null) {
                b.error(at, "duplicate host name '" + name + "' (first at line " + first.line()
                        + "); names are unique across hosts and new_hosts");
            }
        }
    }
}
