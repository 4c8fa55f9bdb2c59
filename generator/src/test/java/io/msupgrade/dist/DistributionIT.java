package io.msupgrade.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release a user installs ({@code generator/target/msupgrade-VERSION.tar.gz}, built by
 * {@code mvn package}): unpacked in a folder of its own, outside the source tree, and run through
 * its {@code bin/msupgrade} with a PATH that holds Java and the two tools the launcher uses, no
 * Maven, no Python, no Ansible. Runs in {@code mvn verify} (failsafe), after the archive is built,
 * so it never skips on a fresh clone.
 */
class DistributionIT {

    @TempDir
    static Path tmp;

    private static Path archive;
    private static Path home;
    /** PATH for the "Java alone" runs: links to java and the launcher's ls and dirname. */
    private static Path javaOnly;

    @BeforeAll
    static void unpack() throws Exception {
        archive = Path.of(System.getProperty("msupgrade.distribution", "missing"));
        assertTrue(Files.isRegularFile(archive), "no release archive at " + archive + " (mvn package builds it)");
        Path unpacked = Files.createDirectories(tmp.resolve("install"));
        Result tar = exec(unpacked, System.getenv("PATH"), "tar", "-xzf", archive.toString());
        assertEquals(0, tar.code(), tar.output());
        home = unpacked.resolve("msupgrade-" + version());
        javaOnly = Files.createDirectories(tmp.resolve("path"));
        Files.createSymbolicLink(javaOnly.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        for (String tool : List.of("ls", "dirname")) {
            Files.createSymbolicLink(javaOnly.resolve(tool), which(tool));
        }
    }

    @Test
    void theChecksumBesideTheArchiveIsItsSha256() throws Exception {
        Path sums = archive.resolveSibling(archive.getFileName() + ".sha256");
        String line = Files.readString(sums).trim();
        assertEquals(sha256(archive) + "  " + archive.getFileName(), line, "sha256sum -c reads this line");
    }

    @Test
    void theArchiveHoldsTheLauncherTheJarAndWhatAUserReads() {
        for (String part : List.of("bin/msupgrade", "lib/msupgrade.jar", "README.md", "LICENSE",
                "samples/solaris-zfs-cluster.yaml", "docs/model.md")) {
            assertTrue(Files.isRegularFile(home.resolve(part)), part + " is missing from the release");
        }
        assertTrue(Files.isExecutable(home.resolve("bin/msupgrade")), "bin/msupgrade is not executable");
    }

    @Test
    void versionNamesTheReleaseAndTheTargetItUpgradesTo() throws Exception {
        Result r = msupgrade(tmp, javaOnly.toString(), "--version");
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("msupgrade " + version()), r.output());
        assertTrue(r.output().contains("Messaging Server to 8.1.0"), r.output());
    }

    @Test
    void everyModelCommandWorksWithJavaAloneOnThePath() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        try (Stream<Path> samples = Files.list(home.resolve("samples"))) {
            for (Path sample : samples.sorted().toList()) {
                Result validate = msupgrade(work, javaOnly.toString(), "validate", sample.toString());
                assertEquals(0, validate.code(), validate.output());
                Result plan = msupgrade(work, javaOnly.toString(), "plan", sample.toString(), "--format", "json");
                assertEquals(0, plan.code(), plan.output());
                assertTrue(plan.output().contains("\"waves\""), plan.output());
            }
        }
        Path sample = home.resolve("samples/coexistence-sparc-to-linux.yaml");
        Result generate = msupgrade(work, javaOnly.toString(), "generate", sample.toString(), "-o", "out");
        assertEquals(0, generate.code(), generate.output());
        assertTrue(Files.isRegularFile(work.resolve("out/ansible/playbooks/site.yml")), generate.output());
        assertTrue(Files.isRegularFile(work.resolve("out/PLAN.md")), generate.output());
        Result schema = msupgrade(work, javaOnly.toString(), "schema");
        assertEquals(0, schema.code(), schema.output());
        assertTrue(schema.output().contains("\"$schema\""), schema.output());
    }

    @Test
    void theLauncherFindsItsJarThroughALink() throws Exception {
        Path links = Files.createDirectories(tmp.resolve("links"));
        Path link = links.resolve("msupgrade");
        Files.createSymbolicLink(link, home.resolve("bin/msupgrade"));
        Result r = exec(tmp, javaOnly.toString(), link.toString(), "--version");
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("msupgrade " + version()), r.output());
    }

    /**
     * rehearse needs ansible-playbook and Python 3 (as from a checkout), so this one runs with the
     * machine's PATH; what it proves is that the simulator and the roles travel in the jar: the
     * rehearsal runs from the unpacked release, in a folder outside the source tree.
     */
    @Test
    void aRehearsalRunsFromTheRelease() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("rehearse"));
        Result r = msupgrade(work, System.getenv("PATH"), "rehearse",
                home.resolve("samples/linux-frontends-inplace.yaml").toString(), "-o", "out", "--scenario", "upgrade");
        assertEquals(0, r.code(), r.output());
        assertTrue(Files.readString(work.resolve("out/rehearsal/report.md")).contains("PASSED"), r.output());
    }

    private static String version() {
        return System.getProperty("msupgrade.version", "0.0.0");
    }

    private static Result msupgrade(Path dir, String path, String... args) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(home.resolve("bin/msupgrade").toString());
        argv.addAll(List.of(args));
        return exec(dir, path, argv.toArray(String[]::new));
    }

    private record Result(int code, String output) {
    }

    /** Runs argv in dir with only PATH and HOME set (no JAVA_HOME, no Maven settings). */
    private static Result exec(Path dir, String path, String... argv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", path);
        env.put("HOME", tmp.toString());
        env.put("LANG", "C.UTF-8");
        Path log = Files.createTempFile(tmp, "run", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", argv) + " did not finish");
        }
        return new Result(p.exitValue(), String.join(" ", argv) + "\n" + Files.readString(log));
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError(tool + " is not on the PATH");
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
