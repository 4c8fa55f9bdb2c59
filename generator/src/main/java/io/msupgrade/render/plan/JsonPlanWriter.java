package io.msupgrade.render.plan;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.msupgrade.model.Keyword;
import io.msupgrade.plan.CoexistencePair;
import io.msupgrade.plan.HaGroup;
import io.msupgrade.plan.HostPlan;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Wave;

/**
 * The plan as JSON for scripts. Built node by node so the field order is fixed and independent of
 * the records' shape; keys are snake_case like the inventory variables. Absent values are
 * {@code null}, never left out, so every host object has the same keys.
 */
public final class JsonPlanWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public String write(Plan plan) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("deployment", plan.deployment());
        root.put("target_version", plan.target().text());
        root.put("target_store", plan.store().id());
        root.put("unified_config", plan.unifiedConfig());
        strings(root.putArray("converted_to_unified"), plan.convertedToUnified());
        ObjectNode dir = root.putObject("directory");
        dir.put("host", plan.directoryHost());
        dir.put("step", "comm_dssetup.pl");
        strings(root.putArray("tier_order"), plan.tierOrder().stream().map(Keyword::id).toList());
        ArrayNode waves = root.putArray("waves");
        for (Wave w : plan.waves()) {
            ObjectNode n = waves.addObject();
            n.put("number", w.number());
            n.put("tier", w.tier().id());
            n.put("group", w.group());
            n.put("serial", w.serial());
            strings(n.putArray("hosts"), w.hosts());
            strings(n.putArray("ha_groups"), w.haGroups().stream().map(HaGroup::group).toList());
            ArrayNode pairs = n.putArray("pairs");
            for (CoexistencePair p : w.pairs()) {
                pair(pairs.addObject(), p);
            }
            strings(n.putArray("new_hosts"), w.newHosts());
        }
        // the stages in the order they run (site.yml imports them in this order, decommission apart)
        ArrayNode run = root.putArray("run_order");
        for (io.msupgrade.plan.Stage st : plan.runOrder().stages()) {
            ObjectNode n = run.addObject();
            n.put("id", st.id());
            n.put("playbook", st.playbook());
            if (st.wave() == 0) {
                n.putNull("wave");
            } else {
                n.put("wave", st.wave());
            }
            n.put("hosts", st.hosts());
            n.put("in_site", st.inSite());
            n.put("title", st.title());
        }
        ArrayNode hosts = root.putArray("hosts");
        for (HostPlan h : plan.hosts()) {
            ObjectNode n = hosts.addObject();
            n.put("name", h.name());
            n.put("new_host", h.newHost());
            strings(n.putArray("components"), h.components().stream().map(Keyword::id).toList());
            n.put("tier", h.tier().id());
            if (h.wave() == 0) {
                n.putNull("wave");
            } else {
                n.put("wave", h.wave());
            }
            n.put("os", h.os().id());
            n.put("arch", h.arch().id());
            n.put("installed_version", h.installedVersion() == null ? null : h.installedVersion().text());
            n.put("strategy", h.strategy().id());
            n.put("procedure", h.procedure().id());
            n.put("packaging", h.packaging().id());
            n.put("backout", h.backout().id());
            n.put("bin_subdir", h.binSubdir());
            n.put("ha_group", h.haGroup());
            n.put("paired_with", h.pairedWith());
            n.put("zfs_store_dataset", h.zfsDataset());
            n.put("provider", h.provider() == null ? null : h.provider().id());
            n.put("affinity_group", h.affinityGroup());
            n.put("config_layout", h.configLayout() == null ? null : h.configLayout().id());
        }
        ArrayNode ha = root.putArray("ha_groups");
        for (HaGroup g : plan.haGroups()) {
            ObjectNode n = ha.addObject();
            n.put("group", g.group());
            n.put("cluster", g.cluster().id());
            n.put("resource", g.resource());
            strings(n.putArray("nodes"), g.nodes());
            n.put("wave", g.wave());
        }
        ArrayNode pairs = root.putArray("pairs");
        for (CoexistencePair p : plan.pairs()) {
            pair(pairs.addObject(), p);
        }
        ObjectNode m = root.putObject("migration");
        strings(m.putArray("pilot_users"), plan.migration().pilotUsers());
        m.put("batch_size", plan.migration().batchSize());
        m.put("parallel_batches", plan.migration().parallelBatches());
        strings(root.putArray("notes"), plan.notes());

        // "key": value and [] / {} for empty containers, lines ending in \n on every platform.
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withArrayEmptySeparator("")
                .withObjectEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return MAPPER.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the plan as JSON", e);
        }
    }

    private static void pair(ObjectNode n, CoexistencePair p) {
        n.put("legacy", p.legacy());
        n.put("new", p.replacement());
        n.put("tier", p.tier().id());
        n.put("kind", p.kind().id());
        n.put("moves_mailboxes", p.movesMailboxes());
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }
}
