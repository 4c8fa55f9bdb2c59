package io.msupgrade.run;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows ansible-playbook's default output line by line and says where a long run is: which play
 * (stage and wave), how many tasks so far, and the hosts' results. Reads only what Ansible prints;
 * it never changes the run.
 */
public final class AnsibleProgress {

    private static final Pattern PLAY = Pattern.compile("^PLAY \\[(.*)] \\**$");
    private static final Pattern TASK = Pattern.compile("^(?:TASK|RUNNING HANDLER) \\[(.*)] \\**$");
    private static final Pattern RESULT = Pattern.compile("^(ok|changed|fatal|failed|skipping|unreachable): \\[([^]]+)]");

    private final String stage;
    private int plays;
    private int tasks;
    private String play = "";
    private final Set<String> hosts = new LinkedHashSet<>();
    private final Set<String> failedHosts = new LinkedHashSet<>();
    private int changed;

    public AnsibleProgress(String stage) {
        this.stage = stage;
    }

    /** Reads one output line; returns a progress line when the run entered a new play, else null. */
    public String accept(String line) {
        Matcher m = PLAY.matcher(line);
        if (m.matches()) {
            plays++;
            play = m.group(1);
            return status();
        }
        if (TASK.matcher(line).matches()) {
            tasks++;
            return null;
        }
        m = RESULT.matcher(line);
        if (m.find()) {
            String host = m.group(2).split(" ")[0];
            hosts.add(host);
            if (m.group(1).equals("changed")) {
                changed++;
            }
            if (m.group(1).equals("fatal") || m.group(1).equals("failed") || m.group(1).equals("unreachable")) {
                failedHosts.add(host);
            }
        }
        return null;
    }

    /** {@code msupgrade: upgrade · play 3 "Wave 2: mta" · 41 tasks · 6 hosts, 12 changes, 0 failed} */
    public String status() {
        return "msupgrade: " + stage + " · play " + plays + (play.isEmpty() ? "" : " \"" + play + "\"") + " · "
                + tasks + " tasks · " + hosts.size() + " hosts, " + changed + " changes, " + failedHosts.size()
                + " failed" + (failedHosts.isEmpty() ? "" : " (" + String.join(", ", failedHosts) + ")");
    }

    public int changes() {
        return changed;
    }

    public Set<String> failedHosts() {
        return Set.copyOf(failedHosts);
    }
}
