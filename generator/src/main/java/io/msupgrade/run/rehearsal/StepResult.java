package io.msupgrade.run.rehearsal;

/**
 * One playbook run of a rehearsal.
 *
 * @param expectFailure true when a fault was armed for this run
 */
public record StepResult(String label, String playbook, int exitCode, int changes, java.util.Set<String> failedHosts,
                         boolean expectFailure, String log) {

    public boolean asExpected() {
        return expectFailure ? exitCode != 0 : exitCode == 0;
    }
}
