package io.msupgrade.plan;

import java.util.List;

import io.msupgrade.model.Arch;
import io.msupgrade.model.Component;
import io.msupgrade.model.Os;
import io.msupgrade.model.Provider;
import io.msupgrade.model.Strategy;
import io.msupgrade.model.Tier;
import io.msupgrade.model.Version;

/**
 * What happens to one host.
 *
 * @param newHost          true for a host under new_hosts
 * @param tier             its upgrade tier: the earliest of its components in the sequence
 * @param wave             the wave number of an in-place host, 0 when it has none (coexistence, new hosts)
 * @param packaging        how its packages are replaced (by its OS: rpm, svr4, or ips on Solaris 11.4)
 * @param binSubdir        where Messaging Server commands live before the upgrade: sbin below 8.0, bin from 8.0
 *                         (new hosts: bin, they get 8.1.0)
 * @param haGroup          the inventory group of its HA resource, or null
 * @param pairedWith       the replacement of a legacy host, or the legacy host a new host replaces; null otherwise
 * @param installedVersion the version installed today; null for new hosts
 * @param provider         who builds a new host; null for existing hosts
 * @param affinityGroup    the store affinity group of a new host of a Cassandra target; null otherwise
 * @param zfsDataset       the store area's ZFS dataset of an in-place store; null otherwise
 * @param configLayout     the configuration layout of an existing host today ({@link
 *                         io.msupgrade.model.Deployment#configLayout}); null when nothing converts it, and for new hosts
 */
public record HostPlan(
        String name,
        boolean newHost,
        List<Component> components,
        Tier tier,
        Strategy strategy,
        Procedure procedure,
        Packaging packaging,
        Backout backout,
        int wave,
        String binSubdir,
        String haGroup,
        String pairedWith,
        Os os,
        Arch arch,
        Version installedVersion,
        Provider provider,
        String affinityGroup,
        String zfsDataset,
        io.msupgrade.model.ConfigLayout configLayout) {

    public HostPlan {
        components = List.copyOf(components);
    }

    public boolean inPlace() {
        return !newHost && strategy == Strategy.IN_PLACE;
    }

    /** True for an in-place host whose legacy configuration configtoxml converts after the upgrade. */
    public boolean convertsToUnified() {
        return inPlace() && configLayout == io.msupgrade.model.ConfigLayout.LEGACY;
    }
}
