package io.msupgrade.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A Messaging Server version such as 7.0.5.33.0 or 8.1.0; compared part by part, missing parts as 0. */
public record Version(String text, List<Integer> parts) implements Comparable<Version> {

    private static final Pattern SHAPE = Pattern.compile("\\d{1,4}(\\.\\d{1,6}){0,5}");

    public Version {
        parts = List.copyOf(parts);
    }

    public static boolean isWellFormed(String text) {
        return text != null && SHAPE.matcher(text).matches();
    }

    public static Version parse(String text) {
        if (!isWellFormed(text)) {
            throw new IllegalArgumentException("not a version: " + text);
        }
        List<Integer> parts = new ArrayList<>();
        for (String part : text.split("\\.")) {
            parts.add(Integer.parseInt(part));
        }
        return new Version(text, parts);
    }

    public int major() {
        return part(0);
    }

    public int part(int index) {
        return index < parts.size() ? parts.get(index) : 0;
    }

    public boolean isBelow(String other) {
        return compareTo(parse(other)) < 0;
    }

    public boolean isAtLeast(String other) {
        return compareTo(parse(other)) >= 0;
    }

    /** True when this version starts with every part of {@code prefix} (8.1.0.26.0 has prefix 8.1.0). */
    public boolean hasPrefix(String prefix) {
        Version p = parse(prefix);
        if (p.parts.size() > parts.size()) {
            return false;
        }
        return parts.subList(0, p.parts.size()).equals(p.parts);
    }

    @Override
    public int compareTo(Version other) {
        int n = Math.max(parts.size(), other.parts.size());
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(part(i), other.part(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
