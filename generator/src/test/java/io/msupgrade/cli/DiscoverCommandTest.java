package io.msupgrade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.msupgrade.discover.DraftWriter;
import io.msupgrade.model.Deployment;
import io.msupgrade.model.Host;
import io.msupgrade.model.Problem;
import io.msupgrade.model.ReadResult;
import io.msupgrade.plan.HostPlan;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Planner;
import io.msupgrade.plan.Wave;
import io.msupgrade.render.YamlData;
import io.msupgrade.rules.Validator;
import io.msupgrade.run.rehearsal.RehearsalSpec;
import io.msupgrade.run.rehearsal.Simulator;
import io.msupgrade.testing.Samples;
import picocli.CommandLine;

/**
 * {@code msupgrade discover} against the simulated estate of every sample (the rehearsal's
 * sandbox, set up by the simulator, the real ansible-playbook, the shipped play): the draft,
 * its placeholders filled in from the sample, validates and plans what the sample plans. The
 * inventory the command reads holds only what an operator's would (connection, roots, the
 * environment), never the model's values.
 */
class DiscoverCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The only commands discover may run, each in its read-only form. */
    private static final Set<List<String>> READ_ONLY = Set.of(List.of("uname", "-s"), List.of("imsimta", "version"),
            List.of("zfs", "list"), List.of("clresource", "list"), List.of("clresource", "status"),
            List.of("crsctl", "status"));

    @TempDir
    Path tmp;

    /** The simulator, unpacked (and its client compiled) once for every estate of this class. */
    @TempDir
    static Path shared;
    private static Simulator unpacked;

    static List<Path> samples() {
        return Samples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theDraftOfASamplesEstateFilledInPlansTheSample(Path sample) throws Exception {
        Deployment model = Samples.model(sample);
        Plan plan = new Planner().plan(model);
        Estate estate = estate(model, plan);
        Path draft = tmp.resolve("draft.yaml");
        Run run = discover(estate, draft);
        assertEquals(ExitCode.OK, run.code, run.out + run.err);

        // what discover read is what the sample says of each host
        Map<String, Object> drafted = new Yaml().load(Files.readString(draft));
        Map<String, Map<String, Object>> draftHosts = byName(drafted.get("hosts"));
        assertEquals(model.hosts().stream().map(Host::name).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(draftHosts.keySet()), "every existing host, and only those, is in the draft");
        for (Host h : model.hosts()) {
            Map<String, Object> d = draftHosts.get(h.name());
            assertEquals(h.components().stream().map(c -> c.id()).collect(Collectors.toSet()),
                    Set.copyOf((List<?>) d.get("components")), h.name());
            assertEquals(h.os().id(), d.get("os"), h.name());
            assertEquals(h.arch().id(), d.get("arch"), h.name());
            assertEquals(h.version().text(), d.get("version"), h.name());
            assertEquals(h.bits(), d.getOrDefault("bits", 64), h.name());
            assertEquals(h.zfs() == null ? null : Map.of("store_dataset", h.zfs().storeDataset()), d.get("zfs"), h.name());
            Map<?, ?> draftedHa = d.get("ha") instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : null;
            if (draftedHa != null) { // the Clusterware agent is the operator's to name (a placeholder)
                assertEquals("clusterware".equals(draftedHa.get("cluster")) ? DraftWriter.PLACEHOLDER : null,
                        draftedHa.remove("agent"), h.name());
            }
            assertEquals(h.ha() == null ? null : Map.of("cluster", h.ha().cluster().id(), "resource", h.ha().resource()),
                    draftedHa, h.name());
            if (model.configLayout(h) != null) { // the layout the simulated host has, read from its ConfigRoot
                assertEquals(model.configLayout(h).id(), d.get("config_layout"), h.name());
            }
            assertEquals(h.address(), d.get("address"), h.name());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> directory = (Map<String, Object>) drafted.get("directory");
        assertEquals(model.directory().host(), directory.get("host"));
        assertEquals(model.directory().port(), directory.get("port"));

        // validate lists exactly the placeholders: one error at each FILL-IN, none elsewhere
        ReadResult unfilled = new Validator().validate(draft);
        List<String> lines = Files.readAllLines(draft, StandardCharsets.UTF_8);
        Set<Integer> placeholders = new TreeSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(": " + DraftWriter.PLACEHOLDER)) {
                placeholders.add(i + 1);
                assertTrue(lines.get(i - 1).strip().startsWith(DraftWriter.ASK.strip()),
                        "a comment says what to write at line " + (i + 1));
            }
        }
        Set<Integer> errors = unfilled.problems().stream().filter(Problem::isError)
                .map(p -> p.location().line()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(placeholders, errors, unfilled.problems().toString());

        // filled in from the sample, the draft is the sample: it validates and plans the same
        Path filled = tmp.resolve("filled.yaml");
        Files.writeString(filled, YamlData.dump(fillIn(drafted, new Yaml().load(Files.readString(sample)))));
        ReadResult result = new Validator().validate(filled);
        assertFalse(result.hasErrors(), result.problems() + "\n" + Files.readString(filled));
        Plan discovered = new Planner().plan(result.model().orElseThrow());
        assertEquals(waves(plan), waves(discovered));
        assertEquals(procedures(plan), procedures(discovered));
        assertEquals(Set.copyOf(plan.pairs()), Set.copyOf(discovered.pairs()));
        assertEquals(plan.haGroups().size(), discovered.haGroups().size());

        // discover changed nothing: every command the hosts ran is a read-only one
        List<String> changing = new ArrayList<>();
        for (String line : Files.readAllLines(estate.sim.journal())) {
            Map<String, Object> l = JSON.readValue(line, new TypeReference<Map<String, Object>>() { });
            List<?> argv = (List<?>) l.get("argv");
            if (argv == null || argv.size() < 2 || !READ_ONLY.contains(List.of(
                    Path.of(String.valueOf(argv.get(0))).getFileName().toString(), String.valueOf(argv.get(1))))) {
                changing.add(l.get("host") + ": " + argv);
            }
        }
        assertEquals(List.of(), changing, "discover ran only read-only commands");
        assertTrue(Files.readString(estate.sim.journal()).contains("\"imsimta\",\"version\""), "the journal saw discover");
    }

    @Test
    void unreachableAndHalfReadableHostsAreListedNeverGuessed() throws Exception {
        Path sample = Samples.all().stream().filter(p -> p.toString().contains("linux-frontends")).findFirst().orElseThrow();
        Deployment model = Samples.model(sample);
        Estate estate = estate(model, new Planner().plan(model));
        // mmp1: its configuration is gone; web1: its release file is unreadable
        Path mmp1 = Path.of(estate.hostVars("mmp1").get("msupgrade_config_root").toString());
        // its configuration, whichever layout the sample gives it (config.xml or msg.conf)
        Files.delete(Files.exists(mmp1.resolve("config.xml")) ? mmp1.resolve("config.xml") : mmp1.resolve("msg.conf"));
        Files.delete(Path.of(estate.hostVars("web1").get("msupgrade_os_release_file").toString()));
        // two hosts Ansible cannot reach (nothing listens on port 1)
        estate.inventory.put("gone1", Map.of("ansible_connection", "ssh", "ansible_host", "127.0.0.1", "ansible_port", 1,
                "ansible_ssh_common_args", "-o ConnectTimeout=3 -o BatchMode=yes"));
        estate.inventory.put("gone2", Map.of("ansible_connection", "ssh", "ansible_host", "127.0.0.1", "ansible_port", 1,
                "ansible_ssh_common_args", "-o ConnectTimeout=3 -o BatchMode=yes"));
        Path draft = tmp.resolve("draft.yaml");
        Run run = discover(estate, draft);
        assertEquals(ExitCode.OK, run.code, run.out + run.err);
        assertTrue(run.out.contains("gone1: unreachable"), run.out);
        assertTrue(run.out.contains("mmp1: read") && run.out.contains("not read: mmp1: no configuration in"), run.out);
        assertTrue(run.out.contains("not read: web1: cannot read the release file"), run.out);

        String text = Files.readString(draft);
        assertTrue(text.contains("#   gone1: unreachable\n#   gone2: unreachable\n"), text);
        Map<String, Map<String, Object>> hosts = byName(((Map<?, ?>) new Yaml().load(text)).get("hosts"));
        assertEquals(DraftWriter.PLACEHOLDER, hosts.get("mmp1").get("components"), "never guessed");
        assertEquals(DraftWriter.PLACEHOLDER, hosts.get("web1").get("os"), "never guessed");
        assertEquals("x86_64", hosts.get("web1").get("arch"), "what could be read is");
        assertFalse(hosts.containsKey("gone1"));
        List<String> located = new Validator().validate(draft).problems().stream().map(Problem::format).toList();
        assertTrue(located.stream().anyMatch(p -> p.matches(".*draft\\.yaml:\\d+:\\d+: error MS012: 'components' .*")), located.toString());
        assertTrue(located.stream().anyMatch(p -> p.matches(".*draft\\.yaml:\\d+:\\d+: error MS012: 'os'.*")), located.toString());
    }

    @Test
    void noHostReadExitsFourAndWritesNothing() throws Exception {
        Path inventory = tmp.resolve("hosts.yml");
        Files.writeString(inventory, "all:\n  hosts:\n    gone1:\n      ansible_host: 127.0.0.1\n      ansible_port: 1\n"
                + "      ansible_ssh_common_args: -o ConnectTimeout=3 -o BatchMode=yes\n");
        Path draft = tmp.resolve("draft.yaml");
        Run run = run(System.getenv(), "-i", inventory.toString(), "-o", draft.toString());
        assertEquals(ExitCode.EXTERNAL_FAILED, run.code, run.out + run.err);
        assertTrue(run.out.contains("gone1: unreachable"), run.out);
        assertTrue(run.err.contains("no Messaging Server host could be read; nothing was written"), run.err);
        assertFalse(Files.exists(draft));
    }

    @Test
    void hostileValuesFromAHostStayQuotedData() throws Exception {
        Path sample = Samples.all().stream().filter(p -> p.toString().contains("linux-frontends")).findFirst().orElseThrow();
        Deployment model = Samples.model(sample);
        Estate estate = estate(model, new Planner().plan(model));
        // one word (local.ugldaphost is a space-separated list): quotes, a comment, a template, a backslash
        String hostile = "evil\"}]#{{lookup('pipe','id')}}\\";
        for (String h : List.of("mta1", "mta2", "mmp1", "mmp2", "web1")) {
            Path root = Path.of(estate.hostVars(h).get("msupgrade_config_root").toString());
            Path xml = root.resolve("config.xml");
            if (Files.exists(xml)) { // Unified Configuration
                Files.writeString(xml, Files.readString(xml).replace("ugldaphost=\"ldap1.acme.example\"",
                        "ugldaphost=\"" + hostile.replace("&", "&amp;").replace("\"", "&quot;") + "\""));
            } else { // legacy: msg.conf, one `name = value` a line
                Path conf = root.resolve("msg.conf");
                Files.writeString(conf, Files.readString(conf).replace("local.ugldaphost = ldap1.acme.example",
                        "local.ugldaphost = " + hostile));
            }
        }
        Path draft = tmp.resolve("draft.yaml");
        Run run = discover(estate, draft);
        assertEquals(ExitCode.OK, run.code, run.out + run.err);
        String text = Files.readString(draft);
        Map<?, ?> parsed = new Yaml().load(text);
        Map<?, ?> directory = (Map<?, ?>) parsed.get("directory");
        assertEquals(hostile, directory.get("host"), "exactly as configured");
        assertEquals(DraftWriter.PLACEHOLDER, directory.get("password_var"), "no key injected");
        assertEquals(5, ((List<?>) parsed.get("hosts")).size(), "no host list replaced");
        for (String line : text.split("\n")) {
            if (line.strip().startsWith("#")) {
                assertFalse(line.contains("evil") || line.contains("lookup"), "a comment holds host data: " + line);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** A simulated estate: the simulator, and the inventory an operator would have for it. */
    private record Estate(Simulator sim, Map<String, Object> vars, Map<String, Object> inventory, Map<String, String> env) {

        @SuppressWarnings("unchecked")
        Map<String, Object> hostVars(String host) {
            return (Map<String, Object>) ((Map<String, Object>) vars.get("hosts")).get(host);
        }
    }

    private record Run(int code, String out, String err) {
    }

    @SuppressWarnings("unchecked")
    private Estate estate(Deployment model, Plan plan) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        synchronized (DiscoverCommandTest.class) {
            if (unpacked == null) {
                unpacked = Simulator.install(shared.resolve("simulator"), shared.resolve("unused"), env);
            }
        }
        Simulator sim = unpacked.at(tmp.resolve("sandbox"));
        Map<String, Object> vars = sim.setup(RehearsalSpec.of(model, plan));
        ((Map<String, Object>) vars.get("ansible_env")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        env.put("ANSIBLE_LOCAL_TEMP", tmp.resolve("ansible-tmp").toString());
        env.put("ANSIBLE_NOCOLOR", "1");
        env.put("ANSIBLE_HOST_KEY_CHECKING", "False");
        Map<String, Object> inventory = new TreeMap<>();
        Map<String, Object> simHosts = (Map<String, Object>) vars.get("hosts");
        for (Map.Entry<String, Object> h : simHosts.entrySet()) {
            Map<String, Object> sv = (Map<String, Object>) h.getValue();
            Map<String, Object> hv = new LinkedHashMap<>();
            // what an operator's inventory holds: how to reach the host, and its roots
            for (String k : List.of("ansible_connection", "ansible_python_interpreter", "msupgrade_env",
                    "msupgrade_install_root", "msupgrade_config_root", "msupgrade_data_root", "msupgrade_os_release_file")) {
                hv.put(k, sv.get(k));
            }
            model.hosts().stream().filter(x -> x.name().equals(h.getKey()) && x.address() != null).findFirst()
                    .ifPresent(x -> hv.put("ansible_host", x.address()));
            inventory.put(h.getKey(), hv);
        }
        return new Estate(sim, vars, inventory, env);
    }

    private Run discover(Estate estate, Path draft) throws IOException {
        Path inventory = tmp.resolve("inventory.json");
        Files.writeString(inventory, JSON.writeValueAsString(Map.of("all", Map.of("hosts", estate.inventory))));
        return run(estate.env, "-i", inventory.toString(), "-o", draft.toString());
    }

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DiscoverCommand().environment(env));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> byName(Object hosts) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Object h : (List<?>) hosts) {
            Map<String, Object> m = (Map<String, Object>) h;
            out.put(String.valueOf(m.get("name")), m);
        }
        return out;
    }

    /** The draft with every decision of the operator taken from the sample. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fillIn(Map<String, Object> draft, Map<String, Object> sample) {
        Map<String, Object> out = new LinkedHashMap<>(draft);
        out.put("deployment", sample.get("deployment"));
        out.put("target", sample.get("target"));
        out.put("media", sample.get("media"));
        Map<String, Object> directory = new LinkedHashMap<>((Map<String, Object>) draft.get("directory"));
        Map<String, Object> sampleDirectory = (Map<String, Object>) sample.get("directory");
        for (String k : List.of("password_var", "user_base", "bind_dn")) {
            if (sampleDirectory.containsKey(k)) {
                directory.put(k, sampleDirectory.get(k));
            }
        }
        out.put("directory", directory);
        Map<String, Map<String, Object>> sampleHosts = byName(sample.get("hosts"));
        List<Map<String, Object>> hosts = new ArrayList<>();
        for (Object o : (List<?>) draft.get("hosts")) {
            Map<String, Object> h = new LinkedHashMap<>((Map<String, Object>) o);
            Map<String, Object> s = sampleHosts.get(String.valueOf(h.get("name")));
            h.put("strategy", s.get("strategy"));
            if (s.containsKey("replacement")) {
                h.put("replacement", s.get("replacement"));
            }
            if (h.get("ha") instanceof Map<?, ?> ha && s.get("ha") instanceof Map<?, ?> sampleHa
                    && sampleHa.containsKey("agent")) {
                Map<String, Object> filledHa = new LinkedHashMap<>((Map<String, Object>) ha);
                filledHa.put("agent", sampleHa.get("agent"));
                h.put("ha", filledHa);
            }
            hosts.add(h);
        }
        out.put("hosts", hosts);
        for (String k : List.of("backup", "sequence", "migration", "rollout", "new_hosts", "provisioning")) {
            if (sample.containsKey(k)) {
                out.put(k, sample.get(k));
            }
        }
        return out;
    }

    /** Each wave: number, tier, group, serial, its hosts (by name, in any order), pairs and new hosts. */
    private static List<String> waves(Plan plan) {
        List<String> out = new ArrayList<>();
        for (Wave w : plan.waves()) {
            out.add(w.number() + " " + w.tier() + " " + w.group() + " " + w.serial() + " " + new TreeSet<>(w.hosts())
                    + " " + Set.copyOf(w.pairs()) + " " + new TreeSet<>(w.newHosts()) + " ha " + w.haGroups().size());
        }
        return out;
    }

    private static Map<String, String> procedures(Plan plan) {
        Map<String, String> out = new TreeMap<>();
        for (HostPlan h : plan.hosts()) {
            out.put(h.name(), String.valueOf(h.procedure()));
        }
        return out;
    }
}
