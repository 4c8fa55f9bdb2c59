package io.msupgrade.model;

/** The upgrade wanted: an 8.1.0 version, the store kind and whether to run configtoxml after. */
public record Target(Version version, StoreKind store, boolean unifiedConfig, Spans spans) {

    /** The release msupgrade upgrades to: a target version must be this one or one of its patches. */
    public static final String RELEASE = "8.1.0";
}
