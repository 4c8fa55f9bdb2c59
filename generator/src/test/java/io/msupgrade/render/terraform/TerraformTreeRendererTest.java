package io.msupgrade.render.terraform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.msupgrade.model.Deployment;
import io.msupgrade.model.Host;
import io.msupgrade.model.NewHost;
import io.msupgrade.model.Provider;
import io.msupgrade.model.Tier;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Planner;
import io.msupgrade.render.GeneratedTree;
import io.msupgrade.testing.Golden;
import io.msupgrade.testing.Samples;

/**
 * The Terraform tree of every sample (samples/*.yaml) and of the Terraform fixtures
 * (src/test/resources/terraform/*.yaml): the rendered and data files byte for byte against their
 * golden copy, the static files (the provider modules, the root files without {@code .tpl}) checked
 * to be terraform-templates/ byte for byte, so they are not copied into every golden tree; parsed
 * by HashiCorp's HCL parser, and held to the conventions of {@link TerraformChecks}.
 */
class TerraformTreeRendererTest {

    private static final String PREFIX = TerraformTreeRenderer.OUTPUT_ROOT;
    /** Root variables without a default that the user supplies: secrets and site settings. */
    private static final Set<String> SUPPLIED_BY_USER =
            Set.of("ssh_public_key", "vsphere_server", "vsphere_user", "vsphere_password");

    /** A model to render and the golden folder its terraform/ is compared with. */
    record Case(String name, Path model, String golden) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (Path sample : Samples.all()) {
            cases.add(new Case(Samples.name(sample), sample, Samples.name(sample) + "/terraform"));
        }
        Path fixtures = Samples.projectRoot().resolve("generator/src/test/resources/terraform");
        try (Stream<Path> s = Files.list(fixtures)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                String name = f.getFileName().toString().replace(".yaml", "");
                cases.add(new Case("fixture " + name, f, "terraform-fixtures/" + name + "/terraform"));
            }
        }
        return cases;
    }

    private static SortedMap<String, byte[]> render(Deployment model) {
        Plan plan = new Planner().plan(model);
        GeneratedTree tree = new GeneratedTree();
        new TerraformTreeRenderer().render(model, plan, tree);
        SortedMap<String, byte[]> out = new TreeMap<>();
        tree.files().forEach((path, bytes) -> {
            assertTrue(path.startsWith(PREFIX), "renderer wrote outside terraform/: " + path);
            out.put(path.substring(PREFIX.length()), bytes);
        });
        return out;
    }

    private static Set<String> builtHosts(Deployment model) {
        Set<String> names = new TreeSet<>();
        for (NewHost h : model.newHosts()) {
            if (h.provision() != null && h.provision().provider() != Provider.NONE) {
                names.add(h.name());
            }
        }
        return names;
    }

    private static Set<String> providersOf(Deployment model) {
        Set<String> ids = new TreeSet<>();
        for (NewHost h : model.newHosts()) {
            if (h.provision() != null && h.provision().provider() != Provider.NONE) {
                ids.add(h.provision().provider().id());
            }
        }
        return ids;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesGolden(Case c) throws IOException {
        Deployment model = Samples.model(c.model());
        SortedMap<String, byte[]> files = render(model);
        if (builtHosts(model).isEmpty()) {
            assertTrue(files.isEmpty(), "no host for Terraform to build, yet it wrote " + files.keySet());
            return;
        }
        SortedMap<String, byte[]> statics = staticFiles();
        SortedMap<String, byte[]> generated = new TreeMap<>();
        Set<String> copied = new TreeSet<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (statics.containsKey(f.getKey())) {
                assertArrayEquals(statics.get(f.getKey()), f.getValue(), f.getKey() + " must be copied verbatim");
                copied.add(f.getKey());
            } else {
                generated.put(f.getKey(), f.getValue());
            }
        }
        // Which static files are copied: the root ones always, a module only for a provider in use.
        Set<String> expected = new TreeSet<>();
        for (String path : statics.keySet()) {
            if (!path.startsWith("modules/")
                    || providersOf(model).stream().anyMatch(p -> path.startsWith("modules/ms-host-" + p + "/"))) {
                expected.add(path);
            }
        }
        assertEquals(expected, copied, "static files copied from terraform-templates/");
        assertTrue(generated.containsKey("main.tf") && generated.containsKey(TerraformTreeRenderer.HOSTS_FILE),
                "root module and host list are generated: " + generated.keySet());
        Golden.checkTree(c.golden(), generated);
    }

    /** Every file of terraform-templates/ that is copied as it is (all but the {@code .tpl} templates). */
    private static SortedMap<String, byte[]> staticFiles() throws IOException {
        Path templates = Samples.projectRoot().resolve("terraform-templates");
        SortedMap<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(templates)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = templates.relativize(p).toString().replace('\\', '/');
                if (!rel.endsWith(".tpl")) {
                    out.put(rel, Files.readAllBytes(p));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameModelSameBytes(Case c) {
        SortedMap<String, byte[]> first = render(Samples.model(c.model()));
        SortedMap<String, byte[]> second = render(Samples.model(c.model()));
        assertEquals(first.keySet(), second.keySet());
        first.forEach((k, v) -> assertArrayEquals(v, second.get(k), k));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parsesAndKeepsTheConventions(Case c, @TempDir Path out) throws IOException {
        Deployment model = Samples.model(c.model());
        SortedMap<String, byte[]> files = render(model);
        if (files.isEmpty()) {
            return;
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = out.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }

        TerraformChecks.Module root = TerraformChecks.read(out);
        List<String> problems = new ArrayList<>(TerraformChecks.check(root, true));

        // Only the providers the model uses, plus local for the inventory file.
        Set<String> expected = new TreeSet<>(providersOf(model));
        expected.add("local");
        assertEquals(expected, root.requiredProviders().keySet(), "required_providers");

        // Each module called is in the tree, parses and keeps the conventions too.
        Map<String, String> sources = TerraformChecks.moduleSources(root);
        assertEquals(providersOf(model).size(), sources.size(), "one module call per provider: " + sources);
        for (String source : sources.values()) {
            Path dir = out.resolve(source).normalize();
            assertTrue(Files.isRegularFile(dir.resolve("main.tf")), "module missing: " + source);
            for (String f : List.of("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md")) {
                assertTrue(Files.isRegularFile(dir.resolve(f)), source + "/" + f + " missing");
            }
            TerraformChecks.Module module = TerraformChecks.read(dir);
            problems.addAll(TerraformChecks.check(module, false).stream().map(p -> source + "/" + p).toList());
            problems.addAll(TerraformChecks.callMatchesModule(root, source, module));
        }
        assertEquals(List.of(), problems, "problems in the generated Terraform of " + c.name());

        // Every value the generator writes is a declared variable; every variable without a
        // default is written by the generator or is a secret/site setting the user supplies.
        Set<String> written = new TreeSet<>();
        for (String json : List.of(TerraformTreeRenderer.HOSTS_FILE, TerraformTreeRenderer.PROVISIONING_FILE)) {
            new ObjectMapper().readTree(files.get(json)).fieldNames().forEachRemaining(written::add);
        }
        for (String w : written) {
            assertTrue(root.variables().contains(w), "tfvars key " + w + " is not a declared variable");
        }
        for (JsonNode body : root.files().values()) {
            body.path("variable").fields().forEachRemaining(v -> {
                boolean hasDefault = v.getValue().path(0).has("default");
                assertTrue(hasDefault || written.contains(v.getKey()) || SUPPLIED_BY_USER.contains(v.getKey()),
                        "variable " + v.getKey() + " has no default and no value from the model");
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostListIsTheNewHostsTerraformBuilds(Case c) throws IOException {
        Deployment model = Samples.model(c.model());
        SortedMap<String, byte[]> files = render(model);
        if (files.isEmpty()) {
            return;
        }
        JsonNode hosts = new ObjectMapper().readTree(files.get(TerraformTreeRenderer.HOSTS_FILE)).path("hosts");
        Set<String> names = new LinkedHashSet<>();
        hosts.fieldNames().forEachRemaining(names::add);
        assertEquals(builtHosts(model), new TreeSet<>(names), "hosts in " + TerraformTreeRenderer.HOSTS_FILE);
        assertEquals(new ArrayList<>(new TreeSet<>(names)), new ArrayList<>(names), "hosts sorted by name");
        for (Host existing : model.hosts()) {
            assertFalse(names.contains(existing.name()), "existing host " + existing.name() + " in Terraform");
        }
        Plan plan = new Planner().plan(model);
        for (NewHost h : model.newHosts()) {
            if (!names.contains(h.name())) {
                continue;
            }
            JsonNode host = hosts.path(h.name());
            Tier tier = plan.host(h.name()).map(hp -> hp.tier()).orElse(model.tierOf(h.components()));
            assertEquals(h.provision().provider().id(), host.path("provider").asText());
            assertEquals(tier.id(), host.path("tier").asText());
            assertEquals(List.of("coexistence_new", "tier_" + tier.id()),
                    new ObjectMapper().convertValue(host.path("groups"), List.class));
            assertEquals(h.provision().cpus(), host.path("cpus").asInt());
            assertEquals(h.provision().memoryGb(), host.path("memory_gb").asInt());
            assertEquals(h.provision().storeDiskGb(), host.path("store_disk_gb").asInt());
        }
        // No model value is text-templated into HCL: host names only in the JSON data.
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().endsWith(".tf")) {
                String text = new String(f.getValue(), StandardCharsets.UTF_8);
                for (String n : names) {
                    assertFalse(text.contains("\"" + n + "\""), f.getKey() + " names host " + n);
                }
            }
        }
    }

    /** terraform-templates/ mirrors the tree: every output file is a template file, less .tpl. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void templatesMirrorTheTree(Case c) {
        Path templates = Samples.projectRoot().resolve("terraform-templates");
        for (String f : render(Samples.model(c.model())).keySet()) {
            if (f.endsWith(".auto.tfvars.json")) {
                continue;
            }
            assertTrue(Files.isRegularFile(templates.resolve(f)) || Files.isRegularFile(templates.resolve(f + ".tpl")),
                    f + " has no template");
        }
    }

    /**
     * Where a real terraform is installed, its own {@code terraform fmt -check} agrees with
     * FmtCheck (it needs no providers and no network); skipped elsewhere.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void realTerraformFmtAgreesWhereInstalled(Case c, @TempDir Path out) throws IOException {
        Map<String, String> env = Map.copyOf(System.getenv());
        org.junit.jupiter.api.Assumptions.assumeTrue(
                io.msupgrade.run.ExternalCommand.resolve("terraform", env).isPresent(), "terraform is not installed");
        SortedMap<String, byte[]> files = render(Samples.model(c.model()));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = out.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        List<String> lines = new ArrayList<>();
        io.msupgrade.run.ExternalCommand.Result r = io.msupgrade.run.ExternalCommand
                .of("terraform", "fmt", "-check", "-list=true", "-recursive", "-no-color")
                .workingDirectory(out)
                .environment(env)
                .timeout(java.time.Duration.ofMinutes(1))
                .stdout(lines::add)
                .stderr(l -> { })
                .build()
                .run();
        assertEquals(0, r.exitCode(), "terraform fmt would rewrite: " + lines);
    }

    /** The static modules on their own, as shipped, whatever a sample uses. */
    @Test
    void modulesParseAndKeepTheConventions() throws IOException {
        Path modules = Samples.projectRoot().resolve("terraform-templates/modules");
        List<String> problems = new ArrayList<>();
        for (String m : List.of("ms-host-oci", "ms-host-aws", "ms-host-vsphere")) {
            Path dir = modules.resolve(m);
            TerraformChecks.Module module = TerraformChecks.read(dir);
            problems.addAll(TerraformChecks.check(module, false).stream().map(p -> m + "/" + p).toList());
            // Every module offers the same outputs, so the root can merge them.
            Set<String> outputs = new TreeSet<>();
            module.files().values().forEach(b -> b.path("output").fieldNames().forEachRemaining(outputs::add));
            assertEquals(Set.of("id", "private_ip", "public_ip", "ssh_user", "store_device"), outputs, m + " outputs");
            assertTrue(Files.isRegularFile(dir.resolve("README.md")), m + "/README.md");
        }
        assertEquals(List.of(), problems);
    }
}
