package io.msupgrade.run.rehearsal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import io.msupgrade.cli.MsupgradeCommand;
import io.msupgrade.testing.Samples;

/**
 * The rehearsal runs with the inventory generate wrote, not one rebuilt beside it: whatever is in
 * DIR/ansible/inventory reaches the rehearsal unless the simulator replaces that very value.
 */
class RehearsalInventoryTest {

    @TempDir
    Path tmp;

    @Test
    void theGeneratedInventoryWithOnlyTheSimulatorsValuesLaidOver() throws Exception {
        Path sample = Samples.all().stream().filter(p -> p.toString().contains("linux-frontends")).findFirst()
                .orElseThrow();
        Path out = tmp.resolve("out");
        assertEquals(0, MsupgradeCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "generate", sample.toString(), "-o", out.toString()));
        Path generated = out.resolve("ansible/inventory");
        // what generate wrote is what counts: a value only the files hold must reach the rehearsal
        Path mta1 = generated.resolve("host_vars/mta1.yml");
        Files.writeString(mta1, Files.readString(mta1) + "only_in_the_generated_file: 42\n");
        Map<String, Object> sim = Map.of(
                "all", Map.of("msupgrade_env_marker", "sandbox"),
                "hosts", Map.of("mta1", Map.of("ansible_connection", "local"), "sim-only", Map.of("x", 1)));

        Path inventory = RehearsalInventory.write(tmp.resolve("inv"), generated,
                Samples.model(sample).directory().passwordVar(), sim);

        assertEquals(Files.readString(generated.resolve("hosts.yml")), Files.readString(inventory.resolve("hosts.yml")));
        Map<String, Object> host = load(inventory.resolve("host_vars/mta1.yml"));
        Map<String, Object> before = load(mta1);
        assertEquals(42, host.get("only_in_the_generated_file"));
        assertEquals("local", host.get("ansible_connection"));
        assertFalse(host.containsKey("ansible_host"));
        before.forEach((k, v) -> {
            if (!k.equals("ansible_host") && !k.equals("ansible_connection")) {
                assertEquals(v, host.get(k), k);
            }
        });
        Map<String, Object> all = load(inventory.resolve("group_vars/all.yml"));
        load(generated.resolve("group_vars/all.yml")).forEach((k, v) -> {
            if (!k.equals("msupgrade_migration")) {
                assertEquals(v, all.get(k), k);
            }
        });
        assertEquals("sandbox", all.get("msupgrade_env_marker"));
        assertEquals(Map.of("x", 1), load(inventory.resolve("host_vars/sim-only.yml")));
    }

    private static Map<String, Object> load(Path file) throws Exception {
        return new Yaml().load(Files.readString(file));
    }
}
