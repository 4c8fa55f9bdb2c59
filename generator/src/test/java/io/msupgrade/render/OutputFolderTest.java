package io.msupgrade.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFolderTest {

    @TempDir
    Path tmp;

    private static GeneratedTree tree(String... pathsAndContents) {
        GeneratedTree t = new GeneratedTree();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            t.add(pathsAndContents[i], pathsAndContents[i + 1]);
        }
        return t;
    }

    @Test
    void writesTheTreeAndItsManifest() throws Exception {
        Path out = tmp.resolve("out");
        new OutputFolder(out, false, false).write(tree("ansible/a.yml", "a\n", "PLAN.md", "p\n"));
        assertEquals("a\n", Files.readString(out.resolve("ansible/a.yml")));
        assertTrue(Files.readString(out.resolve(Manifest.PATH)).contains("ansible/a.yml"));
        assertFalse(listing(out).contains(".msupgrade-staged"));
    }

    @Test
    void aSecondRunRemovesFilesTheNewTreeNoLongerHasAndKeepsForeignOnes() throws Exception {
        Path out = tmp.resolve("out");
        new OutputFolder(out, false, false).write(tree("ansible/old.yml", "o\n", "ansible/keep.yml", "k\n"));
        Files.writeString(out.resolve("ansible/mine.yml"), "user file\n");
        var changed = new OutputFolder(out, false, false).write(tree("ansible/keep.yml", "k\n", "ansible/new.yml", "n\n"));
        assertFalse(Files.exists(out.resolve("ansible/old.yml")));
        assertEquals("user file\n", Files.readString(out.resolve("ansible/mine.yml")));
        assertTrue(changed.contains("ansible/new.yml") && changed.contains("ansible/old.yml"));
        assertFalse(changed.contains("ansible/keep.yml"), "unchanged files are not rewritten");
    }

    @Test
    void refusesAHandEditedGeneratedFileUnlessForced() throws Exception {
        Path out = tmp.resolve("out");
        new OutputFolder(out, false, false).write(tree("ansible/a.yml", "a\n"));
        Files.writeString(out.resolve("ansible/a.yml"), "edited\n");
        var e = assertThrows(OutputRefusedException.class,
                () -> new OutputFolder(out, false, false).write(tree("ansible/a.yml", "b\n")));
        assertEquals(OutputRefusedException.Reason.HAND_EDITED, e.reason());
        assertTrue(e.getMessage().contains("ansible/a.yml"));
        assertEquals("edited\n", Files.readString(out.resolve("ansible/a.yml")), "left as it was");
        new OutputFolder(out, false, true).write(tree("ansible/a.yml", "b\n"));
        assertEquals("b\n", Files.readString(out.resolve("ansible/a.yml")));
    }

    @Test
    void refusesANonEmptyFolderItDidNotWrite() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("theirs"));
        Files.writeString(out.resolve("notes.txt"), "x");
        var e = assertThrows(OutputRefusedException.class,
                () -> new OutputFolder(out, false, false).write(tree("a", "a")));
        assertEquals(OutputRefusedException.Reason.FOREIGN_FILE, e.reason(), "files of the user's: exit 5, not a usage error");
        assertEquals(1, listing(out).lines().count());
    }

    @Test
    void refusesAFileRootAndHome() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThrows(OutputRefusedException.class, () -> new OutputFolder(file, false, false).checkSafe());
        assertThrows(OutputRefusedException.class, () -> new OutputFolder(Path.of("/"), false, false).checkSafe());
        assertThrows(OutputRefusedException.class,
                () -> new OutputFolder(Path.of(System.getProperty("user.home")), false, false).checkSafe());
    }

    @Test
    void neverWritesThroughASymbolicLink() throws Exception {
        Path out = tmp.resolve("out");
        new OutputFolder(out, false, false).write(tree("ansible/a.yml", "a\n"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(out.resolve("terraform"), elsewhere);
        var e = assertThrows(OutputRefusedException.class,
                () -> new OutputFolder(out, true, false).write(tree("ansible/a.yml", "a\n", "terraform/main.tf", "x")));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals("", listing(elsewhere));
    }

    @Test
    void aFailureWhileStagingLeavesTheFolderAsItWas() throws Exception {
        Path out = tmp.resolve("out");
        new OutputFolder(out, false, false).write(tree("ansible/a.yml", "a\n"));
        String before = listing(out);
        // a folder standing where a file must go makes staging fail halfway
        Files.createDirectories(out.resolve("ansible/zz.yml.msupgrade-staged/blocker"));
        assertThrows(IOException.class, () -> new OutputFolder(out, false, false)
                .write(tree("ansible/a.yml", "changed\n", "ansible/b/new.yml", "n\n", "ansible/zz.yml", "z\n")));
        Files.delete(out.resolve("ansible/zz.yml.msupgrade-staged/blocker"));
        Files.delete(out.resolve("ansible/zz.yml.msupgrade-staged"));
        assertEquals(before, listing(out));
        assertEquals("a\n", Files.readString(out.resolve("ansible/a.yml")));
    }

    @Test
    void aNewFolderIsStagedWholeAndMovedIntoPlace() throws Exception {
        Path out = tmp.resolve("out");
        new OutputFolder(out, false, false).write(tree("ansible/a.yml", "a\n"));
        var changed = new OutputFolder(out, false, false)
                .write(tree("ansible/a.yml", "a\n", "ansible/hosts/h1.yml", "1\n", "ansible/hosts/sub/h2.yml", "2\n"));
        assertEquals("1\n", Files.readString(out.resolve("ansible/hosts/h1.yml")));
        assertEquals("2\n", Files.readString(out.resolve("ansible/hosts/sub/h2.yml")));
        assertEquals(java.util.List.of("ansible/hosts/h1.yml", "ansible/hosts/sub/h2.yml"), changed);
        assertFalse(listing(out).contains(".msupgrade-staged"), listing(out));
    }

    @Test
    void aNewFolderWhoseStagedNameIsTakenIsCreatedAndItsFilesStagedOneByOne() throws Exception {
        Path out = tmp.resolve("out");
        new OutputFolder(out, false, false).write(tree("ansible/a.yml", "a\n"));
        Files.writeString(out.resolve("ansible/hosts.msupgrade-staged"), "not ours\n");
        new OutputFolder(out, false, false).write(tree("ansible/a.yml", "a\n", "ansible/hosts/h1.yml", "1\n"));
        assertEquals("1\n", Files.readString(out.resolve("ansible/hosts/h1.yml")));
        assertEquals("not ours\n", Files.readString(out.resolve("ansible/hosts.msupgrade-staged")));
    }

    @Test
    void aLinkSquattingAStagedNameIsNotFollowed() throws Exception {
        Path out = tmp.resolve("out");
        new OutputFolder(out, false, false).write(tree("ansible/a.yml", "a\n"));
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "keep\n");
        Files.createSymbolicLink(out.resolve("ansible/a.yml.msupgrade-staged"), victim);
        assertThrows(IOException.class, () -> new OutputFolder(out, false, false).write(tree("ansible/a.yml", "b\n")));
        assertEquals("keep\n", Files.readString(victim));
        assertEquals("a\n", Files.readString(out.resolve("ansible/a.yml")));
    }

    @Test
    void aFailureAfterWholeFoldersWereStagedRemovesThem() throws Exception {
        Path out = tmp.resolve("out");
        // ansible/ and terraform/ are staged whole, then the manifest's staging name is found taken
        GeneratedTree t = tree("ansible/x.yml", "x\n", "terraform/main.tf", "m\n");
        Files.createDirectories(out);
        Files.createDirectories(out.resolve(".msupgrade.msupgrade-staged"));
        Files.createDirectories(out.resolve(".msupgrade/manifest.json.msupgrade-staged/blocker"));
        assertThrows(IOException.class, () -> new OutputFolder(out, true, false).write(t));
        assertEquals(".msupgrade\n.msupgrade.msupgrade-staged\n.msupgrade/manifest.json.msupgrade-staged\n"
                + ".msupgrade/manifest.json.msupgrade-staged/blocker\n", listing(out));
    }

    private static String listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted()
                    .reduce("", (a, b) -> a + b + "\n");
        }
    }
}
