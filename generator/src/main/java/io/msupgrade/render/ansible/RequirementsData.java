package io.msupgrade.render.ansible;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.msupgrade.model.AnsibleOptions;
import io.msupgrade.render.YamlData;

/**
 * {@code collections/requirements.yml}: the collections the roles use, pinned (the versions the
 * test suite runs), and, when the model asks for it, the {@value AnsibleCollection#FQCN}
 * collection of this msupgrade's version. Written twice with the same bytes: in {@code ansible/}
 * for {@code ansible-galaxy collection install -r collections/requirements.yml -p collections} run
 * there, and at the repository's root, where AWX / Automation Controller looks for it.
 */
public final class RequirementsData {

    /** A collection and the exact version required. */
    public record Requirement(String name, String version) {
    }

    /** What the roles themselves use: community.general.pkg5(_publisher) on Solaris 11.4; ansible.posix. */
    public static final List<Requirement> VENDORED = List.of(
            new Requirement("community.general", "6.6.2"),
            new Requirement("ansible.posix", "1.5.4"));

    private RequirementsData() {
    }

    public static List<Requirement> of(AnsibleOptions options, String version) {
        List<Requirement> all = new ArrayList<>();
        if (options.fromCollection()) {
            all.add(new Requirement(AnsibleCollection.FQCN, version));
        }
        all.addAll(VENDORED);
        return List.copyOf(all);
    }

    public static String yaml(List<Requirement> requirements) {
        List<Map<String, String>> collections = requirements.stream().map(r -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("version", r.version());
            return m;
        }).toList();
        return YamlData.dump(Map.of("collections", collections));
    }
}
