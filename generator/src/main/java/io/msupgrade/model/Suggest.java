package io.msupgrade.model;

import java.util.Collection;

/** "Did you mean" for misspelt keys, keywords and command names. */
public final class Suggest {

    private Suggest() {
    }

    /** The closest candidate within a small edit distance, or null; the word is compared in lower case. */
    static String closest(String word, Collection<String> candidates) {
        return nearest(word.toLowerCase(java.util.Locale.ROOT), candidates, word.length());
    }

    /**
     * The closest candidate within a small edit distance, or null; compared as written (names the
     * model gives, such as host names, where case is the operator's).
     */
    public static String nearest(String word, Collection<String> candidates) {
        return nearest(word, candidates, word.length());
    }

    private static String nearest(String word, Collection<String> candidates, int length) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word, c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(1, Math.min(3, length / 3));
        return bestDistance <= allowed ? best : null;
    }

    static String hint(String word, Collection<String> candidates) {
        String c = closest(word, candidates);
        return c == null ? "" : " (did you mean '" + c + "'?)";
    }

    /** Levenshtein distance; {@code Integer.MAX_VALUE} for words over 64 characters (no hint for those). */
    public static int distance(String a, String b) {
        if (a.length() > 64 || b.length() > 64) {
            return Integer.MAX_VALUE;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
