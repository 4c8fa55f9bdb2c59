package io.msupgrade.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.msupgrade.model.ReadResult;
import io.msupgrade.rules.Validator;

/** The draft as text: host data stays quoted data, comments stay the generator's. */
class DraftWriterTest {

    private static HostReport host(String name, Map<String, Object> found) {
        return new HostReport(name, HostReport.Status.READ, found, List.of());
    }

    private static Map<String, Object> linux(String version) {
        return Map.of("os", "oracle-linux-8", "arch", "x86_64", "version", version, "bits", 64,
                "components", List.of("mta"), "messaging_server", true);
    }

    @Test
    void hostileHostDataCannotLeaveItsValue() {
        String name = "evil\"\n  - name: injected\n# {{ lookup('pipe','id') }}\u2028\u0085\\";
        String os = "oracle-linux-8\nmodel: other\u0000";
        Map<String, Object> found = new java.util.HashMap<>(linux("8.0.2.3.0"));
        found.put("os", os);
        found.put("ha", Map.of("cluster", "clusterware", "resource", "r\"#x\nha: {}"));
        found.put("directory", Map.of("host", "ldap\n  password_var: stolen", "port", "389"));
        String draft = DraftWriter.write(List.of(host(name, found),
                new HostReport("bad\nname", HostReport.Status.UNREACHABLE, Map.of(), List.of("x"))));
        Map<?, ?> parsed = new Yaml().load(draft);
        List<?> hosts = (List<?>) parsed.get("hosts");
        assertEquals(1, hosts.size(), draft);
        Map<?, ?> h = (Map<?, ?>) hosts.get(0);
        assertEquals(name, h.get("name"));
        assertEquals(os, h.get("os"));
        assertEquals("r\"#x\nha: {}", ((Map<?, ?>) h.get("ha")).get("resource"));
        assertEquals("ldap\n  password_var: stolen", ((Map<?, ?>) parsed.get("directory")).get("host"));
        assertEquals(DraftWriter.PLACEHOLDER, ((Map<?, ?>) parsed.get("directory")).get("password_var"));
        assertEquals("msupgrade/v1", parsed.get("model"));
        for (String line : draft.split("\n", -1)) {
            assertFalse(line.contains("\u2028") || line.contains("\u0085") || line.contains("\u0000"), line);
            if (line.strip().startsWith("#")) {
                assertFalse(line.contains("evil") || line.contains("lookup") || line.contains("bad"), line);
            }
        }
        assertTrue(draft.contains("#   (an inventory name that is not a host name): unreachable"), draft);
        // validate judges the values (MS012), located; the file stays one model
        ReadResult r = new Validator().validate("draft.yaml", draft.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(r.problems().stream().anyMatch(p -> p.isError() && p.message().contains("name")), r.problems().toString());
        assertTrue(r.problems().stream().allMatch(p -> p.location().line() > 0), r.problems().toString());
    }

    @Test
    void deterministicAndTheSharedStoreDatasetOfAnHaResource() {
        Map<String, Object> active = new java.util.HashMap<>(Map.of("os", "solaris-11.3", "arch", "sparc",
                "version", "8.0.2.3.0", "bits", 64, "components", List.of("store"), "zfs_store_dataset", "pool/store",
                "ha", Map.of("cluster", "solaris-cluster", "resource", "rs")));
        Map<String, Object> passive = new java.util.HashMap<>(active);
        passive.remove("zfs_store_dataset");
        List<HostReport> reports = List.of(host("a", active), host("b", passive));
        String draft = DraftWriter.write(reports);
        assertEquals(draft, DraftWriter.write(reports));
        List<?> hosts = (List<?>) ((Map<?, ?>) new Yaml().load(draft)).get("hosts");
        assertEquals(Map.of("store_dataset", "pool/store"), ((Map<?, ?>) hosts.get(1)).get("zfs"));
    }

    @Test
    void quoteEscapes() {
        assertEquals("\"a\\\"b\\\\c\\u000a\\u2028\"", DraftWriter.quote("a\"b\\c\n\u2028"));
        assertEquals("\"ok ü\"", DraftWriter.quote("ok ü"));
    }
}
