package io.msupgrade.model;

import java.util.Map;

/**
 * Where a mapping of the model and each of its keys' values are in the file, so rules can point
 * at the exact node they complain about. A key that was not written points at its mapping.
 */
public record Spans(Location self, Map<String, Location> keys) {

    public Spans {
        keys = Map.copyOf(keys);
    }

    public static Spans at(Location self) {
        return new Spans(self, Map.of());
    }

    public Location at(String key) {
        return keys.getOrDefault(key, self);
    }
}
