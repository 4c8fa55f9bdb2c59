package io.msupgrade.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
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
            if ("jar".equals(url.getProtocol())) {
                URL jar = ((JarURLConnection) url.openConnection()).getJarFileURL(); // does not open the jar
                return entries(Path.of(jar.toURI()), root + "/");
            }
            return walk(Path.of(url.toURI()));
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read templates " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * The files of the jar under {@code prefix}. Through {@link JarFile}, which shares the central
     * directory the class loader has parsed already, rather than a zip file system, which indexes
     * the whole jar (thousands of entries: Jinjava, Jackson, ...) on every start.
     */
    private static SortedMap<String, byte[]> entries(Path jarPath, String prefix) throws IOException {
        SortedMap<String, byte[]> out = new TreeMap<>();
        try (JarFile jar = new JarFile(jarPath.toFile(), false)) {
            Enumeration<JarEntry> all = jar.entries();
            while (all.hasMoreElements()) {
                JarEntry e = all.nextElement();
                String name = e.getName();
                if (e.isDirectory() || !name.startsWith(prefix)) {
                    continue;
                }
                String rel = name.substring(prefix.length());
                if (rel.contains("__pycache__") || rel.endsWith(".pyc")) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(e)) {
                    out.put(rel, in.readAllBytes());
                }
            }
        }
        return out;
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
