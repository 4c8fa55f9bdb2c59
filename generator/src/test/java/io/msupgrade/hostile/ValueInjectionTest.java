package io.msupgrade.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.msupgrade.testing.Samples;

/**
 * Values never become code. Attack strings go into every string field of the model: where a name
 * is expected they are refused (MS012, at the value's line:column); the free-text fields
 * ({@code ValueShape.TEXT}: {@code directory.bind_dn}, {@code provisioning.vsphere.*}) refuse
 * template markers, line breaks and control characters and accept the rest, which must then arrive
 * in the generated tree as inert data: the exact string as a quoted YAML value or a JSON string,
 * in data files only, with every playbook, role and {@code .tf} file byte-identical to the one
 * generated without the attack.
 */
class ValueInjectionTest {

    @TempDir
    static Path tmp;

    private static int counter;

    /** An attack string; {@code textAccepts}: a free-text field takes it (it is then data). */
    record Attack(String name, String value, boolean textAccepts) {
    }

    static final String LONG = "$(id);`id`|&>".repeat(400).substring(0, 4000);

    static final List<Attack> ATTACKS = List.of(
            new Attack("command substitution", "$(id)", true),
            new Attack("backticks", "`id`", true),
            new Attack("command separator", "; rm -rf /", true),
            new Attack("single-quote breakout", "' || true '", true),
            new Attack("double-quote breakout", "\" && reboot \"", true),
            new Attack("pipe and redirect", "x | tee /etc/passwd > /dev/sda", true),
            new Attack("terraform directive", "%{ for x in y }${x}%{ endfor }", true),
            new Attack("terraform interpolation", "${file(\"/etc/shadow\")}", true),
            new Attack("terraform variable", "${var.ssh_public_key}", true),
            new Attack("ansible unsafe tag", "!unsafe x", true),
            new Attack("yaml alias", "*alias", true),
            new Attack("yaml anchor", "&anchor x", true),
            new Attack("yaml comment", "# comment", true),
            new Attack("yaml mapping", "key: value", true),
            new Attack("yaml list item", "- injected: item", true),
            new Attack("yaml flow", "{ a: [1, 2] }", true),
            new Attack("yaml document", "--- !!python/object/apply:os.system [id]", true),
            new Attack("option injection", "--help", true),
            new Attack("backslashes", "C:\\evil\\\\share\\", true),
            new Attack("html", "<script>alert(1)</script>", true),
            new Attack("tab inside", "cn=a\tb", true),
            new Attack("unicode text", "Zürich — ☃ 日本語", true),
            new Attack("4000 characters of metacharacters", LONG, true),
            new Attack("jinja expression", "{{ lookup('pipe', 'id') }}", false),
            new Attack("jinja statement", "{% for x in range(99999999) %}", false),
            new Attack("jinja comment", "{# x #}", false),
            new Attack("jinja close only", "x }}", false),
            new Attack("line feed", "cn=a\nhosts: evil", false),
            new Attack("carriage return", "cn=a\r\nx", false),
            new Attack("NUL", "cn=a\0b", false),
            new Attack("escape sequence", "\u001b]0;pwned\u0007\u001b[2J", false),
            new Attack("right-to-left override", "cn=admin\u202e,gnp.exe", false),
            new Attack("line separator", "cn=a\u2028b", false),
            new Attack("4097 characters", "x".repeat(4097), false));

    /** Values that YAML 1.1 would read as something else unless quoted: names and free text take them. */
    static final List<String> LOOK_ALIKES = List.of("no", "yes", "on", "~", "null", "0777", "1e3", "0x1F", "12:30");

    /** Every string field of the samples that holds a name, by sample; all of them refuse every attack. */
    static final Map<String, List<String>> NAME_FIELDS = Map.of(
            "linux-frontends-inplace", List.of("deployment", "target.version", "directory.host",
                    "directory.password_var", "media.linux", "media.dssetup", "media.previous.\"8.0.2.3.0\".linux",
                    "hosts[0].name", "hosts[0].address", "hosts[0].os", "hosts[0].arch", "hosts[0].version",
                    "hosts[0].strategy", "hosts[0].components[0]"),
            "solaris-zfs-cluster", List.of("media.solaris", "media.solaris_ips", "media.previous.\"8.0.2.3.0\".solaris_ips",
                    "backup.dir", "rollout.serial.mmp", "hosts[0].zfs.store_dataset", "hosts[0].ha.cluster",
                    "hosts[0].ha.resource", "target.store"),
            "coexistence-sparc-to-linux", List.of("migration.pilot_users[0]", "hosts[0].replacement",
                    "new_hosts[0].name", "new_hosts[0].address", "new_hosts[0].provision.provider",
                    "provisioning.oci.region", "provisioning.oci.compartment_ocid", "provisioning.oci.subnet_ocid",
                    "provisioning.oci.shape"),
            "classic-to-cassandra", List.of("new_hosts[3].affinity_group", "new_hosts[3].components[0]",
                    "provisioning.aws.region", "provisioning.aws.subnet_id", "provisioning.aws.instance_type",
                    "provisioning.aws.ami_owner"));

    /**
     * Attacks a name may hold after all: {@code deployment} ([a-z0-9-]) may start with '-', but it
     * only ever reaches comments, task names and messages of the playbooks and Terraform tags, never
     * an argument vector. Every name that reaches argv (hosts, paths, users, identifiers) must start
     * with a letter, a digit or '/'.
     */
    static final Map<String, Set<String>> ACCEPTED_BY_NAME = Map.of("option injection", Set.of("deployment"));

    /** The free-text fields and where the generated tree carries each: file, then key path. */
    record TextField(String path, String file, List<String> keys) {
    }

    static final List<TextField> TEXT_FIELDS = List.of(
            new TextField("directory.bind_dn", "ansible/inventory/group_vars/all.yml", List.of("msupgrade_directory", "bind_dn")),
            new TextField("directory.user_base", "ansible/inventory/group_vars/all.yml",
                    List.of("msupgrade_directory", "user_base")),
            vsphere("datacenter"), vsphere("cluster"), vsphere("datastore"), vsphere("network"), vsphere("template"));

    private static TextField vsphere(String key) {
        return new TextField("provisioning.vsphere." + key, "terraform/provisioning.auto.tfvars.json",
                List.of("vsphere_" + key));
    }

    /** The model that carries every free-text field: the Cassandra sample (vSphere) plus the directory's two. */
    static String freeTextCarrier() throws IOException {
        String s = Files.readString(Samples.projectRoot().resolve("samples/classic-to-cassandra.yaml"));
        String anchor = "  password_var: vault_umbrella_dm_password\n";
        assertTrue(s.contains(anchor), "the Cassandra sample changed: adapt freeTextCarrier()");
        return s.replace(anchor, anchor + "  bind_dn: cn=Directory Manager\n  user_base: ou=People,o=umbrella.example\n");
    }

    /** Keys whose value is read as {@code ValueShape.TEXT} and then checked further (keywords, os, model, serial). */
    static final Set<String> TEXT_THEN_CHECKED = Set.of("model", "os");

    /** A new free-text field must join this test: the list above is checked against ModelReader's source. */
    @Test
    void theFreeTextFieldsAreExactlyTheOnesAttackedHere() throws IOException {
        String reader = Files.readString(Samples.projectRoot()
                .resolve("generator/src/main/java/io/msupgrade/model/ModelReader.java"));
        Matcher m = Pattern.compile("string\\(\"([a-z_]+)\", ValueShape\\.TEXT").matcher(reader);
        Set<String> text = new TreeSet<>();
        while (m.find()) {
            text.add(m.group(1));
        }
        text.removeAll(TEXT_THEN_CHECKED);
        Set<String> attacked = new TreeSet<>();
        TEXT_FIELDS.forEach(f -> attacked.add(f.path().substring(f.path().lastIndexOf('.') + 1)));
        assertEquals(attacked, text, "free-text fields of ModelReader vs the fields this test attacks");
    }

    @TestFactory
    Stream<DynamicTest> attacksInNamesAreRefusedWhereTheyStand() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path sample : Samples.all()) {
            List<String> fields = NAME_FIELDS.get(Samples.name(sample));
            for (Attack a : ATTACKS) {
                tests.add(DynamicTest.dynamicTest(Samples.name(sample) + ": names = " + a.name(), () -> {
                    ModelEdit edit = ModelEdit.of(sample);
                    Map<String, String> where = new LinkedHashMap<>();
                    for (String f : fields) {
                        if (ACCEPTED_BY_NAME.getOrDefault(a.name(), Set.of()).contains(f)) {
                            continue;
                        }
                        where.put(f, edit.where(f));
                        edit.set(f, a.value());
                    }
                    Path model = write(edit.text());
                    Path out = tmp.resolve("names-out-" + counter);
                    Cli.Run r = Cli.run("generate", model.toString(), "-o", out.toString());
                    Cli.assertRefusedModel(r, model);
                    assertFalse(Files.exists(out), r::all);
                    where.forEach((field, at) -> assertTrue(r.err().contains(model + ":" + at + ": error MS012: "),
                            () -> field + " (" + at + ") not refused\n" + r.all()));
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> attacksInFreeTextAreRefusedOrInert() throws IOException {
        String carrier = freeTextCarrier();
        List<DynamicTest> tests = new ArrayList<>();
        List<String> values = new ArrayList<>();
        ATTACKS.forEach(a -> values.add(a.value()));
        values.addAll(LOOK_ALIKES);
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            boolean accepts = i < ATTACKS.size() ? ATTACKS.get(i).textAccepts() : true;
            String label = i < ATTACKS.size() ? ATTACKS.get(i).name() : "YAML look-alike '" + value + "'";
            tests.add(DynamicTest.dynamicTest("free text = " + label, () -> freeText(carrier, TEXT_FIELDS, value, accepts)));
        }
        return tests.stream();
    }

    private static void freeText(String carrier, List<TextField> fields, String value, boolean accepts)
            throws IOException {
        ModelEdit edit = ModelEdit.of(carrier);
        Map<TextField, String> where = new LinkedHashMap<>();
        for (TextField f : fields) {
            where.put(f, edit.where(f.path()));
            edit.set(f.path(), value);
        }
        Path model = write(edit.text());
        Path out = tmp.resolve("text-out-" + counter);
        Cli.Run r = Cli.run("generate", model.toString(), "-o", out.toString());
        if (!accepts) {
            Cli.assertRefusedModel(r, model);
            assertFalse(Files.exists(out), r::all);
            where.forEach((f, at) -> assertTrue(r.err().contains(model + ":" + at + ": error MS012: "),
                    () -> f.path() + " (" + at + ") not refused\n" + r.all()));
            return;
        }
        assertEquals(0, r.code(), r::all);
        Map<String, byte[]> tree = read(out);
        Map<String, byte[]> baseline = baseline(carrier);
        for (TextField f : fields) {
            byte[] file = tree.get(f.file());
            assertTrue(file != null, () -> f.file() + " not generated");
            Object found = f.file().endsWith(".json") ? jsonAt(file, f.keys()) : yamlAt(file, f.keys());
            assertEquals(value, found, () -> f.path() + " does not arrive as the same string in " + f.file());
        }
        for (Map.Entry<String, byte[]> e : tree.entrySet()) {
            String path = e.getKey();
            if (Arrays.equals(e.getValue(), baseline.get(path))) {
                continue;
            }
            assertTrue(isDataFile(path), () -> path + " changed with a value of the model: only data files may");
        }
        assertEquals(baseline.keySet(), tree.keySet(), "a value changed which files are generated");
        for (Map.Entry<String, byte[]> e : tree.entrySet()) {
            String path = e.getKey();
            String content = new String(e.getValue(), StandardCharsets.UTF_8);
            boolean code = path.startsWith("ansible/playbooks/") || path.endsWith(".tf") || path.startsWith("ansible/roles/");
            if (code && !new String(baseline.get(path), StandardCharsets.UTF_8).contains(value)) {
                assertFalse(content.contains(value), () -> "the value stands in code: " + path);
            }
            if (Arrays.equals(e.getValue(), baseline.get(path)) && !path.startsWith("ansible/inventory/")) {
                continue; // checked once, on the baseline
            }
            if (path.endsWith(".yml") || path.endsWith(".yaml")) {
                new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(content).forEach(d -> { });
            }
            if (path.startsWith("ansible/inventory/")) {
                assertEveryStringQuoted(path, content);
            }
            if (path.endsWith(".json")) {
                new ObjectMapper().readTree(e.getValue());
            }
        }
    }

    /** Data the serializers write: the inventory, Terraform variables, msupgrade's own records. */
    static boolean isDataFile(String path) {
        return path.startsWith("ansible/inventory/") || path.matches("terraform/[^/]+\\.auto\\.tfvars\\.json")
                || path.startsWith(".msupgrade/");
    }

    /** Every string value of a generated data file is double-quoted by the serializer. */
    static void assertEveryStringQuoted(String path, String content) {
        LoaderOptions options = new LoaderOptions();
        DumperOptions dumper = new DumperOptions();
        Node root = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options)
                .compose(new StringReader(content));
        List<String> plain = new ArrayList<>();
        walkValues(root, plain);
        assertTrue(plain.isEmpty(), () -> path + ": string values not double-quoted: " + plain);
    }

    private static void walkValues(Node n, List<String> plain) {
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                walkValues(t.getValueNode(), plain);
            }
        } else if (n instanceof SequenceNode s) {
            s.getValue().forEach(v -> walkValues(v, plain));
        } else if (n instanceof ScalarNode s && s.getTag().equals(Tag.STR)
                && s.getScalarStyle() != DumperOptions.ScalarStyle.DOUBLE_QUOTED) {
            plain.add(s.getValue() + " (line " + (s.getStartMark().getLine() + 1) + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private static Object yamlAt(byte[] file, List<String> keys) {
        Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(file, StandardCharsets.UTF_8));
        for (String k : keys) {
            o = ((Map<String, Object>) o).get(k);
        }
        return o;
    }

    private static Object jsonAt(byte[] file, List<String> keys) throws IOException {
        JsonNode n = new ObjectMapper().readTree(file);
        for (String k : keys) {
            n = n.get(k);
        }
        return n == null || !n.isTextual() ? n : n.textValue();
    }

    private static Map<String, byte[]> baseline;

    /** The carrier's own tree, generated through the same entry, and checked once. */
    private static Map<String, byte[]> baseline(String carrier) throws IOException {
        if (baseline == null) {
            Path model = write(carrier);
            Path out = tmp.resolve("baseline");
            Cli.Run r = Cli.run("generate", model.toString(), "-o", out.toString());
            assertEquals(0, r.code(), r::all);
            Map<String, byte[]> tree = read(out);
            for (Map.Entry<String, byte[]> e : tree.entrySet()) {
                String content = new String(e.getValue(), StandardCharsets.UTF_8);
                if (e.getKey().endsWith(".yml") || e.getKey().endsWith(".yaml")) {
                    new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(content).forEach(d -> { });
                }
                if (e.getKey().endsWith(".json")) {
                    new ObjectMapper().readTree(e.getValue());
                }
            }
            baseline = tree;
        }
        return baseline;
    }

    static Map<String, byte[]> read(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        files.remove(".msupgrade/manifest.json");
        return files;
    }

    private static Path write(String text) throws IOException {
        counter++;
        return Files.writeString(tmp.resolve("attack-" + counter + ".yaml"), text);
    }
}
