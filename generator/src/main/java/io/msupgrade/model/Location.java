package io.msupgrade.model;

/** Where a node of the model file starts, 1-based, as editors and gcc count. */
public record Location(String file, int line, int column) {

    public static Location startOf(String file) {
        return new Location(file, 1, 1);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
