package io.msupgrade.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class YamlDataTest {

    @Test
    void everyStringValueIsQuotedAndKeysArePlain() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", "store1");
        data.put("port", 389);
        data.put("flag", true);
        data.put("users", List.of("alice", "bob"));
        String yaml = YamlData.dump(data);
        assertTrue(yaml.contains("name: \"store1\"\n"), yaml);
        assertTrue(yaml.contains("port: 389\n"), yaml);
        assertTrue(yaml.contains("flag: true\n"), yaml);
        assertTrue(yaml.contains("- \"alice\"\n"), yaml);
    }

    @Test
    void hostileStringsStayOneStringValue() {
        String attack = "x\"\n: injected: [1]\n# {{ lookup('pipe','id') }} $(rm -rf /); `id`";
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("value", attack);
        data.put("other", "ok");
        Map<String, Object> back = new Yaml(new SafeConstructor(new LoaderOptions())).load(YamlData.dump(data));
        assertEquals(Map.of("value", attack, "other", "ok"), back);
    }

    @Test
    void sharedListsAreWrittenOutNotAnchored() {
        List<String> shared = List.of("a");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("one", shared);
        data.put("two", shared);
        String yaml = YamlData.dump(data);
        assertTrue(!yaml.contains("&") && !yaml.contains("*id"), yaml);
    }

    @Test
    void sameDataSameBytes() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("b", "2");
        data.put("a", "1");
        assertEquals(YamlData.dump(data), YamlData.dump(new LinkedHashMap<>(data)));
        assertTrue(YamlData.dump(data).indexOf("b:") < YamlData.dump(data).indexOf("a:"));
    }
}
