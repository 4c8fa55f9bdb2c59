package io.msupgrade.model;

/** The model's JSON Schema. (Being written.) */
public final class ModelSchema {

    private ModelSchema() {
    }

    public static String json() {
        throw new UnsupportedOperationException("not written yet");
    }
}
