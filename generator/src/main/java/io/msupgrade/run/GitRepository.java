package io.msupgrade.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's git repository that the tree is generated into. Only the paths msupgrade wrote or
 * removed are staged and committed ({@code --pathspec-from-file}), so the user's own files and
 * whatever they had staged stay out of msupgrade's commit.
 */
public final class GitRepository {

    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(5);

    private final Path dir;
    private final Map<String, String> environment;

    public GitRepository(Path dir, Map<String, String> environment) {
        this.dir = dir;
        Map<String, String> env = new LinkedHashMap<>(environment);
        // A commit needs an identity; the user's own wins when they have one configured.
        if (!configured("user.name", environment)) {
            env.putIfAbsent("GIT_AUTHOR_NAME", "msupgrade");
            env.putIfAbsent("GIT_COMMITTER_NAME", "msupgrade");
        }
        if (!configured("user.email", environment)) {
            env.putIfAbsent("GIT_AUTHOR_EMAIL", "msupgrade@localhost");
            env.putIfAbsent("GIT_COMMITTER_EMAIL", "msupgrade@localhost");
        }
        this.environment = Map.copyOf(env);
    }

    /** Makes {@code dir} a repository when it is not one yet. */
    public void ensureRepository() throws IOException {
        Files.createDirectories(dir);
        if (git(List.of("rev-parse", "--is-inside-work-tree")).exitCode() != 0) {
            check(git(List.of("init", "-q")), "git init");
        }
    }

    /**
     * Stages and commits exactly {@code paths} (written or removed).
     *
     * @return false when there was nothing to commit
     */
    public boolean commit(List<String> paths, String message) throws IOException {
        if (paths.isEmpty()) {
            return false;
        }
        Path spec = Files.createTempFile("msupgrade-paths", ".txt");
        Path msg = Files.createTempFile("msupgrade-message", ".txt");
        try {
            // A removed path that git never tracked would make 'git add' fail: keep what exists or is tracked.
            Files.writeString(spec, String.join("\n", paths) + "\n", StandardCharsets.UTF_8);
            java.util.Set<String> trackedPaths = new java.util.HashSet<>(git(List.of("ls-files")).output().lines().toList());
            List<String> wanted = paths.stream()
                    .filter(p -> Files.exists(dir.resolve(p)) || trackedPaths.contains(p)).toList();
            if (wanted.isEmpty()) {
                return false;
            }
            Files.writeString(spec, String.join("\n", wanted) + "\n", StandardCharsets.UTF_8);
            Files.writeString(msg, message, StandardCharsets.UTF_8);
            check(git(List.of("add", "--all", "--pathspec-from-file=" + spec)), "git add");
            // Only our paths count: the user may have staged files of their own, which stay out.
            Result staged = git(List.of("diff", "--cached", "--name-only", "--no-renames"));
            check(staged, "git diff --cached");
            java.util.Set<String> ours = new java.util.HashSet<>(wanted);
            if (staged.output().lines().noneMatch(ours::contains)) {
                return false;
            }
            check(git(List.of("commit", "-q", "--no-verify", "-F", msg.toString(), "--pathspec-from-file=" + spec)),
                    "git commit");
            return true;
        } finally {
            Files.deleteIfExists(spec);
            Files.deleteIfExists(msg);
        }
    }

    /** git's own count of the last commit, e.g. {@code 5 files changed, 12 insertions(+), 12 deletions(-)}. */
    public String lastCommitStat() throws IOException {
        Result r = git(List.of("show", "--shortstat", "--format=", "HEAD"));
        check(r, "git show");
        return r.output().strip();
    }

    private boolean configured(String key, Map<String, String> env) {
        try {
            Result r = run(List.of("git", "config", "--get", key), env);
            return r.exitCode() == 0 && !r.output().isBlank();
        } catch (IOException e) {
            return false;
        }
    }

    private Result git(List<String> args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add("git");
        argv.addAll(args);
        return run(argv, environment);
    }

    private Result run(List<String> argv, Map<String, String> env) throws IOException {
        StringBuilder output = new StringBuilder();
        Path cwd = Files.isDirectory(dir) ? dir : dir.getParent();
        ExternalCommand.Result r = ExternalCommand.of(argv).workingDirectory(cwd).environment(env)
                .timeout(GIT_TIMEOUT)
                .stdout(line -> output.append(line).append('\n'))
                .stderr(line -> output.append(line).append('\n'))
                .build().run();
        return new Result(r.exitCode(), output.toString());
    }

    private static void check(Result r, String what) throws IOException {
        if (r.exitCode() != 0) {
            throw new IOException(what + " failed (exit " + r.exitCode() + "): " + r.output().strip());
        }
    }

    private record Result(int exitCode, String output) {
    }
}
