package io.msupgrade.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.msupgrade.render.GeneratedTree;
import io.msupgrade.testing.Samples;

/**
 * What the roles and playbooks do with values, read statically (SnakeYAML): no shell, no raw, no
 * pipe lookup; every command takes {@code argv:}; every task that touches the directory password
 * has {@code no_log: true}. The roles are read where they are written ({@code playbook-templates/roles}),
 * the playbooks as every sample renders them.
 */
class ShippedRolesTest {

    static final Set<String> SHELL_MODULES = Set.of("shell", "ansible.builtin.shell", "ansible.legacy.shell", "raw",
            "ansible.builtin.raw", "ansible.legacy.raw", "script", "ansible.builtin.script", "ansible.legacy.script",
            "expect", "ansible.builtin.expect");
    static final Set<String> COMMAND_MODULES = Set.of("command", "ansible.builtin.command", "ansible.legacy.command");
    static final Set<String> TASK_LISTS = Set.of("block", "rescue", "always", "tasks", "pre_tasks", "post_tasks",
            "handlers");

    /** A lookup that runs a shell on the controller. */
    static final Pattern PIPE = Pattern.compile("(lookup|query|q)\\(\\s*['\"](ansible\\.builtin\\.)?pipe['\"]");

    /** An expression that yields the password itself, not its variable's name. */
    static final Pattern SECRET = Pattern.compile(
            "(lookup|query|q)\\(\\s*['\"](ansible\\.builtin\\.)?vars['\"]\\s*,\\s*msupgrade_directory_password_var"
                    + "|vars\\[\\s*msupgrade_directory_password_var|\\[\\s*msupgrade_directory_password_var\\s*\\]");

    /** A key that holds a password (not a variable name, a file or a path). */
    static final Pattern PASSWORD_KEY = Pattern.compile("(?i).*(password|passwd|secret).*");
    static final Pattern NOT_A_SECRET_KEY = Pattern.compile("(?i).*(_var|_file|_path|_dir|pwfile)$");

    record Source(String name, String text) {
    }

    static List<Source> roleFiles() throws IOException {
        Path roles = Samples.projectRoot().resolve("playbook-templates/roles");
        try (Stream<Path> s = Files.walk(roles)) {
            List<Source> out = new ArrayList<>();
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = roles.relativize(p).toString().replace('\\', '/');
                if (rel.matches("[^/]+/(tasks|handlers)/.+\\.ya?ml")) {
                    out.add(new Source("roles/" + rel, Files.readString(p, StandardCharsets.UTF_8)));
                }
            }
            assertTrue(out.size() > 20, "the roles were not found under " + roles);
            return out;
        }
    }

    static List<Source> renderedPlaybooks() {
        List<Source> out = new ArrayList<>();
        for (Path sample : Samples.all()) {
            GeneratedTree tree = Samples.tree(sample);
            tree.files().forEach((path, bytes) -> {
                if (path.startsWith("ansible/playbooks/") && path.endsWith(".yml")) {
                    out.add(new Source(Samples.name(sample) + ":" + path, new String(bytes, StandardCharsets.UTF_8)));
                }
            });
        }
        return out;
    }

    /** Every task of a file, nested blocks included, with whether an enclosing block sets no_log. */
    record Task(String file, Map<String, Object> body, boolean noLogAbove) {
        boolean noLog() {
            return noLogAbove || Boolean.TRUE.equals(body.get("no_log"));
        }

        String name() {
            return file + ": '" + body.getOrDefault("name", body.keySet()) + "'";
        }
    }

    static List<Task> tasks(Source source) {
        List<Task> out = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(source.text())) {
            collect(source.name(), doc, false, out);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void collect(String file, Object node, boolean noLog, List<Task> out) {
        if (node instanceof List<?> list) {
            for (Object item : list) {
                collect(file, item, noLog, out);
            }
        } else if (node instanceof Map<?, ?> map) {
            Map<String, Object> m = new TreeMap<>();
            map.forEach((k, v) -> m.put(String.valueOf(k), v));
            out.add(new Task(file, m, noLog));
            boolean below = noLog || Boolean.TRUE.equals(m.get("no_log"));
            for (String key : TASK_LISTS) {
                if (m.get(key) instanceof List<?> nested) {
                    collect(file, nested, below, out);
                }
            }
        }
    }

    static List<Task> allTasks() throws IOException {
        List<Task> all = new ArrayList<>();
        for (Source s : roleFiles()) {
            all.addAll(tasks(s));
        }
        for (Source s : renderedPlaybooks()) {
            all.addAll(tasks(s));
        }
        return all;
    }

    @Test
    void noShellNoRawAndEveryCommandTakesArgv() throws IOException {
        List<Task> all = allTasks();
        long commands = all.stream().filter(t -> t.body().keySet().stream().anyMatch(COMMAND_MODULES::contains)).count();
        assertTrue(commands > 10, "found only " + commands + " command tasks: is the walk broken?");
        List<String> wrong = shellProblems(all);
        assertTrue(wrong.isEmpty(), "shell-free roles:\n  " + String.join("\n  ", wrong));
    }

    static List<String> shellProblems(List<Task> tasks) {
        List<String> wrong = new ArrayList<>();
        for (Task t : tasks) {
            for (String module : t.body().keySet()) {
                Object args = t.body().get(module);
                if (SHELL_MODULES.contains(module)) {
                    String text = String.valueOf(args);
                    wrong.add(t.name() + " uses " + module + (text.contains("{{") ? " with an interpolated value" : ""));
                }
                if (COMMAND_MODULES.contains(module)) {
                    if (!(args instanceof Map<?, ?> a) || !a.containsKey("argv") || a.containsKey("cmd")
                            || a.containsKey("_raw_params")) {
                        wrong.add(t.name() + ": " + module + " without argv: (" + args + ")");
                    } else if (!(a.get("argv") instanceof List<?>) && !String.valueOf(a.get("argv")).trim().startsWith("{{")) {
                        wrong.add(t.name() + ": argv is neither a list nor one expression (" + a.get("argv") + ")");
                    }
                    if (t.body().get("args") instanceof Map<?, ?> extra && extra.containsKey("cmd")) {
                        wrong.add(t.name() + ": command with args.cmd");
                    }
                }
            }
        }
        return wrong;
    }

    @Test
    void noPipeLookupAnywhere() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Source s : roleFiles()) {
            s.text().lines().filter(l -> PIPE.matcher(l).find()).forEach(l -> wrong.add(s.name() + ": " + l.strip()));
        }
        for (Source s : renderedPlaybooks()) {
            s.text().lines().filter(l -> PIPE.matcher(l).find()).forEach(l -> wrong.add(s.name() + ": " + l.strip()));
        }
        assertTrue(wrong.isEmpty(), "lookup('pipe') runs a shell:\n  " + String.join("\n  ", wrong));
    }

    /**
     * A task whose module arguments or vars read the password (a vars lookup of the variable the
     * model names, or a key named like a password holding a value) logs nothing. Tasks that only
     * name the variable, or the 0600 file it was written to, are not secret and keep their logs.
     */
    @Test
    void everyTaskThatTouchesThePasswordHasNoLog() throws IOException {
        List<Task> all = allTasks();
        long secretTasks = all.stream().filter(t -> !secretHits(t).isEmpty()).count();
        assertTrue(secretTasks >= 2, "found " + secretTasks + " tasks that read the password: is the check broken?");
        List<String> wrong = secretProblems(all);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    static List<String> secretProblems(List<Task> tasks) {
        List<String> wrong = new ArrayList<>();
        for (Task t : tasks) {
            List<String> hits = secretHits(t);
            if (!hits.isEmpty() && !t.noLog()) {
                wrong.add(t.name() + " reads the password (" + hits + ") without no_log: true");
            }
        }
        return wrong;
    }

    /** What of the task's module arguments and vars reads the password. */
    static List<String> secretHits(Task t) {
        Map<String, Object> args = new TreeMap<>(t.body());
        for (String notArgs : List.of("name", "when", "no_log", "register", "loop", "loop_control", "tags",
                "block", "rescue", "always")) {
            args.remove(notArgs);
        }
        List<String> hits = new ArrayList<>();
        scan(args, hits);
        return hits;
    }

    /** The checks are not vacuous: each finds what it looks for in tasks written to break it. */
    @Test
    void theChecksCatchWhatTheyLookFor() {
        List<Task> bad = tasks(new Source("bad.yml", """
                - name: shell
                  ansible.builtin.shell: "rm -rf {{ x }}"
                - name: free-form command
                  ansible.builtin.command: "ls {{ x }}"
                - name: cmd
                  ansible.builtin.command:
                    cmd: ls
                - block:
                    - name: leaks
                      ansible.builtin.copy:
                        content: "{{ lookup('ansible.builtin.vars', msupgrade_directory_password_var) }}"
                        dest: /tmp/x
                    - name: literal
                      ansible.builtin.set_fact:
                        ldap_password: hunter2
                - block:
                    - name: hidden
                      ansible.builtin.debug:
                        msg: "{{ vars[msupgrade_directory_password_var] }}"
                  no_log: true
                """));
        assertEquals(3, shellProblems(bad).size(), () -> String.join("\n", shellProblems(bad)));
        List<String> secrets = secretProblems(bad);
        assertEquals(2, secrets.size(), () -> String.join("\n", secrets));
        assertTrue(secrets.get(0).contains("'leaks'") && secrets.get(1).contains("'literal'"), secrets::toString);
    }

    private static void scan(Object node, List<String> hits) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                String key = String.valueOf(k);
                if (PASSWORD_KEY.matcher(key).matches() && !NOT_A_SECRET_KEY.matcher(key).matches()
                        && v != null && !(v instanceof Map) && !(v instanceof List)) {
                    hits.add(key);
                }
                scan(v, hits);
            });
        } else if (node instanceof List<?> l) {
            l.forEach(v -> scan(v, hits));
        } else if (node instanceof String s && SECRET.matcher(s).find()) {
            hits.add(s.length() > 80 ? s.substring(0, 77) + "..." : s);
        }
    }
}
