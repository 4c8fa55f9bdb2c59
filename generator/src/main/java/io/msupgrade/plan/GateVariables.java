package io.msupgrade.plan;

import java.util.Map;

/**
 * The extra variables by which a human lets a generated playbook past a gate ({@code -e NAME=yes}):
 * the roles' own names, spelled once for everyone who passes them — {@code msupgrade run}, the
 * rehearsal, the controller's workflow, PLAN.md's commands.
 */
public final class GateVariables {

    /** Every changing playbook: the upgrade itself is confirmed. */
    public static final String CONFIRM = "msupgrade_confirm";
    /** migrate: the new hosts' cloned configuration was reviewed. */
    public static final String CONFIG_REVIEWED = "msupgrade_config_reviewed";
    /** migrate: the pilots were checked, the others may move. */
    public static final String PILOTS_VERIFIED = "msupgrade_pilots_verified";
    /** rollback: the back-out, the avenue of last resort. */
    public static final String BACKOUT_CONFIRM = "msupgrade_backout_confirm";
    /** decommission: the legacy hosts stop for good. */
    public static final String DECOMMISSION_CONFIRM = "msupgrade_decommission_confirm";
    /** site.yml's variable limiting a wave's stage to its hosts (not a gate: a scope). */
    public static final String STAGE_HOSTS = "msupgrade_stage_hosts";

    /** The playbooks that undo or end something, and the variable each needs instead of {@link #CONFIRM}. */
    public static final Map<String, String> OWN_CONFIRMATION = Map.of(
            "rollback", BACKOUT_CONFIRM,
            "decommission", DECOMMISSION_CONFIRM);

    private GateVariables() {
    }
}
