package io.msupgrade.run.rehearsal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.msupgrade.render.YamlData;

/**
 * The rehearsal's inventory: the generated one ({@code DIR/ansible/inventory}, as generate wrote
 * it), read back file for file, with only the simulator's values laid over it (local connection,
 * sandbox paths and PATH, media in the sandbox, a throwaway directory password, the controller's
 * review folder in the rehearsal's home). So the inventory is the one thing a rehearsal changes:
 * playbooks and roles are the generated ones, unmodified, and so are the groups ({@code hosts.yml},
 * copied byte for byte) and every variable the simulator does not replace.
 */
final class RehearsalInventory {

    private RehearsalInventory() {
    }

    /**
     * @param dir          the rehearsal inventory to write
     * @param generated    the generated inventory it starts from
     * @param passwordVar  the model's vault variable for the Directory Manager password
     * @param simVars      the simulator's values: {@code all} (group vars) and {@code hosts} (per host)
     */
    @SuppressWarnings("unchecked")
    static Path write(Path dir, Path generated, String passwordVar, Map<String, Object> simVars) throws IOException {
        Files.createDirectories(dir.resolve("group_vars"));
        Files.createDirectories(dir.resolve("host_vars"));
        Files.copy(generated.resolve("hosts.yml"), dir.resolve("hosts.yml"));

        Map<String, Object> all = load(generated.resolve("group_vars/all.yml"));
        all.putAll((Map<String, Object>) simVars.get("all"));
        // The model names the vault variable; the rehearsal defines it with a throwaway secret.
        all.put(passwordVar, RehearsalSpec.PASSWORD);
        // The controller's review folder (migration.review_dir) of this sandbox, never the operator's.
        Map<String, Object> migration = new LinkedHashMap<>((Map<String, Object>) all.get("msupgrade_migration"));
        migration.put("review_dir", reviewDir(dir).toString());
        all.put("msupgrade_migration", migration);
        Files.writeString(dir.resolve("group_vars/all.yml"), YamlData.dump(all));

        Map<String, Object> simHosts = (Map<String, Object>) simVars.get("hosts");
        Map<String, Map<String, Object>> hostVars = new LinkedHashMap<>();
        for (Path file : yamlFiles(generated.resolve("host_vars"))) {
            hostVars.put(file.getFileName().toString().replaceFirst("\\.yml$", ""), load(file));
        }
        // a simulated host the generated inventory has no host_vars for gets the simulator's alone
        simHosts.keySet().forEach(h -> hostVars.putIfAbsent(h, new LinkedHashMap<>()));
        for (Map.Entry<String, Map<String, Object>> h : hostVars.entrySet()) {
            Map<String, Object> vars = h.getValue();
            vars.remove("ansible_host"); // the local connection, never the real address
            if (simHosts.get(h.getKey()) instanceof Map<?, ?> sim) {
                vars.putAll((Map<String, Object>) sim);
            }
            Files.writeString(dir.resolve("host_vars/" + h.getKey() + ".yml"), YamlData.dump(vars));
        }
        return dir;
    }

    private static List<Path> yamlFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(Path file) throws IOException {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file, StandardCharsets.UTF_8));
        return doc instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    }

    /** The sandbox's controller-side review folder: beside its inventory ({@code <name>-controller/config-review}). */
    static Path reviewDir(Path inventoryDir) {
        String name = inventoryDir.getFileName().toString().replaceFirst("-inventory$", "");
        return inventoryDir.resolveSibling(name + "-controller").resolve("config-review");
    }
}
