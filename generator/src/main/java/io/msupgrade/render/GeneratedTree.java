package io.msupgrade.render;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The files one generation produces, by relative path ('/'-separated), in a stable order. Built
 * whole in memory before anything touches the output folder, so a failure writes nothing.
 */
public final class GeneratedTree {

    private final SortedMap<String, byte[]> files = new TreeMap<>();

    public void add(String path, String content) {
        add(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public void add(String path, byte[] content) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("//")
                || ("/" + path + "/").contains("/../") || ("/" + path + "/").contains("/./")) {
            throw new IllegalArgumentException("not a clean relative path: " + path);
        }
        if (files.putIfAbsent(path, content.clone()) != null) {
            throw new IllegalArgumentException("generated twice: " + path);
        }
    }

    /** Every file of {@code other}, which must share no path with this tree. */
    public void addAll(GeneratedTree other) {
        other.files.forEach((path, content) -> {
            if (files.putIfAbsent(path, content) != null) {
                throw new IllegalArgumentException("generated twice: " + path);
            }
        });
    }

    public SortedMap<String, byte[]> files() {
        return Collections.unmodifiableSortedMap(files);
    }

    public byte[] get(String path) {
        return files.get(path);
    }

    public boolean contains(String path) {
        return files.containsKey(path);
    }
}
