package io.msupgrade.plan;

import io.msupgrade.model.Keyword;

/** How a host's packages are replaced. */
public enum Packaging implements Keyword {
    RPM("rpm"),
    SVR4("svr4"),
    IPS("ips");

    private final String id;

    Packaging(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
