package io.msupgrade.plan;

import java.util.List;

import io.msupgrade.model.Tier;

/**
 * One step of the rollout: the in-place hosts of one tier, changed {@code serial} at a time, the
 * coexistence pairs of that tier and the new hosts built for it. Waves run in tier order, one after
 * the other; there is one wave per tier that has hosts.
 *
 * @param group    inventory group of the wave's in-place hosts ({@code wave_N}); it has no members when
 *                 the tier has only coexistence pairs
 * @param hosts    the in-place hosts, model order (HA nodes moved here from a later tier included)
 * @param newHosts the new hosts built in this wave, model order: replacements of its pairs and unpaired
 *                 new hosts of the tier (e.g. a Cassandra ring)
 */
public record Wave(int number, Tier tier, String group, String serial, List<String> hosts, List<HaGroup> haGroups,
                   List<CoexistencePair> pairs, List<String> newHosts) {

    public Wave {
        hosts = List.copyOf(hosts);
        haGroups = List.copyOf(haGroups);
        pairs = List.copyOf(pairs);
        newHosts = List.copyOf(newHosts);
    }
}
