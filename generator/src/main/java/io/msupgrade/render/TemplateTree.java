package io.msupgrade.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A tree of template files shipped in the jar ({@code templates/ansible}, {@code templates/terraform}),
 * read the same way from a jar or from target/classes. Paths are relative, '/'-separated.
 */
public final class TemplateTree {

    private static final Map<String, SortedMap<String, byte[]>> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private TemplateTree() {
    }

    /** Every file under the classpath folder {@code root}, by path relative to it. */
    public static SortedMap<String, byte[]> load(String root) {
        return CACHE.computeIfAbsent(root, TemplateTree::read);
    }

    /** The files of {@code root} whose relative path passes {@code filter}. */
    public static SortedMap<String, byte[]> load(String root, Predicate<String> filter) {
        SortedMap<String, byte[]> out = new TreeMap<>();
        load(root).forEach((k, v) -> {
            if (filter.test(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static SortedMap<String, byte[]> read(String root) {
        URL url = TemplateTree.class.getClassLoader().getResource(root);
        if (url == null) {
            throw new IllegalStateException("templates missing from the jar: " + root);
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                }
                return walk(fs.getPath(root));
            }
            return walk(Path.of(uri));
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read templates " + root + ": " + e.getMessage(), e);
        }
    }

    private static SortedMap<String, byte[]> walk(Path base) throws IOException {
        SortedMap<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(base)) {
            paths.filter(Files::isRegularFile).forEach(p -> {
                String rel = base.relativize(p).toString().replace('\\', '/');
                if (rel.contains("__pycache__") || rel.endsWith(".pyc")) {
                    return;
                }
                try {
                    out.put(rel, Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return out;
    }
}
