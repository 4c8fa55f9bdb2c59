package io.msupgrade.render.plan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.msupgrade.model.StoreKind;
import io.msupgrade.plan.Backout;
import io.msupgrade.plan.CoexistencePair;
import io.msupgrade.plan.HaGroup;
import io.msupgrade.plan.HostPlan;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Procedure;
import io.msupgrade.plan.Wave;

/** The plan for a terminal: the steps in order, then every host in one aligned table. */
public final class TextPlanWriter {

    public String write(Plan plan) {
        Map<String, HostPlan> byName = new HashMap<>();
        for (HostPlan h : plan.hosts()) {
            byName.put(h.name(), h);
        }
        StringBuilder out = new StringBuilder();
        out.append("Upgrade plan for ").append(plan.deployment()).append('\n');
        out.append("  target:     ").append(PlanText.target(plan)).append('\n');
        out.append("  tier order: ").append(PlanText.tiers(plan)).append('\n');
        out.append('\n');

        out.append("Step 0  directory\n");
        out.append("  ").append(PlanText.directoryStep(plan)).append('\n');
        for (Wave w : plan.waves()) {
            out.append('\n');
            out.append("Wave ").append(w.number()).append("  ").append(w.tier().id())
                    .append("  (group ").append(w.group()).append(", serial ").append(w.serial()).append(")\n");
            if (!w.hosts().isEmpty()) {
                out.append("  in place:\n");
                Table t = new Table("host", "procedure", "packaging", "back-out", "ha group");
                for (String name : w.hosts()) {
                    HostPlan h = byName.get(name);
                    t.row(h.name(), h.procedure().id(), h.packaging().id(), h.backout().id(), h.haGroup());
                }
                t.text(out, "    ");
            }
            for (HaGroup g : w.haGroups()) {
                out.append("  ha group ").append(g.group()).append(": ").append(g.cluster().id())
                        .append(" resource ").append(g.resource()).append(", nodes ")
                        .append(String.join(", ", g.nodes())).append(" upgraded together\n");
            }
            if (!w.newHosts().isEmpty()) {
                out.append("  new hosts built first: ").append(PlanText.newHosts(w.newHosts(), byName)).append('\n');
            }
            if (!w.pairs().isEmpty()) {
                out.append("  coexistence:\n");
                for (CoexistencePair p : w.pairs()) {
                    out.append("    ").append(PlanText.pair(p)).append('\n');
                }
            }
        }
        List<String> finalSteps = PlanText.finalSteps(plan);
        if (!finalSteps.isEmpty()) {
            out.append('\n').append("After the last wave\n");
            for (String s : finalSteps) {
                out.append("  ").append(s).append('\n');
            }
        }
        if (plan.movesMailboxes()) {
            out.append('\n').append("Mailbox migration\n");
            out.append("  ").append(PlanText.migration(plan.migration(), plan.store() == StoreKind.CASSANDRA))
                    .append('\n');
        }

        out.append('\n').append("Hosts\n");
        PlanText.hostTable(plan).text(out, "  ");

        out.append('\n').append("Procedures\n");
        for (Procedure p : PlanText.procedures(plan)) {
            out.append("  ").append(p.id()).append(": ").append(p.title()).append('\n');
            steps(out, p.steps());
        }
        out.append('\n').append("Back-out\n");
        for (Backout b : PlanText.backouts(plan)) {
            out.append("  ").append(b.id()).append(": ").append(b.title()).append('\n');
            steps(out, b.steps());
        }
        if (!plan.notes().isEmpty()) {
            out.append('\n').append("Notes\n");
            for (String n : plan.notes()) {
                out.append("  - ").append(n).append('\n');
            }
        }
        return out.toString();
    }

    private static void steps(StringBuilder out, List<String> steps) {
        for (int i = 0; i < steps.size(); i++) {
            out.append("    ").append(i + 1).append(". ").append(steps.get(i)).append('\n');
        }
    }
}
