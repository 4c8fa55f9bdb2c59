package io.msupgrade.render.ansible;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.msupgrade.plan.HostPlan;
import io.msupgrade.plan.Plan;

/**
 * The upgrade as the controller's workflow runs it: the stage playbooks in site.yml's order, and
 * before a stage a human must open, an approval node. A job after an approval gets the gate's
 * variable (and every earlier one) as the node's extra data, as an operator passes
 * {@code -e msupgrade_confirm=yes} on the command line.
 *
 * <p>The one place the stage order is taken from the plan (its waves and coexistence pairs); when
 * the plan has a stage model, this reads it instead.
 */
public final class UpgradeWorkflow {

    public static final String CONFIRM = "msupgrade_confirm";
    public static final String CONFIG_REVIEWED = "msupgrade_config_reviewed";
    public static final String PILOTS_VERIFIED = "msupgrade_pilots_verified";
    public static final String BACKOUT_CONFIRM = "msupgrade_backout_confirm";
    public static final String DECOMMISSION_CONFIRM = "msupgrade_decommission_confirm";

    /**
     * A workflow step: a playbook's job, or an approval (playbook empty).
     *
     * @param gates       the gate variables opened so far, {@code yes} each
     * @param stopsAtGate the run ends on purpose at a gate inside its playbook (migrate's
     *                    configuration review and pilot gates fail the run until their variable is
     *                    set), so the approval after it follows its failure, not its success: the
     *                    approver reads the job's output, which says what to check, or a real failure
     */
    public record Step(String id, boolean approval, String playbook, String title, Map<String, String> gates,
                       boolean stopsAtGate) {
    }

    private UpgradeWorkflow() {
    }

    /** site.yml's stages, the gates before those that change hosts. */
    public static List<Step> upgrade(Plan plan) {
        Steps s = new Steps();
        s.job("preflight", "preflight", "Read-only checks of every host");
        s.approval("confirm", CONFIRM, "Confirm the upgrade: from here hosts change");
        s.job("backup", "backup", "Full backup of the stores");
        s.job("dssetup", "dssetup", "Directory Server schema (comm_dssetup.pl)");
        if (plan.hosts().stream().anyMatch(HostPlan::inPlace)) {
            s.job("upgrade", "upgrade", "In-place waves");
        }
        if (!plan.pairs().isEmpty()) {
            s.gatedJob("migrate_new_hosts", "migrate", "Coexistence: new hosts installed, legacy configuration cloned for review");
            s.approval("config_reviewed", CONFIG_REVIEWED, "Configuration of the new hosts reviewed");
            s.gatedJob("migrate_pilots", "migrate", "Coexistence: the pilot users moved");
            s.approval("pilots_verified", PILOTS_VERIFIED, "Pilot users verified on the new hosts");
            s.job("migrate", "migrate", "Coexistence: every user moved");
        }
        if (plan.unifiedConfig()) {
            s.job("unified_config", "unified-config", "Unified Configuration (configtoxml)");
        }
        return s.steps;
    }

    /** The back-out (rollback.yml), behind its own approval. */
    public static List<Step> backout() {
        Steps s = new Steps();
        s.approval("backout_confirm", BACKOUT_CONFIRM, "Back out the upgrade: the avenue of last resort");
        s.job("rollback", "rollback", "Back-out of the in-place hosts, waves in reverse");
        return s.steps;
    }

    /** The legacy hosts' decommission, behind its own approval. */
    public static List<Step> decommission() {
        Steps s = new Steps();
        s.approval("decommission_confirm", DECOMMISSION_CONFIRM, "Decommission the legacy hosts");
        s.job("decommission", "decommission", "Legacy hosts stopped where no user lives any more");
        return s.steps;
    }

    private static final class Steps {
        final List<Step> steps = new ArrayList<>();
        final Map<String, String> gates = new LinkedHashMap<>();

        void job(String id, String playbook, String title) {
            steps.add(new Step(id, false, playbook, title, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(gates)),
                    false));
        }

        /** A job that stops at a gate of its playbook: the next step follows its failure. */
        void gatedJob(String id, String playbook, String title) {
            steps.add(new Step(id, false, playbook, title, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(gates)),
                    true));
        }

        void approval(String id, String variable, String title) {
            steps.add(new Step(id, true, "", title, Map.of(), false));
            gates.put(variable, "yes");
        }
    }
}
