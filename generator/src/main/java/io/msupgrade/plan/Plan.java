package io.msupgrade.plan;

import java.util.List;
import java.util.Optional;

import io.msupgrade.model.NamedList;
import io.msupgrade.model.StoreKind;
import io.msupgrade.model.Tier;
import io.msupgrade.model.Version;

/**
 * The upgrade plan: directory first (comm_dssetup.pl), then the waves in tier order, each host's
 * procedure and back-out, the coexistence pairs and how their mailboxes move. Rendering reads this,
 * never the model file again.
 *
 * @param hosts existing hosts in model order, then new hosts in model order
 * @param notes decisions the planner made that the model did not spell out (e.g. an HA group moved
 *              to an earlier wave), in the order they were made
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
        MigrationBatches migration,
        List<String> notes) {

    public Plan {
        tierOrder = List.copyOf(tierOrder);
        waves = List.copyOf(waves);
        hosts = NamedList.copyOf(hosts, HostPlan::name); // host(name) in constant time
        haGroups = List.copyOf(haGroups);
        pairs = List.copyOf(pairs);
        notes = List.copyOf(notes);
    }

    /** One host's plan by name (the first, should two share it), in constant time. */
    public Optional<HostPlan> host(String name) {
        return ((NamedList<HostPlan>) hosts).named(name);
    }

    /** The stages of the run in the order they run: what PLAN.md lists, site.yml imports and the rehearsal runs. */
    public RunOrder runOrder() {
        return RunOrder.of(this);
    }

    /**
     * The wave of every host that has one: the in-place hosts of each wave, and the legacy and new
     * hosts of the coexistence pairs (and unpaired new hosts) built in it.
     */
    public java.util.Map<String, Integer> waveOfEveryHost() {
        java.util.Map<String, Integer> out = new java.util.LinkedHashMap<>();
        for (Wave w : waves) {
            w.hosts().forEach(h -> out.put(h, w.number()));
            w.pairs().forEach(p -> out.put(p.legacy(), w.number()));
            w.newHosts().forEach(h -> out.put(h, w.number()));
        }
        return out;
    }

    /**
     * The hosts configtoxml converts to Unified Configuration after the upgrade: the in-place hosts
     * whose configuration is legacy today, when the model asks for Unified Configuration.
     */
    public List<String> convertedToUnified() {
        return unifiedConfig ? hosts.stream().filter(HostPlan::convertsToUnified).map(HostPlan::name).toList()
                : List.of();
    }

    /** True when any pair moves mailboxes (a store replaced by a new store or mal host). */
    public boolean movesMailboxes() {
        return pairs.stream().anyMatch(CoexistencePair::movesMailboxes);
    }
}
