package io.msupgrade.model;

/** An error stops generation; a warning is printed and generation goes on. */
public enum Severity {
    ERROR, WARNING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
