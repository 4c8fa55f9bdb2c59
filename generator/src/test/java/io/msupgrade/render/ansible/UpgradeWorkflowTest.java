package io.msupgrade.render.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.msupgrade.plan.GateVariables;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Stage;
import io.msupgrade.testing.Samples;

/** The controller's upgrade workflow is the plan's run order, gate by gate (issue 19). */
class UpgradeWorkflowTest {

    static List<Path> samples() {
        return Samples.all();
    }

    /**
     * The jobs run the run order's stages in its order, each wave's stage limited to its hosts as
     * site.yml limits it; a migrate stage is three jobs (new hosts, pilots, the rest) around its two
     * approvals.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theJobsFollowThePlansRunOrder(Path sample) {
        Plan plan = Samples.plan(sample);
        List<String> expected = new ArrayList<>();
        for (Stage st : plan.runOrder().stages()) {
            if (st.kind() == Stage.Kind.CONFIRM || st.kind() == Stage.Kind.DECOMMISSION) {
                continue;
            }
            int jobs = st.kind() == Stage.Kind.MIGRATE ? 3 : 1;
            for (int i = 0; i < jobs; i++) {
                expected.add(st.playbook() + (st.hosts() == null ? "" : "@" + st.hosts()));
            }
        }
        List<String> jobs = UpgradeWorkflow.upgrade(plan).stream().filter(s -> !s.approval())
                .map(s -> s.playbook() + (s.gates().containsKey(GateVariables.STAGE_HOSTS)
                        ? "@" + s.gates().get(GateVariables.STAGE_HOSTS) : ""))
                .toList();
        assertEquals(expected, jobs);
    }

    /**
     * The confirmation opens every job after it; a migrate stage's review and pilot approvals open
     * only that stage's later jobs, never a later stage's (its new hosts need their own review).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void stageGatesStayInTheirStage(Path sample) {
        List<UpgradeWorkflow.Step> steps = UpgradeWorkflow.upgrade(Samples.plan(sample));
        boolean confirmed = false;
        String stage = null;
        boolean reviewed = false;
        boolean pilots = false;
        for (UpgradeWorkflow.Step s : steps) {
            if (s.approval()) {
                confirmed |= s.id().equals("confirm");
                reviewed |= s.id().endsWith("_config_reviewed");
                pilots |= s.id().endsWith("_pilots_verified");
                continue;
            }
            String hosts = s.gates().get(GateVariables.STAGE_HOSTS);
            if (!java.util.Objects.equals(hosts, stage) || !s.playbook().equals("migrate")) {
                reviewed = s.playbook().equals("migrate") && java.util.Objects.equals(hosts, stage) && reviewed;
                pilots = s.playbook().equals("migrate") && java.util.Objects.equals(hosts, stage) && pilots;
            }
            stage = hosts;
            assertEquals(confirmed, s.gates().containsKey(GateVariables.CONFIRM), s.id());
            assertEquals(reviewed, s.gates().containsKey(GateVariables.CONFIG_REVIEWED), s.id());
            assertEquals(pilots, s.gates().containsKey(GateVariables.PILOTS_VERIFIED), s.id());
            assertFalse(s.stopsAtGate() && s.gates().containsKey(GateVariables.PILOTS_VERIFIED), s.id());
        }
        assertTrue(confirmed, "the confirmation is an approval");
    }
}
