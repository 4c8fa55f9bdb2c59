package io.msupgrade.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The stages of the run, in the order they run, defined once: PLAN.md lists them, {@code site.yml}
 * imports them in this order and the rehearsal runs them in this order.
 *
 * <p>Chapter, "Upgrading Messaging Server Overview": preflight checks, the operator's
 * confirmation, the backup ("Before you Upgrade"), comm_dssetup.pl (step 2); then each wave in the
 * model's {@code sequence}: its in-place hosts, then its coexistence pairs (new hosts built and
 * installed, mailboxes moved), so a pair in wave 1 is migrated before wave 2 starts; then
 * Unified Configuration (step 8). Decommission comes last and on its own ("When all users are
 * migrated to the new environment, you can decommission your legacy deployment").
 */
public record RunOrder(List<Stage> stages) {

    public RunOrder {
        stages = List.copyOf(stages);
    }

    /** The inventory group of a wave's coexistence pairs: their legacy and new hosts. */
    public static String pairGroup(Wave w) {
        return "coexistence_wave_" + w.number();
    }

    /** The run order of {@code plan}. */
    public static RunOrder of(Plan plan) {
        List<Stage> s = new ArrayList<>();
        s.add(new Stage("preflight", Stage.Kind.PREFLIGHT, 0, null, "Preflight (read-only)"));
        s.add(new Stage("confirm", Stage.Kind.CONFIRM, 0, null, "Confirmation"));
        s.add(new Stage("backup", Stage.Kind.BACKUP, 0, null, "Backup of the in-place stores"));
        s.add(new Stage("dssetup", Stage.Kind.DSSETUP, 0, null, "Directory Server (comm_dssetup.pl)"));
        for (Wave w : plan.waves()) {
            String tier = "Wave " + w.number() + " (" + w.tier().id() + ")";
            if (!w.hosts().isEmpty()) {
                s.add(new Stage("upgrade-wave-" + w.number(), Stage.Kind.UPGRADE, w.number(), w.group(),
                        tier + ", in place"));
            }
            if (!w.pairs().isEmpty() || !w.newHosts().isEmpty()) {
                s.add(new Stage("migrate-wave-" + w.number(), Stage.Kind.MIGRATE, w.number(), pairGroup(w),
                        tier + ", coexistence"));
            }
        }
        s.add(new Stage("unified-config", Stage.Kind.UNIFIED_CONFIG, 0, null, "Unified Configuration"));
        s.add(new Stage("decommission", Stage.Kind.DECOMMISSION, 0, null, "Decommission of the legacy hosts"));
        return new RunOrder(s);
    }

    /** The stages {@code site.yml} imports, in order. */
    public List<Stage> site() {
        return stages.stream().filter(Stage::inSite).toList();
    }

    /** The stage named {@code id}; an unknown id is a programming error. */
    public Stage stage(String id) {
        return stages.stream().filter(x -> x.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage " + id));
    }

    /** Where {@code id} stands in the run, -1 when it is not a stage. */
    public int indexOf(String id) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
