package io.msupgrade.render.terraform;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks that HCL text is in {@code terraform fmt}'s canonical layout, by the rules of hclwrite's
 * formatter (hclwrite/format.go), without Terraform:
 *
 * <ul>
 *   <li>indentation: two spaces per level; a line whose brackets open more than they close indents
 *       the following lines one level (however many it opens), closing lines dedent again;</li>
 *   <li>a run of consecutive lines that each hold a whole one-line attribute ({@code key = value},
 *       brackets balanced after the {@code =}) has its {@code =} signs aligned one space after the
 *       longest key; any other line (blank, comment, block header, a multi-line value) ends the run;</li>
 *   <li>one space after {@code =}, and exactly one before it outside such runs;</li>
 *   <li>trailing comments of consecutive lines aligned;</li>
 *   <li>no tabs, no trailing spaces, no CR, the file ends with exactly one newline.</li>
 * </ul>
 */
final class FmtCheck {

    private enum Kind { OPEN, CLOSE, EQUAL, COMMENT, OTHER }

    private record Token(Kind kind, int start, int end) {
    }

    /** One physical line: its tokens, or opaque (inside a heredoc or block comment) when null. */
    private record Line(int number, String text, List<Token> tokens) {
    }

    private FmtCheck() {
    }

    /** The layout problems of {@code text}, each as {@code name:line: message}; empty when canonical. */
    static List<String> check(String name, String text) {
        List<String> problems = new ArrayList<>();
        if (text.contains("\r")) {
            problems.add(name + ": has CR characters; terraform fmt writes LF line ends");
        }
        if (text.isEmpty()) {
            return problems;
        }
        if (!text.endsWith("\n") || text.endsWith("\n\n")) {
            problems.add(name + ": must end with exactly one newline");
        }
        if (text.startsWith("\n")) {
            problems.add(name + ":1: starts with a blank line");
        }
        List<Line> lines = lex(name, text, problems);
        for (Line line : lines) {
            if (line.text().contains("\t") && line.tokens() != null) {
                problems.add(name + ":" + line.number() + ": tab character; indent with spaces");
            }
            if (!line.text().isEmpty() && Character.isWhitespace(line.text().charAt(line.text().length() - 1))
                    && line.tokens() != null) {
                problems.add(name + ":" + line.number() + ": trailing whitespace");
            }
        }
        checkIndent(name, lines, problems);
        checkAssignments(name, lines, problems);
        checkComments(name, lines, problems);
        return problems;
    }

    // ---- rules ----------------------------------------------------------------------------

    private static void checkIndent(String name, List<Line> lines, List<String> problems) {
        List<Integer> indents = new ArrayList<>();
        for (Line line : lines) {
            if (line.tokens() == null) {
                continue;
            }
            if (line.tokens().isEmpty()) {
                if (!line.text().isEmpty()) {
                    problems.add(name + ":" + line.number() + ": blank line with spaces");
                }
                continue;
            }
            int net = 0;
            for (Token t : line.tokens()) {
                net += t.kind() == Kind.OPEN ? 1 : t.kind() == Kind.CLOSE ? -1 : 0;
            }
            int expected;
            if (net > 0) {
                expected = 2 * indents.size();
                indents.add(net);
            } else if (net < 0) {
                int closed = -net;
                while (closed > 0 && !indents.isEmpty()) {
                    int top = indents.get(indents.size() - 1);
                    if (closed >= top) {
                        closed -= top;
                        indents.remove(indents.size() - 1);
                    } else {
                        indents.set(indents.size() - 1, top - closed);
                        closed = 0;
                    }
                }
                expected = 2 * indents.size();
            } else {
                expected = 2 * indents.size();
            }
            int actual = line.tokens().get(0).start();
            if (actual != expected) {
                problems.add(name + ":" + line.number() + ": indented " + actual + " spaces, terraform fmt indents "
                        + expected);
            }
        }
    }

    /** The index of the line's attribute '=' (not the first token), or -1. */
    private static int equalIndex(List<Token> tokens) {
        for (int i = 1; i < tokens.size(); i++) {
            if (tokens.get(i).kind() == Kind.EQUAL) {
                return i;
            }
        }
        return -1;
    }

    /** True when the '=' at {@code eq} starts a whole one-line value (balanced brackets after it). */
    private static boolean isOneLineAssign(List<Token> tokens, int eq) {
        int net = 0;
        for (Token t : tokens.subList(eq, tokens.size())) {
            net += t.kind() == Kind.OPEN ? 1 : t.kind() == Kind.CLOSE ? -1 : 0;
        }
        return net == 0;
    }

    private static void checkAssignments(String name, List<Line> lines, List<String> problems) {
        List<Line> chain = new ArrayList<>();
        for (Line line : lines) {
            List<Token> tokens = line.tokens();
            int eq = tokens == null ? -1 : equalIndex(tokens);
            if (eq > 0) {
                Token equal = tokens.get(eq);
                Token after = eq + 1 < tokens.size() ? tokens.get(eq + 1) : null;
                if (after != null && after.start() != equal.end() + 1) {
                    problems.add(name + ":" + line.number() + ": one space after '=', as terraform fmt writes");
                }
                if (isOneLineAssign(tokens, eq)) {
                    chain.add(line);
                    continue;
                }
                if (equal.start() != tokens.get(eq - 1).end() + 1) {
                    problems.add(name + ":" + line.number() + ": one space before '=', as terraform fmt writes");
                }
            }
            closeAssignChain(name, chain, problems);
        }
        closeAssignChain(name, chain, problems);
    }

    private static void closeAssignChain(String name, List<Line> chain, List<String> problems) {
        if (chain.isEmpty()) {
            return;
        }
        int longest = 0;
        for (Line l : chain) {
            longest = Math.max(longest, l.tokens().get(equalIndex(l.tokens()) - 1).end());
        }
        for (Line l : chain) {
            int column = l.tokens().get(equalIndex(l.tokens())).start();
            if (column != longest + 1) {
                problems.add(name + ":" + l.number() + ": '=' at column " + (column + 1)
                        + "; terraform fmt aligns this run of attributes at column " + (longest + 2));
            }
        }
        chain.clear();
    }

    private static void checkComments(String name, List<Line> lines, List<String> problems) {
        List<Line> chain = new ArrayList<>();
        for (Line line : lines) {
            List<Token> t = line.tokens();
            if (t != null && t.size() > 1 && t.get(t.size() - 1).kind() == Kind.COMMENT) {
                chain.add(line);
                continue;
            }
            closeCommentChain(name, chain, problems);
        }
        closeCommentChain(name, chain, problems);
    }

    private static void closeCommentChain(String name, List<Line> chain, List<String> problems) {
        if (chain.isEmpty()) {
            return;
        }
        int longest = 0;
        for (Line l : chain) {
            longest = Math.max(longest, l.tokens().get(l.tokens().size() - 2).end());
        }
        for (Line l : chain) {
            int column = l.tokens().get(l.tokens().size() - 1).start();
            if (column != longest + 1) {
                problems.add(name + ":" + l.number() + ": trailing comment at column " + (column + 1)
                        + "; terraform fmt aligns these comments at column " + (longest + 2));
            }
        }
        chain.clear();
    }

    // ---- lexer ----------------------------------------------------------------------------

    /**
     * Splits the text into lines of tokens: brackets (template interpolations {@code ${ }} and
     * {@code %{ }} count as brackets, as in hclwrite), the attribute {@code =}, comments and
     * anything else. Heredoc bodies and the inner lines of block comments are opaque.
     */
    private static List<Line> lex(String name, String text, List<String> problems) {
        String[] raw = text.split("\n", -1);
        int count = text.endsWith("\n") ? raw.length - 1 : raw.length;
        List<Line> lines = new ArrayList<>();
        // Modes across lines: heredoc end marker, block comment.
        String heredoc = null;
        boolean blockComment = false;
        for (int n = 0; n < count; n++) {
            String s = raw[n];
            if (heredoc != null) {
                lines.add(new Line(n + 1, s, null));
                if (s.trim().equals(heredoc)) {
                    heredoc = null;
                }
                continue;
            }
            if (blockComment) {
                lines.add(new Line(n + 1, s, null));
                if (s.contains("*/")) {
                    blockComment = false;
                }
                continue;
            }
            List<Token> tokens = new ArrayList<>();
            // Stack of string/interpolation modes within the line: >= 0 interpolation brace depth,
            // -1 inside a quoted string.
            List<Integer> modes = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                boolean inString = !modes.isEmpty() && modes.get(modes.size() - 1) == -1;
                if (inString) {
                    int start = i;
                    while (i < s.length()) {
                        char d = s.charAt(i);
                        if (d == '\\') {
                            i += 2;
                        } else if (d == '"') {
                            i++;
                            modes.remove(modes.size() - 1);
                            break;
                        } else if (s.startsWith("$${", i) || s.startsWith("%%{", i)) {
                            i += 3; // escaped: a literal ${ or %{
                        } else if ((d == '$' || d == '%') && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                            break; // an interpolation or directive opens
                        } else {
                            i++;
                        }
                    }
                    if (i > start) {
                        tokens.add(new Token(Kind.OTHER, start, Math.min(i, s.length())));
                    }
                    if (i < s.length() && !modes.isEmpty() && modes.get(modes.size() - 1) == -1
                            && (s.charAt(i) == '$' || s.charAt(i) == '%')) {
                        tokens.add(new Token(Kind.OPEN, i, i + 2));
                        modes.add(0);
                        i += 2;
                    }
                    continue;
                }
                if (c == ' ' || c == '\t') {
                    i++;
                } else if (c == '#' || s.startsWith("//", i)) {
                    tokens.add(new Token(Kind.COMMENT, i, s.length()));
                    i = s.length();
                } else if (s.startsWith("/*", i)) {
                    int end = s.indexOf("*/", i + 2);
                    if (end < 0) {
                        tokens.add(new Token(Kind.COMMENT, i, s.length()));
                        blockComment = true;
                        i = s.length();
                    } else {
                        tokens.add(new Token(Kind.COMMENT, i, end + 2));
                        i = end + 2;
                    }
                } else if (c == '"') {
                    modes.add(-1);
                    // The string's text becomes tokens in the string branch; mark its opening quote.
                    tokens.add(new Token(Kind.OTHER, i, i + 1));
                    i++;
                } else if (c == '{' || c == '[' || c == '(') {
                    tokens.add(new Token(Kind.OPEN, i, i + 1));
                    if (c == '{' && !modes.isEmpty()) {
                        modes.set(modes.size() - 1, modes.get(modes.size() - 1) + 1);
                    }
                    i++;
                } else if (c == '}' || c == ']' || c == ')') {
                    tokens.add(new Token(Kind.CLOSE, i, i + 1));
                    if (c == '}' && !modes.isEmpty()) {
                        int depth = modes.get(modes.size() - 1);
                        if (depth == 0) {
                            modes.remove(modes.size() - 1); // back into the string
                        } else {
                            modes.set(modes.size() - 1, depth - 1);
                        }
                    }
                    i++;
                } else if (c == '=') {
                    if (s.startsWith("==", i) || s.startsWith("=>", i)) {
                        tokens.add(new Token(Kind.OTHER, i, i + 2));
                        i += 2;
                    } else {
                        tokens.add(new Token(Kind.EQUAL, i, i + 1));
                        i++;
                    }
                } else if ((c == '!' || c == '<' || c == '>') && s.startsWith("=", i + 1)) {
                    tokens.add(new Token(Kind.OTHER, i, i + 2));
                    i += 2;
                } else if (s.startsWith("<<", i)) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<<-?([A-Za-z_][A-Za-z0-9_]*)")
                            .matcher(s).region(i, s.length());
                    if (m.lookingAt()) {
                        heredoc = m.group(1);
                        // hclwrite does not count a heredoc opener as a bracket.
                        tokens.add(new Token(Kind.OTHER, i, m.end()));
                        i = m.end();
                    } else {
                        tokens.add(new Token(Kind.OTHER, i, i + 2));
                        i += 2;
                    }
                } else {
                    int start = i;
                    while (i < s.length() && " \t#\"{}[]()=!<>".indexOf(s.charAt(i)) < 0
                            && !s.startsWith("//", i) && !s.startsWith("/*", i)) {
                        i++;
                    }
                    if (i == start) {
                        i++;
                    }
                    tokens.add(new Token(Kind.OTHER, start, i));
                }
            }
            if (!modes.isEmpty()) {
                problems.add(name + ":" + (n + 1) + ": unterminated string or interpolation on this line");
            }
            lines.add(new Line(n + 1, s, tokens));
        }
        return lines;
    }
}
