package io.msupgrade.model;

/** How one host is upgraded (chapter: Messaging Server Upgrade Strategies). */
public enum Strategy implements Keyword {
    IN_PLACE("in-place"),
    COEXISTENCE("coexistence");

    private final String id;

    Strategy(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
