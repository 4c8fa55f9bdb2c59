package io.msupgrade.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code DIR/.msupgrade/manifest.json}: every file msupgrade wrote with its SHA-256, so the next
 * run can tell its own files from the user's and see a generated file that was edited by hand.
 */
public record Manifest(SortedMap<String, String> files) {

    public static final String PATH = ".msupgrade/manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** Hashes the files on every core (thousands of host files for a fleet); the map is sorted, so the order is not. */
    public static Manifest of(GeneratedTree tree) {
        Map<String, String> hashes = new java.util.concurrent.ConcurrentHashMap<>();
        tree.files().entrySet().parallelStream().forEach(f -> hashes.put(f.getKey(), sha256(f.getValue())));
        return new Manifest(new TreeMap<>(hashes));
    }

    public static Manifest empty() {
        return new Manifest(new TreeMap<>());
    }

    /** The manifest in {@code dir}, or empty when msupgrade never wrote there. */
    public static java.util.Optional<Manifest> readFrom(Path dir) throws IOException {
        Path file = dir.resolve(PATH);
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return java.util.Optional.empty();
        }
        Map<String, Object> doc = JSON.readValue(Files.readAllBytes(file), new TypeReference<Map<String, Object>>() { });
        SortedMap<String, String> files = new TreeMap<>();
        Object listed = doc.get("files");
        if (listed instanceof Map<?, ?> m) {
            m.forEach((k, v) -> files.put(String.valueOf(k), String.valueOf(v)));
        }
        return java.util.Optional.of(new Manifest(files));
    }

    public byte[] toJson() {
        Map<String, Object> doc = new TreeMap<>();
        doc.put("generator", "msupgrade");
        doc.put("files", files);
        try {
            return (JSON.writeValueAsString(doc) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One digest per thread: looking the algorithm up costs more than hashing a host's file. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(SHA256.get().digest(bytes)); // digest() resets it for the next use
    }
}
