package io.msupgrade.render.plan;

import static io.msupgrade.render.View.of;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.msupgrade.model.Cluster;
import io.msupgrade.model.StoreKind;
import io.msupgrade.plan.CoexistencePair;
import io.msupgrade.plan.HostPlan;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Stage;
import io.msupgrade.plan.Wave;

/**
 * The plan as the views of {@code PLAN.md.tpl} and {@code plan.txt.tpl}: plain maps and lists of
 * the phrases ({@link PlanText}) and padded table cells ({@link Table}); the templates lay them out.
 */
final class PlanView {

    private PlanView() {
    }

    /** The view of PLAN.md: the text view's sections, the run order, and the waves as a Mermaid diagram. */
    static Map<String, Object> markdown(Plan plan) {
        Map<String, HostPlan> byName = byName(plan);
        Map<String, Object> view = common(plan, Table::markdownRows);
        view.put("existing_hosts", plan.hosts().stream().filter(h -> !h.newHost()).count());
        view.put("new_hosts", plan.hosts().stream().filter(HostPlan::newHost).count());
        view.put("diagram", MermaidDiagram.of(plan, byName));
        view.put("run_order", plan.runOrder().stages().stream().map(st -> runStep(plan, st)).toList());
        view.put("waves", plan.waves().stream().map(w -> of(
                "number", w.number(), "tier", w.tier().id(), "group", w.group(), "serial", w.serial(),
                "hosts", hostsTable(w, byName, Table::markdownRows),
                "ha_groups", w.haGroups().stream().map(g -> of(
                        "group", g.group(), "cluster", g.cluster().id(), "resource", g.resource(),
                        "nodes", String.join(", ", g.nodes()), "clusterware", g.cluster() == Cluster.CLUSTERWARE))
                        .toList(),
                "new_hosts", PlanText.newHosts(w.newHosts(), byName),
                "pairs", w.pairs().isEmpty() ? List.of() : pairsTable(w).markdownRows())).toList());
        return view;
    }

    /** The view of the plan for a terminal. */
    static Map<String, Object> text(Plan plan) {
        Map<String, HostPlan> byName = byName(plan);
        Map<String, Object> view = common(plan, Table::textRows);
        view.put("waves", plan.waves().stream().map(w -> of(
                "number", w.number(), "tier", w.tier().id(), "group", w.group(), "serial", w.serial(),
                "hosts", hostsTable(w, byName, Table::textRows),
                "ha_groups", w.haGroups().stream().map(g -> of(
                        "group", g.group(), "cluster", g.cluster().id(), "resource", g.resource(),
                        "nodes", String.join(", ", g.nodes()))).toList(),
                "new_hosts", PlanText.newHosts(w.newHosts(), byName),
                "pairs", w.pairs().stream().map(PlanText::pair).toList())).toList());
        return view;
    }

    /** What both forms say: the summary, the directory step, the final steps and the reference sections. */
    private static Map<String, Object> common(Plan plan, Function<Table, List<List<String>>> layout) {
        return of(
                "deployment", plan.deployment(),
                "target", PlanText.target(plan),
                "tiers", PlanText.tiers(plan),
                "directory_step", PlanText.directoryStep(plan),
                "final_steps", PlanText.finalSteps(plan),
                "migration", plan.movesMailboxes()
                        ? PlanText.migration(plan.migration(), plan.store() == StoreKind.CASSANDRA) : "",
                "hosts", layout.apply(PlanText.hostTable(plan)),
                "procedures", steps(PlanText.procedures(plan), p -> p.id(), p -> p.title(), p -> p.steps()),
                "backouts", steps(PlanText.backouts(plan), b -> b.id(), b -> b.title(), b -> b.steps()),
                "notes", plan.notes());
    }

    private static Map<String, Object> runStep(Plan plan, Stage st) {
        return of("title", st.title(), "hosts", PlanText.stageHosts(plan, st), "command", PlanText.command(st),
                "in_site", st.inSite(), "caveats", PlanText.caveats(plan, st));
    }

    /** A wave's in-place hosts as a table, or no rows when it has none. */
    private static List<List<String>> hostsTable(Wave w, Map<String, HostPlan> byName,
                                                 Function<Table, List<List<String>>> layout) {
        if (w.hosts().isEmpty()) {
            return List.of();
        }
        Table t = new Table("host", "procedure", "packaging", "back-out", "ha group");
        for (String name : w.hosts()) {
            HostPlan h = byName.get(name);
            t.row(h.name(), h.procedure().id(), h.packaging().id(), h.backout().id(), h.haGroup());
        }
        return layout.apply(t);
    }

    private static Table pairsTable(Wave w) {
        Table t = new Table("legacy", "new", "kind", "mailboxes");
        for (CoexistencePair p : w.pairs()) {
            t.row(p.legacy(), p.replacement(), p.kind().id(), !p.movesMailboxes() ? "none"
                    : p.kind() == StoreKind.CASSANDRA ? "rehostuser" : "imsbackup/imsrestore");
        }
        return t;
    }

    /** Procedures or back-outs: id, title and numbered steps each. */
    private static <T> List<Map<String, Object>> steps(Collection<T> used, Function<T, String> id,
                                                       Function<T, String> title, Function<T, List<String>> steps) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (T t : used) {
            out.add(of("id", id.apply(t), "title", title.apply(t), "steps", steps.apply(t)));
        }
        return out;
    }

    private static Map<String, HostPlan> byName(Plan plan) {
        Map<String, HostPlan> byName = new HashMap<>();
        for (HostPlan h : plan.hosts()) {
            byName.put(h.name(), h);
        }
        return byName;
    }
}
