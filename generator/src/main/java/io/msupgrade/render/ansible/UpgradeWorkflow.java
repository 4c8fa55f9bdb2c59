package io.msupgrade.render.ansible;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.msupgrade.plan.GateVariables;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Stage;

/**
 * The upgrade as the controller's workflow runs it: the plan's run order (site.yml's stages, each
 * wave's stage limited to its hosts), and before a stage a human must open, an approval node. A
 * job after an approval gets the gate's variable as the node's extra data, as an operator passes
 * {@code -e msupgrade_confirm=yes} on the command line.
 *
 * <p>The confirmation opens every later stage. A coexistence stage's own gates (configuration
 * reviewed, pilots verified) open only that stage's jobs: the new hosts of a later wave get their
 * own review and their own pilots.
 */
public final class UpgradeWorkflow {

    /**
     * A workflow step: a playbook's job, or an approval (playbook empty).
     *
     * @param gates       the job's extra data: the gate variables opened for it ({@code yes} each) and
     *                    the stage's hosts
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

    /** The plan's run order, the gates before what changes hosts. Decommission has its own workflow. */
    public static List<Step> upgrade(Plan plan) {
        Steps s = new Steps();
        for (Stage stage : plan.runOrder().stages()) {
            s.stage(stage);
            String id = stage.id().replace('-', '_');
            switch (stage.kind()) {
                case CONFIRM -> s.approval(id, GateVariables.CONFIRM, false,
                        "Confirm the upgrade: from here hosts change");
                case MIGRATE -> {
                    s.gatedJob(id + "_new_hosts", stage, stage.title()
                            + ": new hosts installed, legacy configuration cloned for review");
                    s.approval(id + "_config_reviewed", GateVariables.CONFIG_REVIEWED, true, stage.title()
                            + ": configuration of the new hosts reviewed");
                    s.gatedJob(id + "_pilots", stage, stage.title() + ": the pilot users moved");
                    s.approval(id + "_pilots_verified", GateVariables.PILOTS_VERIFIED, true, stage.title()
                            + ": pilot users verified on the new hosts");
                    s.job(id, stage, stage.title() + ": every user moved");
                }
                case DECOMMISSION -> { }
                default -> s.job(id, stage, stage.title());
            }
        }
        return s.steps;
    }

    /** The back-out (rollback.yml), behind its own approval. */
    public static List<Step> backout() {
        Steps s = new Steps();
        s.approval("backout_confirm", GateVariables.BACKOUT_CONFIRM, false,
                "Back out the upgrade: the avenue of last resort");
        s.job("rollback", "rollback", "Back-out of the in-place hosts, waves in reverse");
        return s.steps;
    }

    /** The legacy hosts' decommission, behind its own approval. */
    public static List<Step> decommission() {
        Steps s = new Steps();
        s.approval("decommission_confirm", GateVariables.DECOMMISSION_CONFIRM, false, "Decommission the legacy hosts");
        s.job("decommission", "decommission", "Legacy hosts stopped where no user lives any more");
        return s.steps;
    }

    private static final class Steps {
        final List<Step> steps = new ArrayList<>();
        /** Gates open for every later job. */
        final Map<String, String> gates = new LinkedHashMap<>();
        /** Gates open for the current stage's later jobs only, and its hosts. */
        final Map<String, String> stageData = new LinkedHashMap<>();

        void stage(Stage stage) {
            stageData.clear();
            if (stage != null && stage.hosts() != null) {
                stageData.put(GateVariables.STAGE_HOSTS, stage.hosts());
            }
        }

        private Map<String, String> data() {
            Map<String, String> d = new LinkedHashMap<>(gates);
            d.putAll(stageData);
            return java.util.Collections.unmodifiableMap(d);
        }

        void job(String id, Stage stage, String title) {
            steps.add(new Step(id, false, stage.playbook(), title, data(), false));
        }

        void job(String id, String playbook, String title) {
            steps.add(new Step(id, false, playbook, title, data(), false));
        }

        /** A job that stops at a gate of its playbook: the next step follows its failure. */
        void gatedJob(String id, Stage stage, String title) {
            steps.add(new Step(id, false, stage.playbook(), title, data(), true));
        }

        void approval(String id, String variable, boolean stageOnly, String title) {
            steps.add(new Step(id, true, "", title, Map.of(), false));
            (stageOnly ? stageData : gates).put(variable, "yes");
        }
    }
}
