package io.msupgrade.run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows ansible-playbook's default output line by line and says where a long run is: one line
 * when each play ends, with that play's own tasks, hosts and results, and one line for the whole run
 * at its end. Reads only what Ansible prints; it never changes the run.
 *
 * <p>A play with {@code serial} prints its {@code PLAY [name]} header again for every batch: a
 * header repeating the name of the play just run is its next batch, not a new play.
 */
public final class AnsibleProgress {

    private static final Pattern PLAY = Pattern.compile("^PLAY \\[(.*)] \\**$");
    private static final Pattern RECAP = Pattern.compile("^PLAY RECAP \\**$");
    private static final Pattern TASK = Pattern.compile("^(?:TASK|RUNNING HANDLER) \\[(.*)] \\**$");
    private static final Pattern RESULT = Pattern.compile("^(ok|changed|fatal|failed|skipping|unreachable): \\[([^]]+)]");
    private static final String NO_HOSTS = "skipping: no hosts matched";

    private final String stage;
    private int plays;
    /** The play running now, null before the first and after the recap. */
    private Play play;
    private final Set<String> hosts = new LinkedHashSet<>();
    private final Set<String> failedHosts = new LinkedHashSet<>();
    private int changed;

    public AnsibleProgress(String stage) {
        this.stage = stage;
    }

    /** What one play did, over all its batches. */
    private static final class Play {
        final int number;
        final String name;
        int batches = 1;
        int tasksThisBatch;
        int tasks;
        boolean noHosts;
        final Set<String> hosts = new LinkedHashSet<>();
        final Set<String> failed = new LinkedHashSet<>();
        int changed;

        Play(int number, String name) {
            this.number = number;
            this.name = name;
        }
    }

    /**
     * Reads one output line.
     *
     * @return the progress line of the play that just ended (at the next play's header or the
     *         recap), else null
     */
    public String accept(String line) {
        Matcher m = PLAY.matcher(line);
        if (m.matches()) {
            String name = m.group(1);
            if (play != null && play.name.equals(name)) {
                play.batches++; // serial: the same play's next batch
                play.tasksThisBatch = 0;
                return null;
            }
            String ended = ended();
            play = new Play(++plays, name);
            return ended;
        }
        if (RECAP.matcher(line).matches()) {
            String ended = ended();
            play = null;
            return ended;
        }
        if (play == null) {
            return null;
        }
        if (TASK.matcher(line).matches()) {
            play.tasksThisBatch++;
            play.tasks = Math.max(play.tasks, play.tasksThisBatch); // each batch runs the same tasks
            return null;
        }
        if (line.startsWith(NO_HOSTS)) {
            play.noHosts = true;
            return null;
        }
        m = RESULT.matcher(line);
        if (m.find()) {
            String host = m.group(2).split(" ")[0];
            play.hosts.add(host);
            hosts.add(host);
            if (m.group(1).equals("changed")) {
                play.changed++;
                changed++;
            }
            if (m.group(1).equals("fatal") || m.group(1).equals("failed") || m.group(1).equals("unreachable")) {
                play.failed.add(host);
                failedHosts.add(host);
            }
        }
        return null;
    }

    /**
     * The lines to print when the run is over: the last play's, when no recap ended it (the run was
     * stopped), then the whole run's.
     */
    public List<String> finish() {
        List<String> lines = new ArrayList<>();
        String ended = ended();
        if (ended != null) {
            lines.add(ended + " (stopped before its end)");
        }
        play = null;
        lines.add(total());
        return lines;
    }

    /** {@code msupgrade: upgrade · play 3 "Wave 2: mta" · 2 batches · 41 tasks · 2 hosts, 12 changes, 0 failed} */
    private String ended() {
        if (play == null) {
            return null;
        }
        Play p = play;
        play = null;
        String head = "msupgrade: " + stage + " · play " + p.number + " \"" + p.name + "\"";
        if (p.noHosts && p.hosts.isEmpty()) {
            return head + " · no hosts matched";
        }
        return head + (p.batches > 1 ? " · " + p.batches + " batches" : "") + " · " + count(p.tasks, "task") + " · "
                + results(p.hosts.size(), p.changed, p.failed);
    }

    /** {@code msupgrade: upgrade · 4 plays in all · 6 hosts, 30 changes, 1 failed (mta2)} */
    private String total() {
        return "msupgrade: " + stage + " · " + count(plays, "play") + " in all · " + results(hosts.size(), changed, failedHosts);
    }

    private static String results(int hosts, int changes, Set<String> failed) {
        return count(hosts, "host") + ", " + count(changes, "change") + ", " + failed.size() + " failed"
                + (failed.isEmpty() ? "" : " (" + String.join(", ", failed) + ")");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Tasks that reported "changed" in the whole run (0 on a rerun that has nothing left to do). */
    public int changes() {
        return changed;
    }

    public Set<String> failedHosts() {
        return Set.copyOf(failedHosts);
    }
}
