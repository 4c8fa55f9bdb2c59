package io.msupgrade.run.rehearsal;

import io.msupgrade.plan.CoexistencePair;
import io.msupgrade.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The online mailbox move as the journal shows it (Administration Guide, "Migrating Mailboxes to a
 * New System"; chapter, coexistence step 4): per batch of a classic pair, hold (ldapmodify of the
 * batch's hold LDIF) &lt; imsbackup of its user file &lt; imsrestore of its file &lt; mailHost change
 * (its switch LDIF) &lt; imsimta qm (the held mail released); and the pilot gate: a first migrate run
 * moves the pilot users of each pair only.
 */
final class MoveOrder {

    /** Staged batch files: {@code <legacy>-<NNNN>.<kind>}, kind hold.ldif, users, ims, switch.ldif. */
    private static final Pattern BATCH_FILE = Pattern.compile("([^/]+-[0-9]{4})\\.(hold\\.ldif|users|ims|switch\\.ldif)$");
    private static final List<String> STEPS = List.of("hold", "imsbackup", "imsrestore", "mailHost", "release");

    private MoveOrder() {
    }

    /** Batches whose steps ran out of the guide's order, or not at all once the batch began. */
    static List<String> violations(List<JournalEntry> journal) {
        Map<String, Map<String, Integer>> batches = new LinkedHashMap<>();
        List<Integer> releases = new ArrayList<>();
        for (int i = 0; i < journal.size(); i++) {
            JournalEntry l = journal.get(i);
            List<String> argv = l.argv();
            if (!l.succeeded()) {
                continue;
            }
            String cmd = String.valueOf(argv.get(0));
            if (cmd.equals("imsimta") && argv.size() == 2 && "qm".equals(argv.get(1))) {
                releases.add(i);
                continue;
            }
            String step = switch (cmd) {
                case "ldapmodify" -> "ldif";
                case "imsbackup" -> "imsbackup";
                case "imsrestore" -> "imsrestore";
                default -> null;
            };
            if (step == null) {
                continue;
            }
            for (Object a : argv) {
                Matcher m = BATCH_FILE.matcher(String.valueOf(a));
                if (!m.find()) {
                    continue;
                }
                String kind = switch (m.group(2)) {
                    case "hold.ldif" -> "hold";
                    case "switch.ldif" -> "mailHost";
                    default -> step;
                };
                if (kind.equals("ldif") || (step.equals("imsbackup") && !m.group(2).equals("users"))
                        || (step.equals("imsrestore") && !m.group(2).equals("ims"))) {
                    continue;
                }
                batches.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).putIfAbsent(kind, i);
            }
        }
        List<String> out = new ArrayList<>();
        batches.forEach((batch, at) -> {
            Integer switched = at.get("mailHost");
            if (switched != null) {
                releases.stream().filter(r -> r > switched).findFirst().ifPresent(r -> at.put("release", r));
            }
            int last = -1;
            for (String s : STEPS) {
                Integer i = at.get(s);
                if (i == null) {
                    out.add("batch " + batch + ": no " + s + (last < 0 ? "" : " after " + STEPS.get(STEPS.indexOf(s) - 1)));
                    return;
                }
                if (i < last) {
                    out.add("batch " + batch + ": " + s + " (journal line " + (i + 1) + ") before the step ahead of it");
                    return;
                }
                last = i;
            }
        });
        return out;
    }

    /**
     * The users a migrate run moved (mailHost changed to a new host, by ldapmodify or rehostuser),
     * per pair, that are not its pilots: the model's pilot users, or when the pair's legacy host
     * holds none of them at most {@code unnamedPilots} users. Also a pair that moved nobody.
     */
    static List<String> pilotRunViolations(List<JournalEntry> run, Plan plan, int unnamedPilots) {
        Map<String, TreeSet<String>> moved = new LinkedHashMap<>();
        for (CoexistencePair p : plan.pairs()) {
            if (p.movesMailboxes()) {
                moved.put(p.replacement(), new TreeSet<>());
            }
        }
        for (JournalEntry l : run) {
            Map<String, Object> m = l.info();
            if (m == null || l.rc() == null || l.rc() != 0) {
                continue;
            }
            if (m.get("ldap_changes") instanceof List<?> changes) {
                for (Object c : changes) {
                    if (c instanceof Map<?, ?> ch && "mailHost".equalsIgnoreCase(String.valueOf(ch.get("attr")))
                            && moved.containsKey(String.valueOf(ch.get("value")))) {
                        moved.get(String.valueOf(ch.get("value"))).add(String.valueOf(ch.get("uid")));
                    }
                }
            }
            if (m.get("rehosted") instanceof List<?> users && moved.containsKey(l.hostName())) {
                users.forEach(u -> moved.get(l.hostName()).add(String.valueOf(u)));
            }
        }
        List<String> pilots = plan.migration().pilotUsers();
        List<String> out = new ArrayList<>();
        moved.forEach((host, users) -> {
            List<String> named = users.stream().filter(pilots::contains).toList();
            List<String> others = users.stream().filter(u -> !pilots.contains(u)).toList();
            if (users.isEmpty()) {
                out.add(host + ": no pilot moved");
            } else if (!named.isEmpty() && !others.isEmpty()) {
                out.add(host + ": moved " + others + " with the pilots " + named);
            } else if (named.isEmpty() && others.size() > unnamedPilots) {
                out.add(host + ": moved " + others.size() + " users, more than " + unnamedPilots + " unnamed pilots");
            }
        });
        return out;
    }
}
