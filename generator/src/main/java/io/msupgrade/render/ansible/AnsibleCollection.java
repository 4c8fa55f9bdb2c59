package io.msupgrade.render.ansible;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.msupgrade.render.GeneratedTree;
import io.msupgrade.render.TemplateTree;
import io.msupgrade.render.Templates;
import io.msupgrade.render.YamlData;

/**
 * The static roles and their modules laid out as the Ansible collection {@value #FQCN}, from the
 * same files the generated tree vendors ({@code playbook-templates/roles}, never a second copy):
 * each role as it is but for its {@code library/}, whose modules move to {@code plugins/modules/}
 * (a collection's roles find their collection's modules by short name, so the tasks are the same
 * in both layouts). {@code galaxy.yml} carries the project version, read from the build, so the
 * collection, the release and a tree that requires the collection name the same version.
 */
public final class AnsibleCollection {

    public static final String NAMESPACE = "msupgrade";
    public static final String NAME = "messaging";
    public static final String FQCN = NAMESPACE + "." + NAME;
    /** The oldest ansible-core the roles are tested with (Debian 12's). */
    static final String REQUIRES_ANSIBLE = ">=2.14";

    private static final String LIBRARY = "/library/";
    private static final String README_TEMPLATE = "collection-README.md";

    private final Templates templates;

    public AnsibleCollection(Templates templates) {
        this.templates = templates;
    }

    /** The project version of this build (the pom's), {@code dev} outside a Maven build. */
    public static String version() {
        try (InputStream in = AnsibleCollection.class.getResourceAsStream("/io/msupgrade/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The collection's source tree (what {@code ansible-galaxy collection build} reads), by relative path. */
    public GeneratedTree layout(String version) {
        GeneratedTree tree = new GeneratedTree();
        TemplateTree.load(AnsibleTreeRenderer.TEMPLATE_ROOT, p -> p.startsWith("roles/")).forEach((path, bytes) -> {
            int library = path.indexOf(LIBRARY);
            if (library >= 0) {
                tree.add("plugins/modules/" + path.substring(library + LIBRARY.length()), bytes);
            } else {
                tree.add(path, bytes);
            }
        });
        tree.add("galaxy.yml", YamlData.dump(galaxy(version)));
        tree.add("meta/runtime.yml", YamlData.dump(Map.of("requires_ansible", REQUIRES_ANSIBLE)));
        tree.add("README.md", templates.render(README_TEMPLATE, readmeTemplate(),
                Map.of("fqcn", FQCN, "version", version, "requires_ansible", REQUIRES_ANSIBLE)));
        return tree;
    }

    /** galaxy.yml: the keys ansible-galaxy requires and those a reader of Galaxy looks for. */
    static Map<String, Object> galaxy(String version) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("namespace", NAMESPACE);
        g.put("name", NAME);
        g.put("version", version);
        g.put("readme", "README.md");
        g.put("authors", List.of("msupgrade maintainers"));
        g.put("description", "Roles and modules that upgrade Oracle Communications Messaging Server to 8.1.0,"
                + " driven by the playbooks msupgrade generates from a deployment model");
        g.put("license", List.of("Apache-2.0"));
        g.put("tags", List.of("messaging", "oracle", "upgrade", "mail"));
        Map<String, String> dependencies = new LinkedHashMap<>();
        RequirementsData.VENDORED.forEach(r -> dependencies.put(r.name(), ">=" + r.version()));
        g.put("dependencies", dependencies);
        g.put("build_ignore", List.of(".msupgrade"));
        return g;
    }

    private static String readmeTemplate() {
        try (InputStream in = AnsibleCollection.class.getResourceAsStream(README_TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("the collection README template " + README_TEMPLATE + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
