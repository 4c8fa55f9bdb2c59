package io.msupgrade.render.plan;


import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.msupgrade.plan.CoexistencePair;
import io.msupgrade.plan.HaGroup;
import io.msupgrade.plan.HostPlan;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Wave;
import io.msupgrade.render.View;

/**
 * PLAN.md's flowchart as a view: the directory step, each wave as a subgraph (HA groups nested),
 * the final step, and the edges (the waves in order, then legacy --> new for each pair). Labels are
 * escaped here, for Mermaid's quoted labels; the template only places them.
 */
final class MermaidDiagram {

    private MermaidDiagram() {
    }

    static Map<String, Object> of(Plan plan, Map<String, HostPlan> byName) {
        Map<String, String> nodeId = new HashMap<>();
        for (int i = 0; i < plan.hosts().size(); i++) {
            nodeId.put(plan.hosts().get(i).name(), "h" + (i + 1));
        }
        List<Map<String, Object>> waves = new ArrayList<>();
        for (Wave w : plan.waves()) {
            Set<String> inHa = new HashSet<>();
            List<Map<String, Object>> haGroups = new ArrayList<>();
            for (HaGroup g : w.haGroups()) {
                List<Map<String, Object>> nodes = new ArrayList<>();
                for (String n : g.nodes()) {
                    node(nodes, nodeId.get(n), label(n));
                    inHa.add(n);
                }
                haGroups.add(View.of("group", g.group(), "cluster", g.cluster().id(),
                        "resource", label(g.resource()), "nodes", nodes));
            }
            List<Map<String, Object>> nodes = new ArrayList<>();
            for (String n : w.hosts()) {
                if (!inHa.contains(n)) {
                    node(nodes, nodeId.get(n), label(n));
                }
            }
            for (CoexistencePair p : w.pairs()) {
                node(nodes, nodeId.get(p.legacy()), label(p.legacy()) + " (legacy)");
            }
            for (String n : w.newHosts()) {
                HostPlan h = byName.get(n);
                node(nodes, nodeId.get(n), label(n) + (h == null || h.provider() == null ? " (new)"
                        : " (new, " + h.provider().id() + ")"));
            }
            waves.add(View.of("group", w.group(), "number", w.number(), "tier", w.tier().id(),
                    "serial", label(w.serial()), "ha_groups", haGroups, "nodes", nodes));
        }
        boolean finalStep = !PlanText.finalSteps(plan).isEmpty();
        String done = !finalStep ? "" : "After the last wave" + (plan.unifiedConfig() ? "<br/>configtoxml" : "")
                + (plan.pairs().isEmpty() ? "" : "<br/>decommission legacy hosts");
        return View.of("directory", label(plan.directoryHost()), "waves", waves, "done", done,
                "edges", edges(plan, nodeId, finalStep));
    }

    private static List<Map<String, Object>> edges(Plan plan, Map<String, String> nodeId, boolean finalStep) {
        List<Map<String, Object>> edges = new ArrayList<>();
        String previous = "dir";
        for (Wave w : plan.waves()) {
            edges.add(edge(previous, w.group()));
            previous = w.group();
        }
        if (finalStep) {
            edges.add(edge(previous, "done"));
        }
        for (CoexistencePair p : plan.pairs()) {
            String from = nodeId.get(p.legacy());
            String to = nodeId.get(p.replacement());
            if (from != null && to != null) {
                edges.add(edge(from, to));
            }
        }
        return edges;
    }

    private static Map<String, Object> edge(String from, String to) {
        return View.of("from", from, "to", to);
    }

    /** One host node; a name the plan does not know (an invalid model) is left out of the diagram. */
    private static void node(List<Map<String, Object>> nodes, String id, String text) {
        if (id != null) {
            nodes.add(View.of("id", id, "label", text));
        }
    }

    /** Text inside a quoted Mermaid label: no quotes, no markup. */
    private static String label(String s) {
        return s.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }
}
