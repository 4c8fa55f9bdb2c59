package io.msupgrade.plan;

import java.util.List;

import io.msupgrade.model.Component;
import io.msupgrade.model.Strategy;
import io.msupgrade.model.Tier;

/**
 * What happens to one host.
 *
 * @param newHost     true for a host under new_hosts
 * @param wave        the wave number of an in-place host, 0 when it has none (coexistence, new hosts)
 * @param packaging   how its packages are replaced (new hosts: RPM)
 * @param binSubdir   where Messaging Server commands live before the upgrade: sbin below 8.0, bin from 8.0
 * @param haGroup     the inventory group of its HA resource, or null
 * @param pairedWith  the replacement of a legacy host, or the legacy host a new host replaces; null otherwise
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
        String pairedWith) {

    public HostPlan {
        components = List.copyOf(components);
    }
}
