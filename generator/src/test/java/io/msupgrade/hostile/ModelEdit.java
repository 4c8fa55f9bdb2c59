package io.msupgrade.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Edits a sample's text at the marks of its nodes: values addressed by a path such as
 * {@code hosts[0].ha.resource} or {@code media.previous."8.0.2.3.0".linux} are replaced by the
 * YAML double-quoted form of any string, keeping every other byte of the file.
 */
final class ModelEdit {

    private final int[] text;
    private final Node root;
    private final List<int[]> edits = new ArrayList<>(); // start, end, index into replacements
    private final List<String> replacements = new ArrayList<>();

    private ModelEdit(String source) {
        this.text = source.codePoints().toArray();
        this.root = Mutations.compose(source);
    }

    static ModelEdit of(String source) {
        return new ModelEdit(source);
    }

    static ModelEdit of(Path sample) {
        try {
            return new ModelEdit(Files.readString(sample));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node at {@code path}; fails the test when the sample has none. */
    Node node(String path) {
        Node n = root;
        for (String part : split(path)) {
            if (part.startsWith("[")) {
                n = ((SequenceNode) n).getValue().get(Integer.parseInt(part.substring(1, part.length() - 1)));
                continue;
            }
            Node found = null;
            for (NodeTuple t : ((MappingNode) n).getValue()) {
                if (((ScalarNode) t.getKeyNode()).getValue().equals(part)) {
                    found = t.getValueNode();
                }
            }
            if (found == null) {
                throw new AssertionError("no '" + part + "' on the way to " + path);
            }
            n = found;
        }
        return n;
    }

    private static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '"') {
                int end = path.indexOf('"', i + 1);
                parts.add(path.substring(i + 1, end));
                i = end + 1;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                parts.add(path.substring(i, end + 1));
                i = end + 1;
            } else {
                int end = i;
                while (end < path.length() && ".[".indexOf(path.charAt(end)) < 0) {
                    end++;
                }
                parts.add(path.substring(i, end));
                i = end;
            }
        }
        return parts;
    }

    /** Where the value at {@code path} starts, as the reader reports it: {@code LINE:COL}. */
    String where(String path) {
        Node n = node(path);
        return (n.getStartMark().getLine() + 1) + ":" + (n.getStartMark().getColumn() + 1);
    }

    /** Replaces the value at {@code path} by {@code value}, double-quoted. */
    ModelEdit set(String path, String value) {
        Node n = node(path);
        edits.add(new int[] {n.getStartMark().getIndex(), n.getEndMark().getIndex(), replacements.size()});
        replacements.add(quoted(value));
        return this;
    }

    String text() {
        StringBuilder out = new StringBuilder();
        int at = 0;
        List<int[]> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(e -> e[0]));
        for (int[] e : sorted) {
            out.append(new String(text, at, e[0] - at)).append(replacements.get(e[2]));
            at = e[1];
        }
        return out.append(new String(text, at, text.length - at)).toString();
    }

    /** The YAML double-quoted scalar that reads back as exactly {@code s}. */
    static String quoted(String s) {
        StringBuilder q = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> q.append("\\\\");
                case '"' -> q.append("\\\"");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                case 0 -> q.append("\\0");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x2000 && c <= 0x206f)) {
                        q.append(String.format("\\u%04X", c));
                    } else {
                        q.appendCodePoint(c);
                    }
                }
            }
        });
        return q.append('"').toString();
    }
}
