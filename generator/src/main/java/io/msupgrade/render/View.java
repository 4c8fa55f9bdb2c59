package io.msupgrade.render;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a document template is rendered with: keys in the order given, values plain (strings,
 * numbers, booleans, lists and maps of them). No value may be null: the strict setup of
 * {@link Templates} fails on an unknown token, and a null found here names its key instead.
 */
public final class View {

    private View() {
    }

    /** {@code key1, value1, key2, value2, ...}. */
    public static Map<String, Object> of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, Object> view = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = (String) keysAndValues[i];
            view.put(key, Objects.requireNonNull(keysAndValues[i + 1], () -> "view value of " + key));
        }
        return view;
    }
}
