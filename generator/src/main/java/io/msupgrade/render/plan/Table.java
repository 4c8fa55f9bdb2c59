package io.msupgrade.render.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Rows of cells printed with aligned columns, as plain text or as a Markdown table. */
final class Table {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : c.toString()).toList());
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    private int[] widths(boolean markdown) {
        int[] w = new int[headers.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.max(markdown ? 3 : 1, headers.get(i).length());
        }
        for (List<String> r : rows) {
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.max(w[i], (markdown ? mdCell(r.get(i)) : r.get(i)).length());
            }
        }
        return w;
    }

    /** Columns separated by two spaces, each line starting with {@code indent}, no trailing blanks. */
    void text(StringBuilder out, String indent) {
        int[] w = widths(false);
        line(out, indent, headers, w);
        for (List<String> r : rows) {
            line(out, indent, r, w);
        }
    }

    private static void line(StringBuilder out, String indent, List<String> cells, int[] w) {
        StringBuilder b = new StringBuilder(indent);
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append("  ");
            }
            b.append(pad(cells.get(i), w[i]));
        }
        out.append(stripTrailing(b)).append('\n');
    }

    void markdown(StringBuilder out) {
        int[] w = widths(true);
        mdLine(out, headers.stream().map(Table::mdCell).toList(), w);
        StringBuilder sep = new StringBuilder("|");
        for (int width : w) {
            sep.append(' ').append("-".repeat(width)).append(" |");
        }
        out.append(sep).append('\n');
        for (List<String> r : rows) {
            mdLine(out, r.stream().map(Table::mdCell).toList(), w);
        }
    }

    private static void mdLine(StringBuilder out, List<String> cells, int[] w) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < cells.size(); i++) {
            b.append(' ').append(pad(cells.get(i), w[i])).append(" |");
        }
        out.append(b).append('\n');
    }

    static String mdCell(String s) {
        return s.replace("|", "\\|");
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String stripTrailing(StringBuilder b) {
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') {
            end--;
        }
        return b.substring(0, end);
    }
}
