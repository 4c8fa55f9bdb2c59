package io.msupgrade.model;

/**
 * How a host's Messaging Server configuration is kept today (chapter, "About Messaging Server
 * Unified Configuration"): the legacy files ({@code msg.conf}, {@code imta.cnf}...) or a Unified
 * Configuration ({@code config.xml}). A legacy host is converted with {@code configtoxml} after the
 * upgrade when {@code target.unified_config} is true (overview, step 8).
 */
public enum ConfigLayout implements Keyword {
    LEGACY("legacy"),
    UNIFIED("unified");

    private final String id;

    ConfigLayout(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
