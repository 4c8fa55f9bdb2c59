package io.msupgrade.plan;

import java.util.List;

import io.msupgrade.model.Tier;

/**
 * One step of the rollout: the in-place hosts of one tier, changed {@code serial} at a time, and
 * the coexistence pairs of that tier. Waves run in tier order, one after the other.
 *
 * @param group inventory group of the wave's in-place hosts ({@code wave_N})
 */
public record Wave(int number, Tier tier, String group, String serial, List<String> hosts, List<HaGroup> haGroups,
                   List<CoexistencePair> pairs) {

    public Wave {
        hosts = List.copyOf(hosts);
        haGroups = List.copyOf(haGroups);
        pairs = List.copyOf(pairs);
    }
}
