package io.msupgrade.plan;

import java.util.List;
import java.util.Objects;

import io.msupgrade.model.Arch;
import io.msupgrade.model.Component;
import io.msupgrade.model.ConfigLayout;
import io.msupgrade.model.Os;
import io.msupgrade.model.Provider;
import io.msupgrade.model.Strategy;
import io.msupgrade.model.Tier;
import io.msupgrade.model.Version;

/**
 * What happens to one host.
 *
 * <p>The components are what every host has. What only one kind of host has is in {@code kind}:
 * {@link Existing} for a host under {@code hosts} (what is installed today), {@link New} for a host
 * under {@code new_hosts} (who builds it). The accessors of those facts ({@link #installedVersion()},
 * {@link #provider()}...) answer for every host, null where the fact does not apply.
 *
 * @param tier       its upgrade tier: the earliest of its components in the sequence
 * @param wave       the wave number of an in-place host, 0 when it has none (coexistence, new hosts)
 * @param packaging  how its packages are replaced (by its OS: rpm, svr4, or ips on Solaris 11.4)
 * @param binSubdir  where Messaging Server commands live before the upgrade: sbin below 8.0, bin from 8.0
 *                   (new hosts: bin, they get 8.1.0)
 * @param pairedWith the replacement of a legacy host, or the legacy host a new host replaces; null otherwise
 * @param kind       an existing host or a new one, and what only that kind has
 */
public record HostPlan(
        String name,
        List<Component> components,
        Tier tier,
        Strategy strategy,
        Procedure procedure,
        Packaging packaging,
        Backout backout,
        int wave,
        String binSubdir,
        String pairedWith,
        Os os,
        Arch arch,
        Kind kind) {

    /** An existing host or a new one: exactly one of the two, with what only that kind of host has. */
    public sealed interface Kind permits Existing, New {
    }

    /**
     * A host under {@code hosts}, as it is today.
     *
     * @param installedVersion the version installed today
     * @param haGroup          the inventory group of its HA resource when it is upgraded in place as one, or null
     * @param zfsDataset       the store area's ZFS dataset of an in-place store, or null
     * @param configLayout     its configuration layout today ({@link io.msupgrade.model.Deployment#configLayout}),
     *                         null when nothing converts it
     */
    public record Existing(Version installedVersion, String haGroup, String zfsDataset, ConfigLayout configLayout)
            implements Kind {

        public Existing {
            Objects.requireNonNull(installedVersion, "installedVersion");
        }
    }

    /**
     * A host under {@code new_hosts}, installed fresh with 8.1.0.
     *
     * @param provider      who builds it, or null when it is not provisioned here
     * @param affinityGroup its store affinity group on a Cassandra target, or null
     */
    public record New(Provider provider, String affinityGroup) implements Kind {
    }

    public HostPlan {
        components = List.copyOf(components);
        Objects.requireNonNull(kind, "kind");
    }

    /** True for a host under new_hosts. */
    public boolean newHost() {
        return kind instanceof New;
    }

    /** The version installed today; null for new hosts. */
    public Version installedVersion() {
        return kind instanceof Existing e ? e.installedVersion() : null;
    }

    /** The inventory group of its HA resource, or null (always for new hosts). */
    public String haGroup() {
        return kind instanceof Existing e ? e.haGroup() : null;
    }

    /** The store area's ZFS dataset of an in-place store; null otherwise. */
    public String zfsDataset() {
        return kind instanceof Existing e ? e.zfsDataset() : null;
    }

    /** The configuration layout of an existing host today; null when nothing converts it, and for new hosts. */
    public ConfigLayout configLayout() {
        return kind instanceof Existing e ? e.configLayout() : null;
    }

    /** Who builds a new host; null for existing hosts. */
    public Provider provider() {
        return kind instanceof New n ? n.provider() : null;
    }

    /** The store affinity group of a new host of a Cassandra target; null otherwise. */
    public String affinityGroup() {
        return kind instanceof New n ? n.affinityGroup() : null;
    }

    public boolean inPlace() {
        return !newHost() && strategy == Strategy.IN_PLACE;
    }

    /** True for an in-place host whose legacy configuration configtoxml converts after the upgrade. */
    public boolean convertsToUnified() {
        return inPlace() && configLayout() == ConfigLayout.LEGACY;
    }
}
