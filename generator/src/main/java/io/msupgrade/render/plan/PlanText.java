package io.msupgrade.render.plan;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.msupgrade.model.Keyword;
import io.msupgrade.plan.Backout;
import io.msupgrade.plan.CoexistencePair;
import io.msupgrade.plan.GateVariables;
import io.msupgrade.plan.HostPlan;
import io.msupgrade.plan.MigrationBatches;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Procedure;

/** Phrases the text and Markdown views share, so both forms say the same thing. */
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
            List<String> converted = plan.convertedToUnified();
            steps.add(converted.isEmpty()
                    ? "Unified Configuration: every host has one already (config_layout: unified), nothing to convert"
                    : "configtoxml converts the legacy configuration of " + String.join(", ", converted)
                            + " (config_layout: legacy; it stays in ConfigRoot/legacy-config); hosts with a Unified"
                            + " Configuration already are left as they are");
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

    /** The hosts a wave's stage changes, as " (a, b)", or "" outside the waves. */
    static String stageHosts(Plan plan, io.msupgrade.plan.Stage st) {
        for (io.msupgrade.plan.Wave w : plan.waves()) {
            if (w.number() == st.wave()) {
                List<String> hosts = new ArrayList<>();
                if (st.kind() == io.msupgrade.plan.Stage.Kind.UPGRADE) {
                    hosts.addAll(w.hosts());
                } else {
                    w.pairs().forEach(p -> hosts.add(p.legacy() + " -> " + p.replacement()));
                    // unpaired new hosts of the wave (a Cassandra ring)
                    w.newHosts().stream().filter(n -> w.pairs().stream().noneMatch(p -> p.replacement().equals(n)))
                            .forEach(n -> hosts.add(n + " (new)"));
                }
                return " (" + String.join(", ", hosts) + ")";
            }
        }
        return "";
    }

    /** The command that runs one stage, as site.yml runs it. */
    static String command(io.msupgrade.plan.Stage st) {
        String cmd = "ansible-playbook playbooks/" + st.playbook() + ".yml";
        if (st.hosts() != null) {
            cmd += " -e " + GateVariables.STAGE_HOSTS + "=" + st.hosts();
        }
        if (st.kind() == io.msupgrade.plan.Stage.Kind.DECOMMISSION) {
            cmd += " -e " + GateVariables.DECOMMISSION_CONFIRM + "=yes";
        }
        return cmd;
    }

    /**
     * What the operator must know at this stage, from the chapter's fine print: each caveat next
     * to the step it concerns, so PLAN.md says it where it is read.
     */
    static List<String> caveats(Plan plan, io.msupgrade.plan.Stage st) {
        List<String> out = new ArrayList<>();
        switch (st.kind()) {
            case PREFLIGHT -> {
                out.add("Supported operating systems: the chapter names Oracle Linux / Red Hat Enterprise Linux and"
                        + " Solaris and refers to Oracle's \"Supported Operating Systems\" list for the versions;"
                        + " preflight checks each host runs the OS of the model, not that Oracle supports it: check"
                        + " the model's OS versions against that list");
                if (plan.hosts().stream().anyMatch(h -> h.os().isSolaris114())) {
                    out.add("Solaris 11.4: the chapter says to contact Oracle before upgrading on it");
                }
            }
            case BACKUP -> {
                if (plan.hosts().stream().anyMatch(h -> h.inPlace() && h.backout() != Backout.PACKAGE_REINSTALL)) {
                    out.add("Message flags: a back-out to the older release resets the mailbox owner flags (seen,"
                            + " deleted) of every mailbox accessed since the upgrade (chapter, \"Before you Upgrade"
                            + " to Messaging Server 8.1.0\"); this backup is what restores them");
                }
                if (plan.hosts().stream().anyMatch(h -> h.backout() == Backout.ZFS_SNAPSHOT)) {
                    out.add("ZFS back-out: \"if you are backing out to a version prior to Messaging Server, those"
                            + " versions do not restore message flags from the incremental backup\" (chapter,"
                            + " \"Downgrading Using a ZFS Snapshot\"): flags changed after the snapshot are lost");
                }
            }
            case DSSETUP -> out.add("comm_dssetup.pl: the chapter asks for \"the latest version before upgrading\":"
                    + " the one of the 8.1.0 media (media.dssetup), run against " + plan.directoryHost()
                    + " before any Messaging Server host changes");
            case UPGRADE -> {
                for (io.msupgrade.plan.HaGroup g : plan.haGroups()) {
                    if (g.wave() == st.wave() && g.cluster() == io.msupgrade.model.Cluster.CLUSTERWARE) {
                        out.add("Clusterware agent of " + g.resource() + ": \"Upgrading Messaging Server in a"
                                + " highly-available (HA) environment consists of upgrading the Messaging Server"
                                + " software then upgrading the Messaging Oracle Clusterware Agent\": the agent of"
                                + " 8.1.0 is upgraded after the software, before the resource is started again");
                    }
                }
            }
            case MIGRATE -> {
                out.add("Gate, configuration reviewed: the new hosts get a clone of the legacy configuration;"
                        + " they serve nobody until the operator has reviewed it");
                if (plan.waves().stream().filter(w -> w.number() == st.wave())
                        .anyMatch(w -> w.pairs().stream().anyMatch(CoexistencePair::movesMailboxes))) {
                    out.add("Gate, pilots verified: the pilot users move first (\"migrate a small number of friendly"
                            + " users to the new system to verify operations\"); the other mailboxes move only once"
                            + " the operator has verified them");
                }
            }
            case UNIFIED_CONFIG -> {
                if (plan.unifiedConfig()) {
                    out.add(plan.convertedToUnified().isEmpty() ? "No host to convert: every in-place host has a"
                            + " Unified Configuration already"
                            : "configtoxml converts " + String.join(", ", plan.convertedToUnified())
                            + "; the legacy configuration is kept in ConfigRoot/legacy-config");
                }
            }
            default -> {
            }
        }
        return out;
    }
}
