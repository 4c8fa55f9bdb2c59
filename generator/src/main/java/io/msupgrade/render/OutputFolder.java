package io.msupgrade.render;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.msupgrade.render.OutputRefusedException.Reason;

/**
 * Writes a generated tree into {@code -o DIR} so that a failure leaves DIR as it was: every file
 * is first staged beside its target, then all are renamed into place; files of the previous
 * generation that the new one no longer has are removed; files msupgrade did not write are never
 * touched. Symbolic links inside DIR are never followed.
 */
public final class OutputFolder {

    private static final String STAGED = ".msupgrade-staged";

    private final Path dir;
    private final boolean allowForeignFiles;
    private final boolean force;

    /**
     * @param allowForeignFiles true with {@code --git}: DIR may be a repository with files of its own
     * @param force             overwrite generated files that were edited by hand
     */
    public OutputFolder(Path dir, boolean allowForeignFiles, boolean force) {
        this.dir = dir.toAbsolutePath().normalize();
        this.allowForeignFiles = allowForeignFiles;
        this.force = force;
    }

    public Path path() {
        return dir;
    }

    /** Refuses folders no generator should write into: a file, '/', the home folder. */
    public void checkSafe() throws OutputRefusedException {
        if (dir.getParent() == null) {
            throw new OutputRefusedException(Reason.UNSAFE_FOLDER, "refusing to write into '" + dir + "': it is the root folder");
        }
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
        if (dir.equals(home)) {
            throw new OutputRefusedException(Reason.UNSAFE_FOLDER,
                    "refusing to write into your home folder '" + dir + "'; name a folder of its own, e.g. " + dir.resolve("msupgrade-out"));
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
            throw new OutputRefusedException(Reason.UNSAFE_FOLDER, "'" + dir + "' is a file, not a folder");
        }
    }

    /**
     * Writes {@code tree} and its manifest. Returns the paths that changed (written or removed).
     *
     * @throws OutputRefusedException when DIR is not ours to write, or a generated file was edited by hand
     */
    public List<String> write(GeneratedTree tree) throws OutputRefusedException, IOException {
        try {
            return writeChecked(tree);
        } catch (UnsafePathException e) {
            throw new OutputRefusedException(Reason.UNSAFE_FOLDER, e.getMessage());
        }
    }

    private List<String> writeChecked(GeneratedTree tree) throws OutputRefusedException, IOException {
        checkSafe();
        Manifest previous = previousManifest();
        Manifest next = Manifest.of(tree);
        checkHandEdits(previous);
        checkForeignCollisions(previous, tree);

        List<String> changed = new ArrayList<>();
        List<Path> staged = new ArrayList<>();
        Deque<Path> createdDirs = new ArrayDeque<>();
        try {
            if (!Files.exists(dir)) {
                createDirectories(dir, createdDirs);
            }
            for (Map.Entry<String, byte[]> f : tree.files().entrySet()) {
                Path target = resolveInside(f.getKey());
                if (unchanged(target, f.getValue())) {
                    continue;
                }
                createDirectories(target.getParent(), createdDirs);
                Path temp = target.resolveSibling(target.getFileName() + STAGED);
                Files.write(temp, f.getValue());
                staged.add(temp);
                changed.add(f.getKey());
            }
            Path manifestTarget = resolveInside(Manifest.PATH);
            createDirectories(manifestTarget.getParent(), createdDirs);
            Path manifestTemp = manifestTarget.resolveSibling(manifestTarget.getFileName() + STAGED);
            Files.write(manifestTemp, next.toJson());
            staged.add(manifestTemp);
        } catch (IOException | RuntimeException e) {
            for (Path p : staged) {
                Files.deleteIfExists(p);
            }
            while (!createdDirs.isEmpty()) {
                Files.deleteIfExists(createdDirs.pop());
            }
            throw e;
        }
        for (int i = 0; i < staged.size(); i++) {
            Path temp = staged.get(i);
            String name = temp.getFileName().toString();
            Path target = temp.resolveSibling(name.substring(0, name.length() - STAGED.length()));
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                for (Path rest : staged.subList(i, staged.size())) {
                    Files.deleteIfExists(rest); // no staged files left behind
                }
                throw e;
            }
        }
        for (String old : previous.files().keySet()) {
            if (!tree.contains(old)) {
                Path p = resolveInside(old);
                if (Files.deleteIfExists(p)) {
                    changed.add(old);
                }
                removeEmptyParents(p.getParent());
            }
        }
        return changed;
    }

    private Manifest previousManifest() throws OutputRefusedException, IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Manifest.empty();
        }
        var manifest = Manifest.readFrom(dir);
        if (manifest.isPresent()) {
            return manifest.get();
        }
        if (!allowForeignFiles && !isEmpty(dir)) {
            throw new OutputRefusedException(Reason.UNSAFE_FOLDER, "'" + dir + "' is not empty and was not written by msupgrade"
                    + " (no " + Manifest.PATH + "); name an empty or new folder, or use --git to generate into a repository");
        }
        return Manifest.empty();
    }

    /** A generated file whose bytes no longer match the manifest was edited by hand: never clobber it silently. */
    private void checkHandEdits(Manifest previous) throws OutputRefusedException, IOException {
        if (force) {
            return;
        }
        SortedSet<String> edited = new TreeSet<>();
        for (Map.Entry<String, String> f : previous.files().entrySet()) {
            Path p = resolveInside(f.getKey());
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                    && !Manifest.sha256(Files.readAllBytes(p)).equals(f.getValue())) {
                edited.add(f.getKey());
            }
        }
        if (!edited.isEmpty()) {
            throw new OutputRefusedException(Reason.HAND_EDITED, "generated files were edited by hand since msupgrade wrote them: "
                    + String.join(", ", edited) + "; move the change into the model (or keep it in a file of your own), "
                    + "or run again with --force to overwrite them");
        }
    }

    /** A path the new tree needs that holds a file msupgrade never wrote is the user's: refuse. */
    private void checkForeignCollisions(Manifest previous, GeneratedTree tree) throws OutputRefusedException {
        SortedSet<String> foreign = new TreeSet<>();
        for (String path : tree.files().keySet()) {
            Path p = resolveInside(path);
            // A folder (or anything but a plain file) where a generated file goes would fail the final
            // rename after other files were moved into place: refuse it before anything is written.
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                    && (!previous.files().containsKey(path) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))) {
                foreign.add(path);
            }
        }
        Path manifest = resolveInside(Manifest.PATH);
        if (Files.exists(manifest, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
            foreign.add(Manifest.PATH);
        }
        if (!foreign.isEmpty()) {
            throw new OutputRefusedException(Reason.FOREIGN_FILE, "files that msupgrade did not write stand where it would write: "
                    + String.join(", ", foreign) + "; move them away first");
        }
    }

    /** The path of a generated file; refuses any symbolic link on the way (never write outside DIR). */
    private Path resolveInside(String relative) {
        Path target = dir.resolve(relative).normalize();
        if (!target.startsWith(dir)) {
            throw new UnsafePathException("path escapes the output folder: " + relative);
        }
        Path p = dir;
        for (Path part : dir.relativize(target)) {
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) {
                throw new UnsafePathException("'" + p + "' is a symbolic link; msupgrade never writes through links");
            }
        }
        return target;
    }

    private static boolean unchanged(Path target, byte[] content) throws IOException {
        return Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && Files.size(target) == content.length
                && Arrays.equals(Files.readAllBytes(target), content);
    }

    private static void createDirectories(Path d, Deque<Path> created) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = d; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
            created.push(p);
        }
    }

    private void removeEmptyParents(Path d) throws IOException {
        for (Path p = d; p != null && p.startsWith(dir) && !p.equals(dir); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (DirectoryNotEmptyException e) {
                return;
            }
        }
    }

    private static boolean isEmpty(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }

    /** Thrown from path checks inside loops; {@link #write} turns it into {@link OutputRefusedException}. */
    private static final class UnsafePathException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsafePathException(String message) {
            super(message);
        }
    }
}
