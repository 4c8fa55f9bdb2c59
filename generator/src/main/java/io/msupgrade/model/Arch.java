package io.msupgrade.model;

/** Hardware architecture; moving between them needs coexistence (MS005). */
public enum Arch implements Keyword {
    SPARC("sparc"),
    X86_64("x86_64");

    private final String id;

    Arch(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
