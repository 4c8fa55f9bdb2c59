package io.msupgrade.model;

/**
 * The upgrade wanted: an 8.1.0 version, the store kind and whether to run configtoxml after.
 *
 * @param solarisIps the operator's opt-in to msupgrade's IPS path for Solaris 11.4 hosts, where the
 *                   chapter says pkginfo/pkgadd/pkgrm are not available and to "contact Oracle" (MS007)
 */
public record Target(Version version, StoreKind store, boolean unifiedConfig, boolean solarisIps, Spans spans) {

    /** The release msupgrade upgrades to: a target version must be this one or one of its patches. */
    public static final String RELEASE = "8.1.0";
}
