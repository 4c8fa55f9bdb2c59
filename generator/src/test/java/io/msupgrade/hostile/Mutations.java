package io.msupgrade.hostile;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

import io.msupgrade.model.ReadResult;
import io.msupgrade.rules.Validator;

/**
 * Broken models made from the samples, deterministically: the sample is composed into a SnakeYAML
 * node tree and its text is edited at the nodes' marks — a key dropped, renamed or written twice, a
 * value swapped for the wrong type, an empty or a huge string, a list or a mapping where a scalar
 * stands, a scalar where a collection stands. A mutation that happens to leave the model valid (an
 * optional key dropped, a number where a string is fine) is not a broken model: it is counted and
 * skipped. Each schema path (list indexes folded to {@code []}) is mutated once per kind, in the
 * first sample that has it, so forty identical hosts do not give forty identical cases.
 */
final class Mutations {

    /** One broken model: a readable name, the sample it came from and its text. */
    record Mutation(String name, String sample, String text) {
        byte[] bytes() {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** What the generator made: the broken models and how many edits left the model valid. */
    record Corpus(List<Mutation> broken, List<String> stillValid) {
    }

    private final List<Mutation> broken = new ArrayList<>();
    private final List<String> stillValid = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    private String sample;
    private int[] text;

    static Corpus of(List<Path> samples) {
        Mutations m = new Mutations();
        for (Path s : samples) {
            m.mutate(s);
        }
        return new Corpus(List.copyOf(m.broken), List.copyOf(m.stillValid));
    }

    private void mutate(Path file) {
        String source;
        try {
            source = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String f = file.getFileName().toString();
        sample = f.substring(0, f.length() - ".yaml".length());
        text = source.codePoints().toArray();
        Node root = compose(source);
        walk(root, "", "");
    }

    static Node compose(String source) {
        LoaderOptions options = new LoaderOptions();
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options)
                .compose(new StringReader(source));
    }

    private void walk(Node node, String path, String schema) {
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                String key = ((ScalarNode) t.getKeyNode()).getValue();
                String p = path.isEmpty() ? key : path + "." + key;
                String s = schema.isEmpty() ? key : schema + "." + key;
                keyMutations(map, t, key, p, s);
                valueMutations(t.getValueNode(), p, s);
                walk(t.getValueNode(), p, s);
            }
        } else if (node instanceof SequenceNode seq) {
            List<Node> items = seq.getValue();
            for (int i = 0; i < items.size(); i++) {
                String p = path + "[" + i + "]";
                String s = schema + "[]";
                valueMutations(items.get(i), p, s);
                walk(items.get(i), p, s);
            }
        }
    }

    private void keyMutations(MappingNode map, NodeTuple t, String key, String path, String schema) {
        Node k = t.getKeyNode();
        Node v = t.getValueNode();
        if (map.getFlowStyle() == DumperOptions.FlowStyle.BLOCK) {
            // From the key to the end of its value: the entry disappears, the layout around it stays.
            add(schema, "drop", path, edit(k.getStartMark().getIndex(), v.getEndMark().getIndex(), ""));
            if (v instanceof ScalarNode) {
                String entry = slice(k.getStartMark().getIndex(), v.getEndMark().getIndex());
                add(schema, "duplicate", path, edit(v.getEndMark().getIndex(), v.getEndMark().getIndex(),
                        "\n" + " ".repeat(k.getStartMark().getColumn()) + entry));
            }
        }
        int ks = k.getStartMark().getIndex();
        int ke = k.getEndMark().getIndex();
        String typo = key.length() > 3 ? key.substring(0, key.length() - 1) + key.charAt(key.length() - 1)
                + key.charAt(key.length() - 1) : key + "x";
        add(schema, "typo-key", path, edit(ks, ke, quoteIfNeeded(typo)));
    }

    private static String quoteIfNeeded(String key) {
        return key.matches("[A-Za-z_][A-Za-z0-9_]*") ? key : "\"" + key + "\"";
    }

    private void valueMutations(Node v, String path, String schema) {
        int s = v.getStartMark().getIndex();
        int e = v.getEndMark().getIndex();
        if (v instanceof ScalarNode scalar) {
            Tag tag = scalar.getTag();
            add(schema, "empty-string", path, edit(s, e, "\"\""));
            add(schema, "null", path, edit(s, e, "~"));
            add(schema, "huge-string", path, edit(s, e, "\"" + "x".repeat(5000) + "\""));
            add(schema, "list-for-scalar", path, edit(s, e, "[a, b]"));
            add(schema, "map-for-scalar", path, edit(s, e, "{ a: 1 }"));
            if (tag.equals(Tag.STR)) {
                add(schema, "bool-for-string", path, edit(s, e, "true"));
                add(schema, "template-marker", path, edit(s, e, "\"x{{ lookup('pipe', 'id') }}\""));
                add(schema, "line-break", path, edit(s, e, "\"a\\nb\""));
                add(schema, "shell-metachar", path, edit(s, e, "\"a;$(id)\""));
            } else if (tag.equals(Tag.INT)) {
                add(schema, "word-for-number", path, edit(s, e, "many"));
                add(schema, "negative", path, edit(s, e, "-1"));
                add(schema, "too-big", path, edit(s, e, "99999999999999999999"));
                add(schema, "float-for-int", path, edit(s, e, "1.5"));
            } else if (tag.equals(Tag.BOOL)) {
                add(schema, "word-for-bool", path, edit(s, e, "maybe"));
                add(schema, "number-for-bool", path, edit(s, e, "1"));
            }
        } else {
            boolean block = (v instanceof MappingNode m && m.getFlowStyle() == DumperOptions.FlowStyle.BLOCK)
                    || (v instanceof SequenceNode q && q.getFlowStyle() == DumperOptions.FlowStyle.BLOCK);
            String nl = block ? "\n" : "";
            add(schema, "scalar-for-collection", path, edit(s, e, "oops" + nl));
            add(schema, "null-collection", path, edit(s, e, "~" + nl));
            add(schema, v instanceof MappingNode ? "list-for-map" : "map-for-list", path,
                    edit(s, e, (v instanceof MappingNode ? "[]" : "{}") + nl));
        }
    }

    private String slice(int start, int end) {
        return new String(text, start, end - start);
    }

    private String edit(int start, int end, String replacement) {
        return new String(text, 0, start) + replacement + new String(text, end, text.length - end);
    }

    private void add(String schema, String kind, String path, String mutated) {
        if (!seen.add(schema + "|" + kind)) {
            return;
        }
        String name = sample + ": " + kind + " " + path;
        ReadResult r = new Validator().validate(name, mutated.getBytes(StandardCharsets.UTF_8));
        if (r.hasErrors()) {
            broken.add(new Mutation(name, sample, mutated));
        } else {
            stillValid.add(name);
        }
    }
}
