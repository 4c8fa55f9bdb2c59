package io.msupgrade.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.msupgrade.model.Deployment;
import io.msupgrade.model.Host;
import io.msupgrade.model.NewHost;

/**
 * {@code DIR/.msupgrade/summary.json}: the few facts of a model that a reviewer wants named in a
 * commit message (target, hosts and their strategies), so the next generation can say what changed.
 */
public record ModelSummary(String target, String store, Map<String, String> hosts, Map<String, String> newHosts) {

    public static final String PATH = ".msupgrade/summary.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public static ModelSummary of(Deployment model) {
        Map<String, String> hosts = new TreeMap<>();
        for (Host h : model.hosts()) {
            hosts.put(h.name(), h.strategy().id() + (h.replacement() != null ? " -> " + h.replacement() : ""));
        }
        Map<String, String> fresh = new TreeMap<>();
        for (NewHost h : model.newHosts()) {
            fresh.put(h.name(), h.provision().provider().id());
        }
        return new ModelSummary(model.target().version().text(), model.target().store().id(), hosts, fresh);
    }

    public String toJson() {
        Map<String, Object> doc = new TreeMap<>();
        doc.put("target", target);
        doc.put("store", store);
        doc.put("hosts", hosts);
        doc.put("new_hosts", newHosts);
        try {
            return JSON.writeValueAsString(doc) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The summary a previous generation left in {@code dir}, if any. */
    public static Optional<ModelSummary> readFrom(Path dir) {
        Path file = dir.resolve(PATH);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            Map<String, Object> doc = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8),
                    new TypeReference<Map<String, Object>>() { });
            return Optional.of(new ModelSummary(String.valueOf(doc.get("target")), String.valueOf(doc.get("store")),
                    strings(doc.get("hosts")), strings(doc.get("new_hosts"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> strings(Object o) {
        Map<String, String> m = new TreeMap<>();
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
        }
        return m;
    }
}
