package io.msupgrade.render.plan;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.msupgrade.model.StoreKind;
import io.msupgrade.plan.Backout;
import io.msupgrade.plan.CoexistencePair;
import io.msupgrade.plan.HaGroup;
import io.msupgrade.plan.HostPlan;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Procedure;
import io.msupgrade.plan.Wave;

/**
 * The plan as Markdown (also {@code DIR/PLAN.md}): a summary, a Mermaid flowchart of the waves in
 * order, one section per step with tables, every host, the procedures and back-outs it uses.
 */
public final class MarkdownPlanWriter {

    public String write(Plan plan) {
        Map<String, HostPlan> byName = new HashMap<>();
        Map<String, String> nodeId = new HashMap<>();
        for (int i = 0; i < plan.hosts().size(); i++) {
            HostPlan h = plan.hosts().get(i);
            byName.put(h.name(), h);
            nodeId.put(h.name(), "h" + (i + 1));
        }
        StringBuilder out = new StringBuilder();
        out.append("# Upgrade plan: ").append(plan.deployment()).append("\n\n");
        out.append("- **Target:** ").append(PlanText.target(plan)).append('\n');
        out.append("- **Tier order:** ").append(PlanText.tiers(plan)).append('\n');
        out.append("- **Hosts:** ").append(plan.hosts().stream().filter(h -> !h.newHost()).count())
                .append(" existing, ").append(plan.hosts().stream().filter(HostPlan::newHost).count())
                .append(" new; ").append(plan.waves().size()).append(plan.waves().size() == 1 ? " wave" : " waves")
                .append(" after the directory step\n\n");

        out.append("## Order\n\n");
        mermaid(out, plan, byName, nodeId);

        out.append("\n## Run order\n\n");
        out.append("What `site.yml` runs, in this order (decommission apart). Each step is a playbook of its own;"
                + " the steps of a wave are limited to the wave's hosts.\n\n");
        int step = 0;
        for (io.msupgrade.plan.Stage st : plan.runOrder().stages()) {
            out.append(++step).append(". **").append(st.title()).append("**").append(PlanText.stageHosts(plan, st))
                    .append(": `").append(PlanText.command(st))
                    .append('`').append(st.inSite() ? "" : " (on its own, not in site.yml)").append('\n');
            for (String c : PlanText.caveats(plan, st)) {
                out.append("   - ").append(c).append('\n');
            }
        }
        out.append("\n## Steps\n\n");
        out.append("### Step 0: directory\n\n").append(PlanText.directoryStep(plan)).append(".\n");
        for (Wave w : plan.waves()) {
            out.append("\n### Wave ").append(w.number()).append(": ").append(w.tier().id()).append("\n\n");
            out.append("Inventory group `").append(w.group()).append("`, serial `").append(w.serial())
                    .append("`.\n");
            if (!w.hosts().isEmpty()) {
                out.append('\n');
                Table t = new Table("host", "procedure", "packaging", "back-out", "ha group");
                for (String name : w.hosts()) {
                    HostPlan h = byName.get(name);
                    t.row(h.name(), h.procedure().id(), h.packaging().id(), h.backout().id(), h.haGroup());
                }
                t.markdown(out);
            }
            if (!w.haGroups().isEmpty()) {
                out.append('\n');
                for (HaGroup g : w.haGroups()) {
                    out.append("- HA group `").append(g.group()).append("` (").append(g.cluster().id())
                            .append(" resource `").append(g.resource()).append("`): ")
                            .append(String.join(", ", g.nodes()))
                            .append(" upgraded together, the resource stopped once and started once")
                            .append(g.cluster() == io.msupgrade.model.Cluster.CLUSTERWARE
                                    ? "; the Messaging Server Clusterware agent (ha.agent, media.clusterware_agent)"
                                            + " upgraded on every node after the software, before the start\n"
                                    : "\n");
                }
            }
            if (!w.newHosts().isEmpty()) {
                out.append("\nNew hosts built first: ").append(PlanText.newHosts(w.newHosts(), byName)).append(".\n");
            }
            if (!w.pairs().isEmpty()) {
                out.append('\n');
                Table t = new Table("legacy", "new", "kind", "mailboxes");
                for (CoexistencePair p : w.pairs()) {
                    t.row(p.legacy(), p.replacement(), p.kind().id(), !p.movesMailboxes() ? "none"
                            : p.kind() == StoreKind.CASSANDRA ? "rehostuser" : "imsbackup/imsrestore");
                }
                t.markdown(out);
            }
        }
        List<String> finalSteps = PlanText.finalSteps(plan);
        if (!finalSteps.isEmpty()) {
            out.append("\n### After the last wave\n\n");
            for (String s : finalSteps) {
                out.append("- ").append(s).append('\n');
            }
        }
        if (plan.movesMailboxes()) {
            out.append("\n## Mailbox migration\n\n")
                    .append(PlanText.migration(plan.migration(), plan.store() == StoreKind.CASSANDRA))
                    .append(".\n");
        }

        out.append("\n## Hosts\n\n");
        PlanText.hostTable(plan).markdown(out);

        out.append("\n## Procedures\n");
        for (Procedure p : PlanText.procedures(plan)) {
            out.append("\n### `").append(p.id()).append("`: ").append(p.title()).append("\n\n");
            steps(out, p.steps());
        }
        out.append("\n## Back-out\n");
        for (Backout b : PlanText.backouts(plan)) {
            out.append("\n### `").append(b.id()).append("`: ").append(b.title()).append("\n\n");
            steps(out, b.steps());
        }
        if (!plan.notes().isEmpty()) {
            out.append("\n## Notes\n\n");
            for (String n : plan.notes()) {
                out.append("- ").append(n).append('\n');
            }
        }
        return out.toString();
    }

    /** Directory step, then each wave as a subgraph (HA groups nested), pairs as legacy --> new edges. */
    private static void mermaid(StringBuilder out, Plan plan, Map<String, HostPlan> byName,
                                Map<String, String> nodeId) {
        out.append("```mermaid\nflowchart TD\n");
        out.append("    dir[\"Step 0: directory<br/>comm_dssetup.pl against ")
                .append(label(plan.directoryHost())).append("\"]\n");
        for (Wave w : plan.waves()) {
            out.append("    subgraph ").append(w.group()).append("[\"Wave ").append(w.number()).append(": ")
                    .append(w.tier().id()).append(", serial ").append(label(w.serial())).append("\"]\n");
            Set<String> inHa = new HashSet<>();
            for (HaGroup g : w.haGroups()) {
                out.append("        subgraph ").append(g.group()).append("[\"HA ").append(g.cluster().id())
                        .append(": ").append(label(g.resource())).append("\"]\n");
                for (String n : g.nodes()) {
                    node(out, "            ", nodeId.get(n), label(n));
                    inHa.add(n);
                }
                out.append("        end\n");
            }
            for (String n : w.hosts()) {
                if (!inHa.contains(n)) {
                    node(out, "        ", nodeId.get(n), label(n));
                }
            }
            for (CoexistencePair p : w.pairs()) {
                node(out, "        ", nodeId.get(p.legacy()), label(p.legacy()) + " (legacy)");
            }
            for (String n : w.newHosts()) {
                HostPlan h = byName.get(n);
                node(out, "        ", nodeId.get(n), label(n) + (h == null || h.provider() == null ? " (new)"
                        : " (new, " + h.provider().id() + ")"));
            }
            out.append("    end\n");
        }
        List<String> finalSteps = PlanText.finalSteps(plan);
        if (!finalSteps.isEmpty()) {
            out.append("    done[\"After the last wave").append(plan.unifiedConfig() ? "<br/>configtoxml" : "")
                    .append(plan.pairs().isEmpty() ? "" : "<br/>decommission legacy hosts").append("\"]\n");
        }
        String previous = "dir";
        for (Wave w : plan.waves()) {
            out.append("    ").append(previous).append(" --> ").append(w.group()).append('\n');
            previous = w.group();
        }
        if (!finalSteps.isEmpty()) {
            out.append("    ").append(previous).append(" --> done\n");
        }
        for (CoexistencePair p : plan.pairs()) {
            String from = nodeId.get(p.legacy());
            String to = nodeId.get(p.replacement());
            if (from != null && to != null) {
                out.append("    ").append(from).append(" --> ").append(to).append('\n');
            }
        }
        out.append("```\n");
    }

    /** One host node; a name the plan does not know (an invalid model) is left out of the diagram. */
    private static void node(StringBuilder out, String indent, String id, String text) {
        if (id != null) {
            out.append(indent).append(id).append("[\"").append(text).append("\"]\n");
        }
    }

    /** Text inside a quoted Mermaid label: no quotes, no markup. */
    private static String label(String s) {
        return s.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }

    private static void steps(StringBuilder out, List<String> steps) {
        for (int i = 0; i < steps.size(); i++) {
            out.append(i + 1).append(". ").append(steps.get(i)).append('\n');
        }
    }
}
