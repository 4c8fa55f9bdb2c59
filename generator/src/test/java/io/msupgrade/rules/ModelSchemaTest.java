package io.msupgrade.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.msupgrade.model.Arch;
import io.msupgrade.model.Backup;
import io.msupgrade.model.Cluster;
import io.msupgrade.model.Component;
import io.msupgrade.model.Directory;
import io.msupgrade.model.Keyword;
import io.msupgrade.model.Migration;
import io.msupgrade.model.ModelSchema;
import io.msupgrade.model.NewHost;
import io.msupgrade.model.Provider;
import io.msupgrade.model.Rollout;
import io.msupgrade.model.StoreKind;
import io.msupgrade.model.Strategy;
import io.msupgrade.model.Tier;
import io.msupgrade.model.ValueShape;
import io.msupgrade.model.Version;

/** The JSON Schema is valid JSON and says what the reader accepts: same keys, words, patterns and defaults. */
class ModelSchemaTest {

    private static JsonNode schema;

    @BeforeAll
    static void parse() throws Exception {
        schema = new ObjectMapper().readTree(ModelSchema.json());
    }

    @Test
    void isADraft202012Schema() {
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
        assertEquals("object", schema.get("type").asText());
        assertTrue(ModelSchema.json().endsWith("\n"));
    }

    @Test
    void propertyNamesAtEveryLevelAreTheReadersKeys() {
        for (Map.Entry<String, List<String>> e : ModelSchema.readerKeys().entrySet()) {
            JsonNode props = schema.at(e.getKey());
            assertFalse(props.isMissingNode(), "no " + e.getKey());
            assertEquals(e.getValue(), names(props), e.getKey());
        }
    }

    @Test
    void everyMappingOfTheSchemaIsHeldToTheReader() {
        List<String> found = new ArrayList<>();
        walk(schema, "", found);
        assertEquals(new TreeSet<>(ModelSchema.readerKeys().keySet()), new TreeSet<>(found));
    }

    /** Collects the pointers of every "properties"; checks each object schema is closed and described. */
    private static void walk(JsonNode node, String pointer, List<String> found) {
        if (!node.isObject()) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    walk(node.get(i), pointer + "/" + i, found);
                }
            }
            return;
        }
        if (node.has("properties") || node.has("patternProperties")) {
            assertEquals(false, node.path("additionalProperties").asBoolean(true),
                    pointer + " must say additionalProperties: false");
        }
        if (node.has("properties") && node.get("properties").isObject()) {
            found.add(pointer + "/properties");
            node.get("properties").fields().forEachRemaining(f -> {
                JsonNode p = f.getValue();
                boolean described = p.has("description") || (p.has("$ref")
                        && schema.at(p.get("$ref").asText().substring(1)).has("description"));
                assertTrue(described, pointer + "/properties/" + f.getKey() + " has no description");
            });
        }
        node.fields().forEachRemaining(f -> walk(f.getValue(), pointer + "/" + f.getKey().replace("~", "~0")
                .replace("/", "~1"), found));
    }

    @Test
    void stringPatternsAreTheValueShapes() {
        for (ValueShape shape : ValueShape.values()) {
            JsonNode def = schema.at("/$defs/" + shape.name().toLowerCase(java.util.Locale.ROOT));
            assertFalse(def.isMissingNode(), "no $defs entry for " + shape);
            if (shape.regex() != null) {
                assertEquals("^(?:" + shape.regex() + ")$", def.get("pattern").asText(), shape.name());
            }
        }
        // free text: what ValueShape.check refuses, the schema refuses too
        Pattern line = Pattern.compile(schema.at("/$defs/text/pattern").asText());
        Pattern markers = Pattern.compile(schema.at("/$defs/text/not/pattern").asText());
        for (String bad : List.of("a{{b", "{% x", "{# c", "}}", "a\nb", "a\0b")) {
            assertFalse(line.matcher(bad).matches() && !markers.matcher(bad).find(), bad);
            assertNotNull(ValueShape.TEXT.check(bad), bad);
        }
        assertTrue(line.matcher("cn=Directory Manager").matches());
        Pattern dotdot = Pattern.compile(schema.at("/$defs/path/not/pattern").asText());
        for (String p : List.of("/a/../b", "/a/..", "/a//b")) {
            assertTrue(dotdot.matcher(p).find() && ValueShape.PATH.check(p) != null, p);
        }
        assertFalse(dotdot.matcher("/srv/media/ms-8.1.0/linux").find());
    }

    @Test
    void versionPatternIsTheReaders() {
        Pattern version = Pattern.compile(schema.at("/$defs/version/pattern").asText());
        for (String v : List.of("8.1.0", "8.1.0.26.0", "7", "6.3", "8.0.2.3.0.1", "8.0.2.3.0.1.2", "x", "8..1", "8.1.",
                "12345.1", "8.1234567")) {
            assertEquals(Version.isWellFormed(v), version.matcher(v).matches(), v);
        }
        Pattern previous = Pattern.compile(names(schema.at("/properties/media/properties/previous/patternProperties"))
                .get(0));
        assertEquals(version.pattern(), previous.pattern());
    }

    @Test
    void wordsAreTheKeywords() {
        assertEquals(Component.values().length, enumOf("/$defs/new_host/properties/components/items").size());
        assertEquals(Keyword.ids(Component.class), enumOf("/$defs/new_host/properties/components/items"));
        assertEquals(java.util.Arrays.stream(Component.values()).filter(Component::isLegacy).map(Component::id).toList(),
                enumOf("/$defs/host/properties/components/items"));
        assertEquals(Keyword.ids(Strategy.class), enumOf("/$defs/host/properties/strategy"));
        assertEquals(Keyword.ids(Arch.class), enumOf("/$defs/arch"));
        assertEquals(Keyword.ids(Cluster.class), enumOf("/$defs/host/properties/ha/properties/cluster"));
        assertEquals(Keyword.ids(Provider.class), enumOf("/$defs/new_host/properties/provision/properties/provider"));
        assertEquals(Keyword.ids(StoreKind.class), enumOf("/properties/target/properties/store"));
        assertEquals(Keyword.ids(io.msupgrade.model.AnsibleOptions.RolesSource.class),
                enumOf("/properties/ansible/properties/roles"));
        assertEquals(Keyword.ids(Tier.class), enumOf("/$defs/tier"));
        for (String os : enumOf("/$defs/os")) {
            var parsed = io.msupgrade.model.Os.parse(os);
            assertTrue(parsed.isPresent() && (parsed.get().isSolaris() || parsed.get().isSupportedLinux()), os);
        }
    }

    @Test
    void defaultsAreTheReaders() {
        assertEquals(Directory.DEFAULT_PORT, schema.at("/properties/directory/properties/port/default").asInt());
        assertEquals(Directory.DEFAULT_BIND_DN, schema.at("/properties/directory/properties/bind_dn/default").asText());
        assertEquals(Backup.DEFAULT_DIR, schema.at("/properties/backup/properties/dir/default").asText());
        assertEquals(io.msupgrade.model.AnsibleOptions.DEFAULT_ROLES.id(),
                schema.at("/properties/ansible/properties/roles/default").asText());
        assertEquals(Migration.DEFAULT_BATCH_SIZE, schema.at("/properties/migration/properties/batch_size/default").asInt());
        assertEquals(Migration.DEFAULT_PARALLEL_BATCHES,
                schema.at("/properties/migration/properties/parallel_batches/default").asInt());
        String provision = "/$defs/new_host/properties/provision/properties/";
        assertEquals(NewHost.Provision.DEFAULT_CPUS, schema.at(provision + "cpus/default").asInt());
        assertEquals(NewHost.Provision.DEFAULT_MEMORY_GB, schema.at(provision + "memory_gb/default").asInt());
        assertEquals(NewHost.Provision.DEFAULT_STORE_DISK_GB, schema.at(provision + "store_disk_gb/default").asInt());
        for (Tier t : Tier.values()) {
            assertEquals(new Rollout(Map.of(), null).serialOf(t),
                    schema.at("/properties/rollout/properties/serial/properties/" + t.id() + "/default").asText());
        }
        assertEquals("classic", schema.at("/properties/target/properties/store/default").asText());
        assertFalse(schema.at("/properties/target/properties/unified_config/default").asBoolean(true));
        assertEquals(64, schema.at("/$defs/host/properties/bits/default").asInt());
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(out::add);
        return out;
    }

    private static List<String> enumOf(String pointer) {
        List<String> out = new ArrayList<>();
        schema.at(pointer + "/enum").forEach(n -> out.add(n.asText()));
        assertFalse(out.isEmpty(), "no enum at " + pointer);
        return out;
    }
}
