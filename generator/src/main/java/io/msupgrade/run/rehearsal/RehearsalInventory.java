package io.msupgrade.run.rehearsal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.msupgrade.model.Deployment;
import io.msupgrade.plan.Plan;
import io.msupgrade.render.YamlData;
import io.msupgrade.render.ansible.InventoryData;

/**
 * The rehearsal's inventory: the generated one, host for host and group for group, with the
 * simulator's values laid over it (local connection, sandbox paths and PATH, media in the sandbox,
 * a throwaway directory password, the controller's review folder in the rehearsal's home). Playbooks and roles are the generated ones, unmodified.
 */
final class RehearsalInventory {

    private RehearsalInventory() {
    }

    @SuppressWarnings("unchecked")
    static Path write(Path dir, Deployment model, Plan plan, Map<String, Object> simVars) throws IOException {
        InventoryData inventory = new InventoryData(model, plan);
        Files.createDirectories(dir.resolve("group_vars"));
        Files.createDirectories(dir.resolve("host_vars"));
        Files.writeString(dir.resolve("hosts.yml"), YamlData.dump(inventory.hosts()));

        Map<String, Object> all = new LinkedHashMap<>(inventory.all());
        all.putAll((Map<String, Object>) simVars.get("all"));
        // The model names the vault variable; the rehearsal defines it with a throwaway secret.
        all.put(model.directory().passwordVar(), RehearsalSpec.PASSWORD);
        // The controller's review folder (migration.review_dir) of this sandbox, never the operator's.
        Map<String, Object> migration = new LinkedHashMap<>((Map<String, Object>) all.get("msupgrade_migration"));
        migration.put("review_dir", reviewDir(dir).toString());
        all.put("msupgrade_migration", migration);
        Files.writeString(dir.resolve("group_vars/all.yml"), YamlData.dump(all));

        Map<String, Object> simHosts = (Map<String, Object>) simVars.get("hosts");
        Map<String, Map<String, Object>> hostVars = new LinkedHashMap<>(inventory.hostVars());
        // hosts with no generated host_vars (the Directory Server host) get the simulator's
        simHosts.keySet().forEach(h -> hostVars.putIfAbsent(h, Map.of()));
        for (Map.Entry<String, Map<String, Object>> h : hostVars.entrySet()) {
            Map<String, Object> vars = new LinkedHashMap<>(h.getValue());
            vars.remove("ansible_host");
            Object sim = simHosts.get(h.getKey());
            if (sim instanceof Map<?, ?> m) {
                vars.putAll((Map<String, Object>) m);
            }
            Files.writeString(dir.resolve("host_vars/" + h.getKey() + ".yml"), YamlData.dump(vars));
        }
        return dir;
    }

    /** The sandbox's controller-side review folder: beside its inventory ({@code <name>-controller/config-review}). */
    static Path reviewDir(Path inventoryDir) {
        String name = inventoryDir.getFileName().toString().replaceFirst("-inventory$", "");
        return inventoryDir.resolveSibling(name + "-controller").resolve("config-review");
    }
}
