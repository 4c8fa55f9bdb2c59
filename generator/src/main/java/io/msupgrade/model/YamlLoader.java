package io.msupgrade.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Turns the bytes of a model file into one SnakeYAML node tree, never into Java objects: nothing
 * in the file can name a class to build. Limits keep a hostile file from exhausting the machine.
 */
final class YamlLoader {

    static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_ALIASES = 32;
    static final int MAX_DEPTH = 32;
    /** Lines longer than this are refused before parsing (see {@link #firstLongLine}). */
    static final int MAX_LINE = 16 * 1024;

    /** The tags plain YAML resolves to; anything else (!!java..., !custom, !!binary) is refused. */
    static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ);

    private final String file;
    private final List<Problem> problems;

    YamlLoader(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** The single document's root node, or null after recording why there is none. */
    Node load(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            fail(Location.startOf(file), "the file is " + bytes.length + " bytes; models are capped at "
                    + MAX_BYTES + " bytes");
            return null;
        }
        String text = decode(bytes);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            fail(Location.startOf(file), "the file is empty; a model starts with 'model: " + Deployment.MODEL_V1 + "'");
            return null;
        }
        Location longLine = firstLongLine(text);
        if (longLine != null) {
            fail(longLine, "line " + longLine.line() + " is longer than " + MAX_LINE + " characters; no value of a model"
                    + " is longer than 4096, so the file is refused before it is parsed");
            return null;
        }
        try {
            Iterator<Node> docs = yaml().composeAll(new java.io.StringReader(text)).iterator();
            if (!docs.hasNext()) {
                fail(Location.startOf(file), "the file holds no YAML document");
                return null;
            }
            Node root = docs.next();
            if (docs.hasNext()) {
                Node second = docs.next();
                fail(at(second.getStartMark()), "the file holds more than one YAML document; write one model per file");
                return null;
            }
            if (root == null) {
                fail(Location.startOf(file), "the file holds no YAML document");
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            // "found unexpected end of stream" says little alone: name what was left open, and where.
            Mark context = e.getContextMark();
            String opened = e.getContext() != null && context != null && mark != null && context.getLine() != mark.getLine()
                    ? " (" + firstLine(e.getContext()) + " that starts at line " + (context.getLine() + 1) + ", column "
                            + (context.getColumn() + 1) + ")"
                    : "";
            fail(mark == null ? Location.startOf(file) : at(mark), "YAML syntax: " + firstLine(what) + opened);
        } catch (ReaderException e) {
            // A control character (NUL, ESC, ...): SnakeYAML gives its code point index, not a mark.
            fail(locateCodePoint(text, e.getPosition()), String.format(
                    "character U+%04X is not allowed in a model (no control characters but tab and line breaks)",
                    e.getCodePoint()));
        } catch (YAMLException e) {
            fail(Location.startOf(file), "YAML: " + firstLine(e.getMessage()));
        }
        return null;
    }

    /**
     * Where the first line over {@link #MAX_LINE} characters passes the cap, or null. A single scalar
     * that long costs SnakeYAML time quadratic in its length (its reading window is copied per block
     * of input): a one-line 900 KB value takes seconds, which a model never needs.
     */
    private Location firstLongLine(String text) {
        int line = 1;
        int column = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                line += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 0 : 1;
                column = 0;
            } else if (!Character.isLowSurrogate(c) && ++column > MAX_LINE) {
                return new Location(file, line, column);
            }
        }
        return null;
    }

    private Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // found later with both locations
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
    }

    /** Strict UTF-8: a bad byte is reported where it stands, not replaced. */
    private String decode(byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
        } catch (CharacterCodingException e) {
            fail(locateBadByte(bytes, start), "the file is not valid UTF-8");
            return null;
        }
    }

    private Location locateBadByte(byte[] bytes, int start) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int line = 1;
        int lineStart = start;
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
                continue;
            }
            if ((bytes[i] & 0x80) != 0) {
                int len = (bytes[i] & 0xE0) == 0xC0 ? 2 : (bytes[i] & 0xF0) == 0xE0 ? 3 : (bytes[i] & 0xF8) == 0xF0 ? 4 : 1;
                try {
                    if (i + len > bytes.length) {
                        throw new CharacterCodingException();
                    }
                    decoder.reset().decode(ByteBuffer.wrap(bytes, i, len));
                    i += len - 1;
                } catch (CharacterCodingException e) {
                    String prefix = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
                    return new Location(file, line, prefix.codePointCount(0, prefix.length()) + 1);
                }
            }
        }
        return Location.startOf(file);
    }

    /** The line and column of the code point at {@code index} of {@code text}. */
    private Location locateCodePoint(String text, int index) {
        int line = 1;
        int column = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < index; i = text.offsetByCodePoints(i, 1), seen++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Location(file, line, column);
    }

    Location at(Mark mark) {
        return new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private void fail(Location at, String message) {
        problems.add(Problem.error("MS012", at, message));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        List<String> lines = new ArrayList<>(List.of(s.strip().split("\n")));
        return lines.get(0).strip();
    }
}
