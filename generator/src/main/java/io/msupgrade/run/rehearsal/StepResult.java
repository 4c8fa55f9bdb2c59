package io.msupgrade.run.rehearsal;

/**
 * One playbook run of a rehearsal.
 *
 * @param expectFailure true when a fault was armed for this run
 * @param startedAt     when ansible-playbook started, wall clock (epoch seconds)
 * @param endedAt       when it ended, wall clock (epoch seconds)
 */
public record StepResult(String label, String playbook, int exitCode, int changes, java.util.Set<String> failedHosts,
                         boolean expectFailure, String log, double startedAt, double endedAt) {

    /** Real seconds the run took. */
    public double seconds() {
        return Math.round((endedAt - startedAt) * 100.0) / 100.0;
    }

    /** This run, listed under another label: a run two scenarios share appears in both reports. */
    StepResult shared(String newLabel) {
        return new StepResult(newLabel, playbook, exitCode, changes, failedHosts, expectFailure, log, startedAt, endedAt);
    }

    public boolean asExpected() {
        return expectFailure ? exitCode != 0 : exitCode == 0;
    }
}
