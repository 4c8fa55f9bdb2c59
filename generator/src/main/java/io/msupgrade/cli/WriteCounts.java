package io.msupgrade.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.msupgrade.render.GeneratedTree;
import io.msupgrade.render.Manifest;

/**
 * What one generation did to DIR, counted as the user counts the files on disk: the generated files
 * and msupgrade's manifest ({@value Manifest#PATH}), which is written with them.
 *
 * @param total   the files msupgrade keeps in DIR after the write (the tree and the manifest)
 * @param written the files whose bytes this write created or changed
 * @param removed the files of the previous generation the model no longer generates
 */
record WriteCounts(int total, int written, int removed) {

    /** The manifest DIR holds before a write, to tell whether the write changes it; empty if none (or unreadable). */
    static Optional<Manifest> manifestBefore(Path dir) {
        try {
            return Manifest.readFrom(dir);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * @param changed the paths {@code OutputFolder.write} reports: generated files written or removed
     * @param before  the manifest DIR held before the write
     */
    static WriteCounts of(GeneratedTree tree, List<String> changed, Optional<Manifest> before) {
        int removed = (int) changed.stream().filter(p -> !tree.contains(p)).count();
        boolean manifestChanged = before.map(Manifest::files).map(f -> !f.equals(Manifest.of(tree).files())).orElse(true);
        return new WriteCounts(tree.files().size() + 1, changed.size() - removed + (manifestChanged ? 1 : 0), removed);
    }

    /** One line: {@code wrote 136 files to DIR}, {@code wrote 4 of the 136 files ...}, or that nothing changed. */
    String describe(Path dir) {
        if (written == 0 && removed == 0) {
            return "msupgrade: " + dir + " already holds the " + total + " files the model generates; nothing written";
        }
        if (written == total && removed == 0) {
            return "msupgrade: wrote " + total + " files to " + dir;
        }
        return "msupgrade: wrote " + written + " of the " + total + " files to " + dir + " (" + (total - written)
                + " unchanged" + (removed == 0 ? "" : "; " + removed + " removed: the model no longer generates "
                + (removed == 1 ? "it" : "them")) + ")";
    }
}
