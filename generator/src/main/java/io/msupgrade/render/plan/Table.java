package io.msupgrade.render.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of cells with aligned columns. The padding is done here, where the column widths are
 * known; the templates only join the cells ({@code "  "} for text, {@code " | "} inside
 * {@code | ... |} for Markdown).
 */
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

    /**
     * The header and the rows for plain text, each cell padded to its column. A line ends with its
     * last visible character: trailing cells that are only blanks are dropped and the last cell
     * loses its padding, so joined with two spaces the line has no trailing blanks.
     */
    List<List<String>> textRows() {
        int[] w = widths(false);
        List<List<String>> out = new ArrayList<>();
        out.add(textRow(headers, w));
        for (List<String> r : rows) {
            out.add(textRow(r, w));
        }
        return out;
    }

    private static List<String> textRow(List<String> cells, int[] w) {
        List<String> padded = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            padded.add(pad(cells.get(i), w[i]));
        }
        while (!padded.isEmpty()) {
            String last = stripTrailingBlanks(padded.remove(padded.size() - 1));
            if (!last.isEmpty()) {
                padded.add(last);
                break;
            }
        }
        return padded;
    }

    /** The header, the rule under it ({@code ---}) and the rows for Markdown, escaped and padded. */
    List<List<String>> markdownRows() {
        int[] w = widths(true);
        List<List<String>> out = new ArrayList<>();
        out.add(markdownRow(headers, w));
        out.add(Arrays.stream(w).mapToObj("-"::repeat).toList());
        for (List<String> r : rows) {
            out.add(markdownRow(r, w));
        }
        return out;
    }

    private static List<String> markdownRow(List<String> cells, int[] w) {
        List<String> padded = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            padded.add(pad(mdCell(cells.get(i)), w[i]));
        }
        return padded;
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

    static String mdCell(String s) {
        return s.replace("|", "\\|");
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String stripTrailingBlanks(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }
}
