package io.msupgrade.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.msupgrade.render.ModelSummary;

/**
 * The message of the commit {@code generate --git} makes: what changed in the model since the
 * previous generation (its {@link ModelSummary} in the repository), so the history reads as the
 * deployment's changes, not as "regenerated".
 */
public final class CommitMessage {

    private CommitMessage() {
    }

    /** A subject line, then one line per change of the model since {@code before}. */
    public static String of(ModelSummary now, Optional<ModelSummary> before, String deployment) {
        List<String> lines = new ArrayList<>();
        if (before.isEmpty()) {
            return "msupgrade: generate " + deployment + " (target " + now.target() + ", " + now.hosts().size() + " hosts, "
                    + now.newHosts().size() + " new hosts)\n";
        }
        ModelSummary b = before.get();
        if (!Objects.equals(b.target(), now.target())) {
            lines.add("target " + b.target() + " -> " + now.target());
        }
        if (!Objects.equals(b.store(), now.store())) {
            lines.add("store " + b.store() + " -> " + now.store());
        }
        diff(lines, "host", b.hosts(), now.hosts());
        diff(lines, "new host", b.newHosts(), now.newHosts());
        String subject = lines.isEmpty() ? "msupgrade: regenerate " + deployment
                : "msupgrade: " + deployment + ": " + (lines.size() == 1 ? lines.get(0) : lines.size() + " model changes");
        StringBuilder msg = new StringBuilder(subject).append('\n');
        if (lines.size() > 1 || lines.isEmpty()) {
            msg.append('\n');
            if (lines.isEmpty()) {
                msg.append("The model's hosts and target are unchanged; other settings or msupgrade itself changed.\n");
            }
            for (String l : lines) {
                msg.append("- ").append(l).append('\n');
            }
        }
        return msg.toString();
    }

    private static void diff(List<String> lines, String what, Map<String, String> before, Map<String, String> after) {
        for (Map.Entry<String, String> e : after.entrySet()) {
            String old = before.get(e.getKey());
            if (old == null) {
                lines.add(what + " " + e.getKey() + " added (" + e.getValue() + ")");
            } else if (!old.equals(e.getValue())) {
                lines.add(what + " " + e.getKey() + ": " + old + " -> " + e.getValue());
            }
        }
        for (String name : before.keySet()) {
            if (!after.containsKey(name)) {
                lines.add(what + " " + name + " removed");
            }
        }
    }
}
