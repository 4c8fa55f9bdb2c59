package io.msupgrade.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads from SnakeYAML nodes that record a located MS012 problem instead of throwing, so one
 * run reports every mistake. Also refuses custom tags and merge keys, and caps how many nodes a
 * file may expand to through aliases.
 */
final class NodeBinder {

    static final String CODE = "MS012";
    static final int MAX_NODES = 200_000;
    /** Past this many, problems are counted, not listed: aliases can repeat one mistake thousands of times. */
    static final int MAX_PROBLEMS = 100;

    private final YamlLoader loader;
    private final List<Problem> problems;
    private int visited;
    private boolean exhausted;
    private int reported;

    NodeBinder(YamlLoader loader, List<Problem> problems) {
        this.loader = loader;
        this.problems = problems;
    }

    Location at(Node node) {
        return loader.at(node.getStartMark());
    }

    void error(Node node, String message) {
        error(at(node), message);
    }

    void error(Location at, String message) {
        reported++;
        if (reported <= MAX_PROBLEMS) {
            problems.add(Problem.error(CODE, at, message));
        } else if (reported == MAX_PROBLEMS + 1) {
            problems.add(Problem.error(CODE, at, "more than " + MAX_PROBLEMS + " problems in the model;"
                    + " the rest are not listed: fix these and run again"));
        }
    }

    /** Counts a node; false (once reported) when the alias-expanded tree is too big or a tag is foreign. */
    boolean visit(Node node) {
        if (++visited > MAX_NODES) {
            if (!exhausted) {
                exhausted = true;
                error(node, "the model expands to more than " + MAX_NODES + " nodes (aliases?); refusing it");
            }
            return false;
        }
        Tag tag = node.getTag();
        if (tag.equals(Tag.TIMESTAMP) && node instanceof ScalarNode date) {
            error(node, "'" + abbreviate(date.getValue()) + "' reads as a date, which no key of the model takes;"
                    + " quote it if it is text");
            return false;
        }
        if (!YamlLoader.PLAIN_TAGS.contains(tag)) {
            error(node, "tag '" + tag.getValue() + "' is not allowed; models hold plain strings, numbers, lists and mappings");
            return false;
        }
        return true;
    }

    /** A mapping, with its keys checked against the allowed ones. */
    Optional<MapView> map(Node node, String what, List<String> allowedKeys) {
        if (!visit(node)) {
            return Optional.empty();
        }
        if (!(node instanceof MappingNode mapping)) {
            error(node, what + " must be a mapping of keys to values, not " + describe(node));
            return Optional.empty();
        }
        return Optional.of(new MapView(this, mapping, what, allowedKeys));
    }

    /** A list; a lone scalar where a list is wanted is an error, not silently wrapped. */
    Optional<List<Node>> list(Node node, String what) {
        if (!visit(node)) {
            return Optional.empty();
        }
        if (!(node instanceof SequenceNode seq)) {
            error(node, what + " must be a list, not " + describe(node));
            return Optional.empty();
        }
        return Optional.of(seq.getValue());
    }

    Optional<String> string(Node node, String what, ValueShape shape) {
        if (!visit(node)) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode scalar)
                || !(scalar.getTag().equals(Tag.STR) || scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
            error(node, what + " must be a string, not " + describe(node));
            return Optional.empty();
        }
        String value = scalar.getValue();
        if (value.isEmpty()) {
            error(node, what + " must not be empty");
            return Optional.empty();
        }
        String wrong = shape.check(value);
        if (wrong != null) {
            error(node, what + ": " + wrong);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    Optional<Integer> integer(Node node, String what, int min, int max) {
        if (!visit(node)) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.INT)) {
            error(node, what + " must be a whole number, not " + describe(node));
            return Optional.empty();
        }
        try {
            long v = Long.parseLong(scalar.getValue().replace("_", ""));
            if (v < min || v > max) {
                error(node, what + " must be between " + min + " and " + max + ", not " + v);
                return Optional.empty();
            }
            return Optional.of((int) v);
        } catch (NumberFormatException e) {
            error(node, what + " must be a decimal whole number between " + min + " and " + max);
            return Optional.empty();
        }
    }

    Optional<Boolean> bool(Node node, String what) {
        if (!visit(node)) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.BOOL)) {
            error(node, what + " must be true or false, not " + describe(node));
            return Optional.empty();
        }
        String v = scalar.getValue().toLowerCase(java.util.Locale.ROOT);
        return Optional.of(v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y"));
    }

    <E extends Enum<E> & Keyword> Optional<E> keyword(Node node, String what, Class<E> type) {
        return string(node, what, ValueShape.TEXT).flatMap(s -> {
            Optional<E> e = Keyword.parse(type, s);
            if (e.isEmpty()) {
                error(node, what + ": '" + abbreviate(s) + "' is not one of " + String.join(", ", Keyword.ids(type))
                        + Suggest.hint(s, Keyword.ids(type)));
            }
            return e;
        });
    }

    Optional<Version> version(Node node, String what) {
        return string(node, what, ValueShape.TEXT).flatMap(s -> {
            if (!Version.isWellFormed(s)) {
                error(node, what + ": '" + abbreviate(s) + "' is not a version such as 8.0.2.3.0");
                return Optional.empty();
            }
            return Optional.of(Version.parse(s));
        });
    }

    /** Binds each element; elements that fail are dropped (their problems are recorded). */
    <T> List<T> each(List<Node> nodes, Function<Node, Optional<T>> bind) {
        List<T> out = new ArrayList<>();
        for (Node n : nodes) {
            bind.apply(n).ifPresent(out::add);
        }
        return out;
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) node;
        Tag t = s.getTag();
        if (t.equals(Tag.NULL)) {
            return "an empty value";
        }
        if (t.equals(Tag.BOOL)) {
            return "the boolean '" + abbreviate(s.getValue()) + "'";
        }
        if (t.equals(Tag.INT) || t.equals(Tag.FLOAT)) {
            return "the number " + abbreviate(s.getValue());
        }
        return "the string '" + abbreviate(s.getValue()) + "'";
    }

    /**
     * A value of the model as messages quote it: at most 40 characters, on one line, with line breaks,
     * control characters and invisible direction controls written as escapes, so a hostile value can
     * neither break the {@code FILE:LINE:COL} line nor send escape sequences to the terminal.
     */
    static String abbreviate(String s) {
        String flat = s.length() > 200 ? s.substring(0, 200) : s;
        StringBuilder out = new StringBuilder();
        flat.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (c == 0) {
                out.append("\\0");
            } else if (ValueShape.isInvisibleControl(c)) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        String shown = out.toString();
        if (shown.codePointCount(0, shown.length()) <= 40 && flat.length() == s.length()) {
            return shown;
        }
        return shown.substring(0, shown.offsetByCodePoints(0, Math.min(37, shown.codePointCount(0, shown.length()))))
                + "...";
    }

    /** One mapping of the model: its entries by key, which of them were read, and where they are. */
    static final class MapView {
        private final NodeBinder binder;
        private final MappingNode node;
        private final String what;
        private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

        MapView(NodeBinder binder, MappingNode node, String what, List<String> allowed) {
            this.binder = binder;
            this.node = node;
            this.what = what;
            Map<String, Node> firstSeen = new HashMap<>();
            for (NodeTuple t : node.getValue()) {
                Node k = t.getKeyNode();
                if (k.getTag().equals(Tag.MERGE)) {
                    binder.error(k, "merge keys ('<<') are not supported in " + what + "; write the keys out");
                    continue;
                }
                if (!(k instanceof ScalarNode ks) || !(ks.getTag().equals(Tag.STR))) {
                    binder.error(k, "keys of " + what + " must be plain words, not " + describe(k));
                    continue;
                }
                String key = ks.getValue();
                if (firstSeen.containsKey(key)) {
                    Location first = binder.at(firstSeen.get(key));
                    binder.error(k, "duplicate key '" + abbreviate(key) + "' in " + what + " (first at line " + first.line() + ")");
                    continue;
                }
                firstSeen.put(key, k);
                if (!allowed.contains(key)) {
                    binder.error(k, "unknown key '" + NodeBinder.abbreviate(key) + "' in " + what
                            + Suggest.hint(key, allowed));
                    continue;
                }
                entries.put(key, t);
            }
        }

        Location location() {
            return binder.at(node);
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        Optional<Node> get(String key) {
            NodeTuple t = entries.get(key);
            return t == null ? Optional.empty() : Optional.of(t.getValueNode());
        }

        /** The value node, or a located "missing" problem. */
        Optional<Node> require(String key) {
            Optional<Node> n = get(key);
            if (n.isEmpty()) {
                binder.error(node, "missing required key '" + key + "' in " + what);
            }
            return n;
        }

        /** The value, unless it is null (YAML {@code ~} or nothing): treated as absent. */
        Optional<Node> optional(String key) {
            return get(key).filter(n -> !(n instanceof ScalarNode s && s.getTag().equals(Tag.NULL)));
        }

        String label(String key) {
            return "'" + key + "' of " + what;
        }

        Spans spans() {
            Map<String, Location> keys = new HashMap<>();
            entries.forEach((k, t) -> keys.put(k, binder.at(t.getValueNode())));
            return new Spans(location(), keys);
        }

        Optional<String> string(String key, ValueShape shape, boolean required) {
            Optional<Node> n = required ? require(key) : optional(key);
            return n.flatMap(v -> binder.string(v, label(key), shape));
        }

        String string(String key, ValueShape shape, String fallback) {
            return optional(key).flatMap(v -> binder.string(v, label(key), shape)).orElse(fallback);
        }

        int integer(String key, int min, int max, int fallback) {
            return optional(key).flatMap(v -> binder.integer(v, label(key), min, max)).orElse(fallback);
        }

        boolean bool(String key, boolean fallback) {
            return optional(key).flatMap(v -> binder.bool(v, label(key))).orElse(fallback);
        }

        <E extends Enum<E> & Keyword> Optional<E> keyword(String key, Class<E> type, boolean required) {
            Optional<Node> n = required ? require(key) : optional(key);
            return n.flatMap(v -> binder.keyword(v, label(key), type));
        }

        Optional<Version> version(String key, boolean required) {
            Optional<Node> n = required ? require(key) : optional(key);
            return n.flatMap(v -> binder.version(v, label(key)));
        }

        Optional<List<Node>> list(String key, boolean required) {
            Optional<Node> n = required ? require(key) : optional(key);
            return n.flatMap(v -> binder.list(v, label(key)));
        }

        Optional<MapView> map(String key, List<String> allowed, boolean required) {
            Optional<Node> n = required ? require(key) : optional(key);
            return n.flatMap(v -> binder.map(v, label(key), allowed));
        }
    }
}
