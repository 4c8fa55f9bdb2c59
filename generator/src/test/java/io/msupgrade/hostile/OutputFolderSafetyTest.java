package io.msupgrade.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.msupgrade.cli.ExitCode;
import io.msupgrade.testing.Samples;

/**
 * The output folder at the command line: refused folders give an exit code and a message and
 * change nothing; links inside -o are never followed out of it; a write that fails halfway leaves
 * -o byte-identical (a full listing of paths, kinds, link targets and SHA-256 compared before/after).
 */
class OutputFolderSafetyTest {

    @TempDir
    Path tmp;

    private static Path sample() {
        return Samples.projectRoot().resolve("samples/linux-frontends-inplace.yaml");
    }

    /** The same sample with another batch size: group_vars/all.yml and the manifest change. */
    private Path changedSample() throws IOException {
        String s = Files.readString(sample());
        String changed = s.replace("  password_var: vault_dm_password\n",
                "  password_var: vault_dm_password\n\nmigration:\n  batch_size: 7\n");
        assertNotEquals(s, changed);
        return Files.writeString(tmp.resolve("changed.yaml"), changed);
    }

    /** Every entry under {@code dir} (links not followed): kind, link target or content hash. */
    static Map<String, String> listing(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted().toList()) {
                String rel = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "link -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(rel, "dir");
                } else {
                    out.put(rel, "file " + HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
                }
            }
        }
        return out;
    }

    private static void assertRefused(Cli.Run r, int code, String message) {
        assertEquals(code, r.code(), r::all);
        assertTrue(r.err().contains(message), () -> "expected '" + message + "'\n" + r.all());
        Cli.assertNoLeak(r);
    }

    @Test
    void aFileIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "mine\n");
        Cli.Run r = Cli.run("generate", sample().toString(), "-o", file.toString());
        assertRefused(r, ExitCode.USAGE, "is a file, not a folder");
        assertEquals("mine\n", Files.readString(file));
    }

    @Test
    void theRootFolderIsRefused() {
        Cli.Run r = Cli.run("generate", sample().toString(), "-o", "/");
        assertRefused(r, ExitCode.USAGE, "it is the root folder");
    }

    /** An empty home folder would be a fine output folder but for being home: the check itself is tested. */
    @Test
    void theHomeFolderIsRefused() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        String saved = System.getProperty("user.home");
        try {
            System.setProperty("user.home", home.toString());
            Cli.Run r = Cli.run("generate", sample().toString(), "-o", home.toString());
            assertRefused(r, ExitCode.USAGE, "refusing to write into your home folder");
            Cli.Run viaDots = Cli.run("generate", sample().toString(), "-o", home.resolve("x/..").toString());
            assertRefused(viaDots, ExitCode.USAGE, "refusing to write into your home folder");
        } finally {
            System.setProperty("user.home", saved);
        }
        assertEquals(Map.of("", "dir"), listing(home));
    }

    @Test
    void aNonEmptyFolderMsupgradeDidNotWriteIsRefused() throws Exception {
        Path theirs = Files.createDirectories(tmp.resolve("theirs/sub"));
        Files.writeString(theirs.resolve("a.txt"), "a");
        Files.writeString(theirs.getParent().resolve("b.txt"), "b");
        Map<String, String> before = listing(theirs.getParent());
        Cli.Run r = Cli.run("generate", sample().toString(), "-o", theirs.getParent().toString());
        assertRefused(r, ExitCode.OUTPUT_REFUSED, "is not empty and was not written by msupgrade");
        assertTrue(r.err().contains("nothing was written"), r::all);
        assertEquals(before, listing(theirs.getParent()));
        // README: "files of yours stand where msupgrade would write" is 5, and --force does not change that
        Cli.Run forced = Cli.run("generate", sample().toString(), "-o", theirs.getParent().toString(), "--force");
        assertRefused(forced, ExitCode.OUTPUT_REFUSED, "never files of yours");
        assertEquals(before, listing(theirs.getParent()));
    }

    /** A link inside -o that leads out of it, where a generated folder or file stands. */
    @ParameterizedTest
    @ValueSource(strings = {"ansible/inventory/group_vars", "ansible/inventory/group_vars/all.yml", "PLAN.md"})
    void aSymbolicLinkInsideOutputLeadingOutIsNeverFollowed(String where) throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, Cli.run("generate", sample().toString(), "-o", out.toString()).code());
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("all.yml"), "outside\n");
        Files.writeString(outside.resolve("PLAN.md"), "outside\n");
        Path link = out.resolve(where);
        if (Files.isDirectory(link)) {
            try (Stream<Path> s = Files.walk(link)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Files.createSymbolicLink(link, outside);
        } else {
            Files.delete(link);
            Files.createSymbolicLink(link, outside.resolve(link.getFileName().toString()));
        }
        Map<String, String> beforeOut = listing(out);
        Map<String, String> beforeOutside = listing(outside);
        for (String model : new String[] {sample().toString(), changedSample().toString()}) {
            Cli.Run r = Cli.run("generate", model, "-o", out.toString(), "--force");
            assertRefused(r, ExitCode.USAGE, "is a symbolic link; msupgrade never writes through links");
            assertEquals(beforeOut, listing(out), "-o changed");
            assertEquals(beforeOutside, listing(outside), "the folder outside -o changed");
        }
    }

    /** A folder where a generated file goes: refused before anything is written. */
    @Test
    void aFolderWhereAGeneratedFileGoesIsRefusedUpFront() throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, Cli.run("generate", sample().toString(), "-o", out.toString()).code());
        Files.delete(out.resolve("PLAN.md"));
        Files.createDirectories(out.resolve("PLAN.md/inside"));
        Map<String, String> before = listing(out);
        Cli.Run r = Cli.run("generate", changedSample().toString(), "-o", out.toString(), "--force");
        assertRefused(r, ExitCode.OUTPUT_REFUSED, "PLAN.md");
        assertEquals(before, listing(out));
    }

    /**
     * A failure injected halfway: a folder squats the staging name of a file msupgrade must rewrite
     * (root can write into read-only folders, so permissions cannot inject it). Files before it were
     * staged already; all are removed, and -o is byte-identical.
     */
    @ParameterizedTest
    @ValueSource(strings = {".msupgrade/manifest.json.msupgrade-staged",
        "ansible/inventory/group_vars/all.yml.msupgrade-staged"})
    void aWriteThatFailsHalfwayLeavesOutputAsItWas(String squat) throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, Cli.run("generate", sample().toString(), "-o", out.toString()).code());
        Files.createDirectories(out.resolve(squat).resolve("x"));
        Map<String, String> before = listing(out);
        Cli.Run r = Cli.run("generate", changedSample().toString(), "-o", out.toString());
        assertRefused(r, ExitCode.OUTPUT_REFUSED, "nothing was changed in " + out);
        assertTrue(r.err().contains("cannot write into " + out), r::all);
        assertEquals(before, listing(out), "-o is not as it was");
        assertFalse(listing(out).keySet().stream().anyMatch(p -> p.endsWith(".msupgrade-staged") && !p.equals(squat)),
                "staged files left behind");
    }

    /** A failed run into a new folder leaves no folder behind. */
    @Test
    void aFailedFirstRunLeavesNoFolder() throws Exception {
        Path parent = Files.createDirectories(tmp.resolve("parent"));
        Path out = parent.resolve("new/out");
        Files.writeString(parent.resolve("new"), "a file where a folder must go\n");
        Cli.Run r = Cli.run("generate", sample().toString(), "-o", out.toString());
        assertEquals(ExitCode.OUTPUT_REFUSED, r.code(), r::all);
        Cli.assertNoLeak(r);
        assertEquals("a file where a folder must go\n", Files.readString(parent.resolve("new")));
        assertEquals(2, listing(parent).size(), listing(parent)::toString);
    }
}
