package io.msupgrade.plan;

/**
 * One step of the run, as {@code site.yml} imports it and the rehearsal runs it: a playbook,
 * limited (for the steps of a wave) to the inventory group of that wave's hosts.
 *
 * @param id       unique in the run order: {@code preflight}, {@code upgrade-wave-2}, {@code migrate-wave-1}...
 * @param kind     what the step does
 * @param wave     the wave the step belongs to, 0 outside the waves
 * @param hosts    the inventory group the playbook is limited to ({@code msupgrade_stage_hosts}), or null:
 *                 every host the playbook names
 * @param title    what the step does, as {@code site.yml} and PLAN.md name it
 */
public record Stage(String id, Kind kind, int wave, String hosts, String title) {

    /** What a stage does; each kind is one playbook of the generated tree. */
    public enum Kind {
        /** Read-only checks of every host (chapter, "Before you Upgrade"). */
        PREFLIGHT("preflight"),
        /** The operator's yes, once per run. */
        CONFIRM("confirm"),
        /** Full imsbackup of every in-place store. */
        BACKUP("backup"),
        /** comm_dssetup.pl against the Directory Server (overview, step 2). */
        DSSETUP("dssetup"),
        /** The in-place hosts of one wave. */
        UPGRADE("upgrade"),
        /** The coexistence pairs of one wave: new hosts installed, mailboxes moved. */
        MIGRATE("migrate"),
        /** configtoxml after the last wave (overview, step 8). */
        UNIFIED_CONFIG("unified-config"),
        /** The legacy hosts stopped once empty: on its own, confirmed, never part of site.yml. */
        DECOMMISSION("decommission");

        private final String playbook;

        Kind(String playbook) {
            this.playbook = playbook;
        }

        /** The playbook's name, without {@code playbooks/} and {@code .yml}. */
        public String playbook() {
            return playbook;
        }
    }

    /** The playbook the stage runs, without {@code playbooks/} and {@code .yml}. */
    public String playbook() {
        return kind.playbook();
    }

    /** True for every stage {@code site.yml} imports: all but decommission. */
    public boolean inSite() {
        return kind != Kind.DECOMMISSION;
    }

    /** True for the steps of a wave, whose order the rehearsal checks against the plan's waves. */
    public boolean inWave() {
        return wave > 0;
    }
}
