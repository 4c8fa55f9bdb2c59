package io.msupgrade.render.ansible;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.msupgrade.model.Keyword;
import io.msupgrade.plan.CoexistencePair;
import io.msupgrade.plan.HaGroup;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Stage;
import io.msupgrade.plan.Wave;

/**
 * What the playbook templates may use: the plan's waves, HA groups and pairs as plain maps and
 * lists (the one strict Jinjava setup never sees a model object). Only names and numbers the
 * validator has vetted get here.
 */
public final class PlaybookContext {

    private PlaybookContext() {
    }

    public static Map<String, Object> of(Plan plan) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("deployment", plan.deployment());
        c.put("tiers", plan.tierOrder().stream().map(Keyword::id).toList());
        c.put("waves", plan.waves().stream().map(PlaybookContext::wave).toList());
        c.put("ha_resources", plan.haGroups().stream().map(PlaybookContext::ha).toList());
        c.put("pairs", plan.pairs().stream().map(PlaybookContext::pair).toList());
        c.put("has_coexistence", !plan.pairs().isEmpty());
        c.put("has_inplace", plan.hosts().stream().anyMatch(io.msupgrade.plan.HostPlan::inPlace));
        c.put("has_zfs", plan.hosts().stream().anyMatch(h -> h.backout() == io.msupgrade.plan.Backout.ZFS_SNAPSHOT));
        c.put("unified_config", plan.unifiedConfig());
        c.put("stages", plan.runOrder().site().stream().map(PlaybookContext::stage).toList());
        return c;
    }

    private static Map<String, Object> wave(Wave w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", w.number());
        m.put("tier", w.tier().id());
        m.put("group", w.group());
        m.put("serial", w.serial());
        m.put("hosts", List.copyOf(w.hosts()));
        m.put("ha_groups", w.haGroups().stream().map(HaGroup::group).toList());
        // the wave's hosts outside its HA groups: their play (and its stop-here play) only when there are some
        java.util.Set<String> inHa = new java.util.HashSet<>();
        w.haGroups().forEach(h -> inHa.addAll(h.nodes()));
        m.put("outside", w.hosts().stream().filter(h -> !inHa.contains(h)).toList());
        m.put("pairs", w.pairs().stream().map(PlaybookContext::pair).toList());
        return m;
    }

    private static Map<String, Object> stage(Stage s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("title", s.title());
        m.put("playbook", s.playbook());
        m.put("hosts", s.hosts() == null ? "" : s.hosts());
        return m;
    }

    private static Map<String, Object> ha(HaGroup h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", h.group());
        m.put("cluster", h.cluster().id());
        m.put("resource", h.resource());
        m.put("nodes", List.copyOf(h.nodes()));
        m.put("wave", h.wave());
        return m;
    }

    private static Map<String, Object> pair(CoexistencePair p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("legacy", p.legacy());
        m.put("new", p.replacement());
        m.put("tier", p.tier().id());
        m.put("kind", p.kind().id());
        m.put("moves_mailboxes", p.movesMailboxes());
        return m;
    }
}
