package io.msupgrade.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Golden files: expected output kept under {@code generator/src/test/resources/golden/}, compared
 * byte for byte. Never edited by hand: run the tests with {@code -Drecreate=true} and the helper
 * writes what the code produces into the source tree (and deletes files a tree no longer has),
 * then passes, saying so. Review the diff with git before committing it.
 *
 * <pre>
 *   mvn -q -B test -pl generator -Dtest=PlanGoldenTest -Drecreate=true
 * </pre>
 *
 * Paths are relative to the golden folder and use {@code /}.
 */
public final class Golden {

    private Golden() {
    }

    /** The repository root: system property {@code msupgrade.projectRoot} (set by surefire), else {@code ..}. */
    public static Path projectRoot() {
        String r = System.getProperty("msupgrade.projectRoot");
        return (r != null && !r.isBlank() ? Path.of(r) : Path.of("..")).toAbsolutePath().normalize();
    }

    /** The golden folder in the source tree (not the copy on the test class path). */
    public static Path root() {
        return projectRoot().resolve("generator/src/test/resources/golden");
    }

    /** True when the run was asked to rewrite the golden files ({@code -Drecreate=true}). */
    public static boolean recreating() {
        return Boolean.parseBoolean(System.getProperty("recreate", "false").trim());
    }

    public static void check(String relativePath, String actual) {
        check(relativePath, actual.getBytes(StandardCharsets.UTF_8));
    }

    /** Compares one file with its golden copy, or writes it when recreating. */
    public static void check(String relativePath, byte[] actual) {
        Path file = resolve(root(), relativePath);
        if (recreating()) {
            write(file, actual);
            System.out.println("golden: recreated " + relativePath);
            return;
        }
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("golden file missing: " + file + hint());
        }
        byte[] expected = read(file);
        if (!Arrays.equals(expected, actual)) {
            throw new AssertionError("output differs from golden file " + relativePath + ": "
                    + firstDifference(expected, actual) + hint());
        }
    }

    /**
     * Compares a whole tree with the golden folder {@code dir}: the same set of files (extra and missing
     * files are errors) and the same bytes in each. When recreating, the folder becomes exactly
     * {@code files}. Every problem is reported together.
     */
    public static void checkTree(String dir, Map<String, byte[]> files) {
        Path base = resolve(root(), dir);
        Map<String, byte[]> actual = new TreeMap<>(files);
        for (String name : actual.keySet()) {
            resolve(base, name); // rejects paths that leave the folder
        }
        if (recreating()) {
            for (String stale : list(base)) {
                if (!actual.containsKey(stale)) {
                    delete(base.resolve(stale));
                }
            }
            actual.forEach((name, bytes) -> write(base.resolve(name), bytes));
            System.out.println("golden: recreated " + dir + "/ (" + actual.size() + " files)");
            return;
        }
        if (!Files.isDirectory(base)) {
            throw new AssertionError("golden folder missing: " + base + hint());
        }
        TreeSet<String> expected = new TreeSet<>(list(base));
        List<String> problems = new ArrayList<>();
        for (String name : expected) {
            if (!actual.containsKey(name)) {
                problems.add("missing (in golden, not produced): " + name);
            }
        }
        actual.forEach((name, bytes) -> {
            if (!expected.contains(name)) {
                problems.add("extra (produced, not in golden): " + name);
            } else {
                byte[] want = read(base.resolve(name));
                if (!Arrays.equals(want, bytes)) {
                    problems.add("differs: " + name + ": " + firstDifference(want, bytes));
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new AssertionError("tree differs from golden folder " + dir + ":\n  "
                    + String.join("\n  ", problems) + hint());
        }
    }

    /** Where two contents first differ, as line number and both lines. */
    static String firstDifference(byte[] expected, byte[] actual) {
        String[] e = new String(expected, StandardCharsets.UTF_8).split("\n", -1);
        String[] a = new String(actual, StandardCharsets.UTF_8).split("\n", -1);
        int n = Math.min(e.length, a.length);
        for (int i = 0; i < n; i++) {
            if (!e[i].equals(a[i])) {
                return "line " + (i + 1) + "\n    expected: " + e[i] + "\n    actual:   " + a[i];
            }
        }
        if (e.length != a.length) {
            return "expected " + e.length + " lines, got " + a.length;
        }
        return "same text, different bytes (encoding?)";
    }

    private static String hint() {
        return "\n(if the change is intended, rerun with -Drecreate=true and review the diff)";
    }

    private static Path resolve(Path base, String relative) {
        Path p = base.resolve(relative).normalize();
        if (relative.isEmpty() || Path.of(relative).isAbsolute() || !p.startsWith(base)) {
            throw new IllegalArgumentException("not a relative path inside " + base + ": " + relative);
        }
        return p;
    }

    private static List<String> list(Path base) {
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(base)) {
            return s.filter(Files::isRegularFile).map(p -> base.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
            // Remove folders the deletion left empty, up to the golden root.
            Path dir = file.getParent();
            while (dir != null && dir.startsWith(root()) && !dir.equals(root())) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        break;
                    }
                }
                Files.delete(dir);
                dir = dir.getParent();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
