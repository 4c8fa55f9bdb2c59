package io.msupgrade.render;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.msupgrade.render.OutputRefusedException.Reason;

/**
 * Writes a generated tree into {@code -o DIR} so that a failure leaves DIR as it was: every file
 * is first staged (beside its target, or inside a staged copy of a folder that does not exist yet;
 * see {@link Staging}), then all are renamed into place; files of the previous
 * generation that the new one no longer has are removed; files msupgrade did not write are never
 * touched. Symbolic links inside DIR are never followed.
 */
public final class OutputFolder {

    private static final String STAGED = ".msupgrade-staged";

    private static final Set<OpenOption> CREATE_NEW =
            Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> CREATE_OR_TRUNCATE = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);

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
        OnDisk disk = new OnDisk(dir);
        Map<String, String> onDiskHashes = checkHandEdits(previous, disk);
        checkForeignCollisions(previous, tree, disk);

        List<String> changed = new ArrayList<>();
        Staging staging = new Staging(disk);
        try {
            if (disk.kind(dir) == Kind.MISSING) {
                staging.createDirectory(dir);
            }
            for (Map.Entry<String, byte[]> f : tree.files().entrySet()) {
                Path target = resolveInside(f.getKey(), disk);
                if (unchanged(f.getKey(), target, next, onDiskHashes, disk)) {
                    continue;
                }
                staging.stage(target, f.getValue());
                changed.add(f.getKey());
            }
            staging.stage(resolveInside(Manifest.PATH, disk), next.toJson());
        } catch (IOException | RuntimeException e) {
            staging.discard();
            throw e;
        }
        staging.moveIntoPlace(resolveInside(Manifest.PATH, disk));
        for (String old : previous.files().keySet()) {
            if (!tree.contains(old)) {
                Path p = resolveInside(old, disk);
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
            // Files of the user's where msupgrade would write: refused (exit 5), --force or not.
            throw new OutputRefusedException(Reason.FOREIGN_FILE, "'" + dir + "' is not empty and was not written by msupgrade"
                    + " (no " + Manifest.PATH + "); name an empty or new folder, or use --git to generate into a repository"
                    + " (--force overwrites only generated files edited by hand, never files of yours)");
        }
        return Manifest.empty();
    }

    /**
     * A generated file whose bytes no longer match the manifest was edited by hand: never clobber it
     * silently. Returns the SHA-256 of every previous file read on the way, so deciding whether a
     * file changed does not read it a second time.
     */
    private Map<String, String> checkHandEdits(Manifest previous, OnDisk disk) throws OutputRefusedException, IOException {
        Map<String, String> hashes = new java.util.HashMap<>();
        if (force) {
            return hashes;
        }
        SortedSet<String> edited = new TreeSet<>();
        for (Map.Entry<String, String> f : previous.files().entrySet()) {
            Path p = resolveInside(f.getKey(), disk);
            if (disk.kind(p) == Kind.FILE) {
                String hash = Manifest.sha256(Files.readAllBytes(p));
                hashes.put(f.getKey(), hash);
                if (!hash.equals(f.getValue())) {
                    edited.add(f.getKey());
                }
            }
        }
        if (!edited.isEmpty()) {
            throw new OutputRefusedException(Reason.HAND_EDITED, "generated files were edited by hand since msupgrade wrote them: "
                    + String.join(", ", edited) + "; move the change into the model (or keep it in a file of your own), "
                    + "or run again with --force to overwrite them");
        }
        return hashes;
    }

    /** A path the new tree needs that holds a file msupgrade never wrote is the user's: refuse. */
    private void checkForeignCollisions(Manifest previous, GeneratedTree tree, OnDisk disk)
            throws OutputRefusedException, IOException {
        SortedSet<String> foreign = new TreeSet<>();
        for (String path : tree.files().keySet()) {
            Kind kind = disk.kind(resolveInside(path, disk));
            // A folder (or anything but a plain file) where a generated file goes would fail the final
            // rename after other files were moved into place: refuse it before anything is written.
            if (kind != Kind.MISSING && (!previous.files().containsKey(path) || kind != Kind.FILE)) {
                foreign.add(path);
            }
        }
        Kind manifest = disk.kind(resolveInside(Manifest.PATH, disk));
        if (manifest != Kind.MISSING && manifest != Kind.FILE) {
            foreign.add(Manifest.PATH);
        }
        if (!foreign.isEmpty()) {
            throw new OutputRefusedException(Reason.FOREIGN_FILE, "files that msupgrade did not write stand where it would write: "
                    + String.join(", ", foreign) + "; move them away first (--force overwrites only generated files"
                    + " edited by hand, never files of yours)");
        }
    }

    /** The path of a generated file; refuses any symbolic link on the way (never write outside DIR). */
    private Path resolveInside(String relative, OnDisk disk) throws IOException {
        Path target = dir.resolve(relative).normalize();
        if (!target.startsWith(dir)) {
            throw new UnsafePathException("path escapes the output folder: " + relative);
        }
        Path p = dir;
        for (Path part : dir.relativize(target)) {
            p = p.resolve(part);
            if (disk.kind(p) == Kind.LINK) {
                throw new UnsafePathException("'" + p + "' is a symbolic link; msupgrade never writes through links");
            }
        }
        return target;
    }

    /**
     * Whether {@code target} holds {@code path}'s new bytes already. The hash of what is on disk was
     * taken by the hand-edit check (unless --force skipped it): equal hashes and sizes mean the same
     * bytes, without reading the file again.
     */
    private static boolean unchanged(String path, Path target, Manifest next, Map<String, String> onDiskHashes, OnDisk disk)
            throws IOException {
        if (disk.kind(target) != Kind.FILE) {
            return false;
        }
        String hash = onDiskHashes.get(path);
        if (hash == null) {
            hash = Manifest.sha256(Files.readAllBytes(target));
        }
        return hash.equals(next.files().get(path));
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

    /** What stands at a path, as far as writing there is concerned. */
    private enum Kind { MISSING, DIRECTORY, FILE, LINK, OTHER }

    /**
     * What is on disk under DIR, looked up once per path ({@code lstat}, never following a link)
     * and remembered: the checks and the staging ask about the same paths and folders again and
     * again, and a path under a missing folder is known missing without asking the file system.
     * A generation of thousands of hosts would otherwise make several system calls, most of them
     * failing with an exception, per file and per folder on its path.
     */
    private static final class OnDisk {
        private final Path dir;
        private final Map<Path, Kind> kinds = new java.util.HashMap<>();

        OnDisk(Path dir) {
            this.dir = dir;
        }

        Kind kind(Path p) throws IOException {
            Kind k = kinds.get(p);
            if (k == null) {
                k = lookUp(p);
                kinds.put(p, k);
            }
            return k;
        }

        private Kind lookUp(Path p) throws IOException {
            if (!p.equals(dir) && p.startsWith(dir) && kind(p.getParent()) != Kind.DIRECTORY) {
                return Kind.MISSING; // nothing stands under a missing folder, a file or a link
            }
            BasicFileAttributes a;
            try {
                // DIR itself may be a link to a folder (the user named it); nothing inside it may.
                a = p.equals(dir) ? Files.readAttributes(p, BasicFileAttributes.class)
                        : Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return Kind.MISSING;
            }
            return a.isSymbolicLink() ? Kind.LINK : a.isDirectory() ? Kind.DIRECTORY
                    : a.isRegularFile() ? Kind.FILE : Kind.OTHER;
        }

        void created(Path p, Kind k) {
            kinds.put(p, k);
        }
    }

    /**
     * The staging of one write. A file whose folder exists is staged beside its target
     * ({@code NAME.msupgrade-staged}) and renamed over it. A folder that does not exist yet is
     * staged whole under {@code NAME.msupgrade-staged} beside where it goes, with its files under
     * their final names, and renamed into place in one step: a first generation of thousands of
     * hosts moves three folders into DIR instead of renaming thousands of files.
     *
     * <p>Durability: nothing is fsynced. What staging promises is about the failures msupgrade sees
     * (a refusal, a full disk, something in the way): DIR is left as it was. It does not promise a
     * consistent DIR after a power loss or a kernel crash during the run: the renames can reach the
     * disk before the data, so a file can read back empty or old after the crash. Syncing every
     * file and folder would cost a disk flush or more per file, thousands for a fleet, for data the
     * model regenerates: after such a crash the damaged files no longer match the manifest, so the
     * next run refuses them as hand-edited and {@code generate --force} rewrites them (a damaged
     * manifest makes the next run refuse the folder; generating into a new one recovers).
     */
    private final class Staging {
        private final OnDisk disk;
        /** Folders this run created outside staged folders, newest last. */
        private final Deque<Path> createdDirs = new ArrayDeque<>();
        /** Staged file or folder, then where it goes, in the order they were staged. */
        private final Map<Path, Path> moves = new java.util.LinkedHashMap<>();
        /** For each missing folder under DIR: its staged folder, or itself when it cannot be staged. */
        private final Map<Path, Path> stagedFolders = new java.util.HashMap<>();

        Staging(OnDisk disk) {
            this.disk = disk;
        }

        void createDirectory(Path d) throws IOException {
            List<Path> missing = new ArrayList<>();
            for (Path p = d; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
                missing.add(0, p);
            }
            for (Path p : missing) {
                Files.createDirectory(p);
                createdDirs.push(p);
                disk.created(p, Kind.DIRECTORY);
            }
        }

        void stage(Path target, byte[] content) throws IOException {
            Path missing = topmostMissingFolder(target);
            Path staged = missing == null ? null : stagedFolder(missing);
            if (staged == null) {
                if (missing != null) {
                    createDirectory(target.getParent()); // its staged name is taken: create it for real
                }
                Path temp = target.resolveSibling(target.getFileName() + STAGED);
                writeFile(temp, content, false);
                moves.put(temp, target); // only once written: what stood at temp before is not ours to remove
            } else {
                Path file = staged.resolve(missing.relativize(target));
                Path parent = file.getParent();
                if (disk.kind(parent) != Kind.DIRECTORY) {
                    Files.createDirectories(parent); // inside our own staged folder
                    disk.created(parent, Kind.DIRECTORY);
                }
                writeFile(file, content, true);
            }
        }

        /** The outermost folder on the way from DIR to {@code target} that does not exist, if any. */
        private Path topmostMissingFolder(Path target) throws IOException {
            Path p = dir;
            for (Path part : dir.relativize(target.getParent())) {
                p = p.resolve(part);
                Kind k = disk.kind(p);
                if (k == Kind.MISSING) {
                    return p;
                }
                if (k != Kind.DIRECTORY) {
                    return null; // a file in the way: the write fails, and discard() cleans up
                }
            }
            return null;
        }

        /** Makes {@code missing}'s staged folder on first use; null when its staged name is taken. */
        private Path stagedFolder(Path missing) throws IOException {
            Path staged = stagedFolders.get(missing);
            if (staged == null && !stagedFolders.containsKey(missing)) {
                Path candidate = missing.resolveSibling(missing.getFileName() + STAGED);
                if (disk.kind(candidate) == Kind.MISSING) {
                    moves.put(candidate, missing);
                    Files.createDirectory(candidate);
                    disk.created(candidate, Kind.DIRECTORY);
                    staged = candidate;
                }
                stagedFolders.put(missing, staged);
            }
            return staged;
        }

        /**
         * One {@code open}, as few {@code write}s as the kernel allows, one {@code close}. Never
         * through a link (O_NOFOLLOW): a link squatting a staged name is refused, not followed.
         */
        private void writeFile(Path file, byte[] content, boolean createNew) throws IOException {
            try (FileChannel ch = FileChannel.open(file, createNew ? CREATE_NEW : CREATE_OR_TRUNCATE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
            }
        }

        /**
         * Renames everything staged into place, the manifest (or the staged folder holding it) last,
         * so it never names a file before the file is there.
         */
        void moveIntoPlace(Path manifest) throws IOException {
            List<Map.Entry<Path, Path>> order = new ArrayList<>(moves.entrySet());
            for (int i = 0; i < order.size(); i++) {
                if (manifest.startsWith(order.get(i).getValue())) {
                    order.add(order.remove(i));
                    break;
                }
            }
            for (int i = 0; i < order.size(); i++) {
                Map.Entry<Path, Path> m = order.get(i);
                try {
                    Files.move(m.getKey(), m.getValue(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException | RuntimeException e) {
                    for (Map.Entry<Path, Path> rest : order.subList(i, order.size())) {
                        deleteStaged(rest.getKey()); // no staged files left behind
                    }
                    throw e;
                }
            }
        }

        /** After a failure while staging: removes what was staged and the folders this run created. */
        void discard() throws IOException {
            for (Path p : moves.keySet()) {
                deleteStaged(p);
            }
            while (!createdDirs.isEmpty()) {
                Files.deleteIfExists(createdDirs.pop());
            }
        }

        /** A staged file, or a staged folder with everything in it (all of it made by this run). */
        private void deleteStaged(Path p) throws IOException {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(q);
                    }
                }
            } else {
                Files.deleteIfExists(p);
            }
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
