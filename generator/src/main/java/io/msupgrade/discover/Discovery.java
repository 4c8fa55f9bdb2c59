package io.msupgrade.discover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.msupgrade.render.TemplateTree;
import io.msupgrade.run.AnsibleRunner;

/**
 * Runs the read-only discover play ({@code playbooks/discover.yml}, role {@code discover}) with
 * the real ansible-playbook against the operator's inventory and collects each host's result.
 *
 * <p>The play and its role are the shipped ones, copied into a private working folder; each
 * host's last result is written there by Ansible's built-in {@code tree} callback (one JSON file
 * per host, unreachable hosts included), which is how the results come back without parsing
 * Ansible's screen output.
 */
public final class Discovery {

    static final String PLAYBOOK = "discover";
    private static final String TEMPLATE_ROOT = "templates/ansible";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A recap line: {@code host : ok=1 changed=0 unreachable=0 failed=0 ...}. */
    private static final Pattern RECAP = Pattern.compile("^(\\S+)\\s+:\\s+ok=\\d+\\s+changed=\\d+\\s+unreachable=(\\d+)\\s+failed=(\\d+)");

    private final Map<String, String> environment;
    private final Duration timeout;

    /** @param environment the environment ansible-playbook runs with (the caller's, or a rehearsal's) */
    public Discovery(Map<String, String> environment, Duration timeout) {
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
    }

    /** The outcome of one discover run: each host's report, by name, and the playbook's exit. */
    public record Result(List<HostReport> hosts, int exitCode, boolean timedOut, List<String> output) {

        public long readCount() {
            return hosts.stream().filter(h -> h.status() == HostReport.Status.READ).count();
        }
    }

    /**
     * Runs the play against {@code inventory} (limited to {@code limit} when not null).
     *
     * @param work     an empty private folder for the play, its results and its log
     * @param progress receives Ansible's progress lines
     */
    public Result run(Path inventory, String limit, Path work, Consumer<String> progress) throws IOException {
        Path ansibleDir = work.resolve("ansible");
        Path tree = work.resolve("results");
        Files.createDirectories(tree);
        for (Map.Entry<String, byte[]> f : TemplateTree.load(TEMPLATE_ROOT,
                p -> p.equals("ansible.cfg") || p.equals("playbooks/" + PLAYBOOK + ".yml")
                        || p.startsWith("roles/discover/")).entrySet()) {
            Path target = ansibleDir.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, f.getValue());
        }
        Map<String, String> env = new LinkedHashMap<>(environment);
        String enabled = env.getOrDefault("ANSIBLE_CALLBACKS_ENABLED", "");
        env.put("ANSIBLE_CALLBACKS_ENABLED", enabled.isBlank() ? "tree" : enabled + ",tree");
        env.put("ANSIBLE_CALLBACK_TREE_DIR", tree.toAbsolutePath().toString());
        env.put("ANSIBLE_RETRY_FILES_ENABLED", "0");
        List<String> args = new ArrayList<>();
        if (limit != null) {
            args.add("--limit");
            args.add(limit);
        }
        AnsibleRunner runner = new AnsibleRunner(ansibleDir.toAbsolutePath(), inventory.toAbsolutePath().toString(),
                env, timeout);
        List<String> output = new ArrayList<>();
        Map<String, int[]> recap = new TreeMap<>();
        AnsibleRunner.Outcome outcome = runner.run(PLAYBOOK, args, work.resolve("discover.log"), line -> {
            output.add(line);
            Matcher m = RECAP.matcher(line);
            if (m.find()) {
                recap.put(m.group(1), new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))});
            }
        }, progress, null);
        Map<String, HostReport> reports = new TreeMap<>();
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path f : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                String name = tree.relativize(f).toString();
                reports.put(name, report(name, Files.readString(f)));
            }
        }
        recap.forEach((name, counts) -> reports.computeIfAbsent(name, n -> new HostReport(n,
                counts[0] > 0 ? HostReport.Status.UNREACHABLE : HostReport.Status.FAILED, Map.of(),
                List.of("ansible-playbook reported no result for this host"))));
        return new Result(List.copyOf(reports.values()), outcome.result().exitCode(), outcome.result().timedOut(),
                List.copyOf(output));
    }

    /** One host's result file (the module's result, or Ansible's word that it failed). */
    static HostReport report(String name, String json) {
        Map<String, Object> r;
        try {
            r = JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            return new HostReport(name, HostReport.Status.FAILED, Map.of(), List.of("unreadable result: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        if (r.get("problems") instanceof List<?> l) {
            l.forEach(p -> problems.add(String.valueOf(p)));
        }
        if (Boolean.TRUE.equals(r.get("unreachable"))) {
            return new HostReport(name, HostReport.Status.UNREACHABLE, Map.of(), List.of(String.valueOf(r.get("msg"))));
        }
        if (Boolean.TRUE.equals(r.get("failed")) || !(r.get("discovered") instanceof Map<?, ?>)) {
            problems.add(String.valueOf(r.getOrDefault("msg", "the discover module returned no result")));
            return new HostReport(name, HostReport.Status.FAILED, Map.of(), problems);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> found = (Map<String, Object>) r.get("discovered");
        HostReport.Status status = Boolean.TRUE.equals(found.get("messaging_server"))
                ? HostReport.Status.READ : HostReport.Status.NO_MESSAGING_SERVER;
        return new HostReport(name, status, found, problems);
    }
}
