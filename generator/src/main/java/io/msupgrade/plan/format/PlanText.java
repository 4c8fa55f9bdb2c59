package io.msupgrade.plan.format;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.msupgrade.model.Keyword;
import io.msupgrade.plan.Backout;
import io.msupgrade.plan.CoexistencePair;
import io.msupgrade.plan.HostPlan;
import io.msupgrade.plan.MigrationBatches;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Procedure;

/** Phrases the text and Markdown writers share, so both say the same thing. */
final class PlanText {

    private PlanText() {
    }

    static String target(Plan plan) {
        return "Messaging Server " + plan.target() + ", " + plan.store().id() + " store"
                + (plan.unifiedConfig() ? ", unified configuration (configtoxml) after the upgrade" : "");
    }

    static String tiers(Plan plan) {
        return String.join(", ", plan.tierOrder().stream().map(Keyword::id).toList());
    }

    static String directoryStep(Plan plan) {
        return "comm_dssetup.pl from the 8.1.0 media against " + plan.directoryHost()
                + ", before any Messaging Server host changes";
    }

    static String pair(CoexistencePair p) {
        String how;
        if (!p.movesMailboxes()) {
            how = "no mailboxes to move";
        } else if (p.kind() == io.msupgrade.model.StoreKind.CASSANDRA) {
            how = "mailboxes moved with rehostuser";
        } else {
            how = "mailboxes moved with imsbackup/imsrestore";
        }
        return p.legacy() + " -> " + p.replacement() + " (" + how + ")";
    }

    static String migration(MigrationBatches m, boolean cassandra) {
        String tool = cassandra ? "rehostuser" : "imsbackup/imsrestore";
        String pilots = m.pilotUsers().isEmpty()
                ? "no pilot users listed"
                : "pilot users first (" + String.join(", ", m.pilotUsers()) + "), moved and verified";
        return pilots + "; then " + m.batchSize() + " mailboxes per batch with " + tool + ", "
                + m.parallelBatches() + (m.parallelBatches() == 1 ? " batch" : " batches")
                + " in flight per legacy host";
    }

    /** The final steps after the last wave, or none. */
    static List<String> finalSteps(Plan plan) {
        List<String> steps = new ArrayList<>();
        if (plan.unifiedConfig()) {
            steps.add("configtoxml on every upgraded and new host (the legacy configuration stays in"
                    + " ConfigRoot/legacy-config)");
        }
        if (!plan.pairs().isEmpty()) {
            steps.add("decommission the legacy hosts once they serve nobody: "
                    + String.join(", ", plan.pairs().stream().map(CoexistencePair::legacy).toList()));
        }
        return steps;
    }

    static Set<Procedure> procedures(Plan plan) {
        Set<Procedure> used = EnumSet.noneOf(Procedure.class);
        for (HostPlan h : plan.hosts()) {
            used.add(h.procedure());
        }
        return used;
    }

    static Set<Backout> backouts(Plan plan) {
        Set<Backout> used = EnumSet.noneOf(Backout.class);
        for (HostPlan h : plan.hosts()) {
            used.add(h.backout());
        }
        return used;
    }

    /** New hosts with who builds them: {@code mal-1 (aws), cass-1 (vsphere)}. */
    static String newHosts(List<String> names, java.util.Map<String, HostPlan> byName) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            HostPlan h = byName.get(n);
            out.add(h == null || h.provider() == null ? n : n + " (" + h.provider().id() + ")");
        }
        return String.join(", ", out);
    }

    static String components(HostPlan h) {
        return String.join(",", h.components().stream().map(Keyword::id).toList());
    }

    static String version(HostPlan h) {
        return h.installedVersion() == null ? "new" : h.installedVersion().text();
    }

    static String wave(HostPlan h) {
        return h.wave() == 0 ? "-" : Integer.toString(h.wave());
    }

    static Table hostTable(Plan plan) {
        Table t = new Table("host", "components", "tier", "wave", "os", "arch", "installed", "strategy",
                "procedure", "packaging", "back-out", "bin", "ha group", "paired with");
        for (HostPlan h : plan.hosts()) {
            t.row(h.name(), components(h), h.tier().id(), wave(h), h.os().id(), h.arch().id(), version(h),
                    h.strategy().id(), h.procedure().id(), h.packaging().id(), h.backout().id(), h.binSubdir(),
                    h.haGroup(), h.pairedWith());
        }
        return t;
    }
}
