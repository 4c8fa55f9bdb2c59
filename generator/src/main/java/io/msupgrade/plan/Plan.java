package io.msupgrade.plan;

import java.util.List;
import java.util.Optional;

import io.msupgrade.model.StoreKind;
import io.msupgrade.model.Tier;
import io.msupgrade.model.Version;

/**
 * The upgrade plan: directory first (comm_dssetup.pl), then the waves in tier order, each host's
 * procedure and back-out, the coexistence pairs and how their mailboxes move. Rendering reads this,
 * never the model file again.
 */
public record Plan(
        String deployment,
        Version target,
        StoreKind store,
        boolean unifiedConfig,
        String directoryHost,
        List<Tier> tierOrder,
        List<Wave> waves,
        List<HostPlan> hosts,
        List<HaGroup> haGroups,
        List<CoexistencePair> pairs,
        MigrationBatches migration) {

    public Plan {
        tierOrder = List.copyOf(tierOrder);
        waves = List.copyOf(waves);
        hosts = List.copyOf(hosts);
        haGroups = List.copyOf(haGroups);
        pairs = List.copyOf(pairs);
    }

    public Optional<HostPlan> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }
}
