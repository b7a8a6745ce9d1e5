package io.eventhubsnative.spark.config;

import java.util.Locale;

/** "Did you mean ...?" for option names and values: the closest known spelling of a likely typo. */
final class Spelling {

    private Spelling() {}

    /**
     * The candidate closest to {@code word} (ignoring case) within {@code maxDistance} edits, or null. Ties go to the
     * earlier candidate.
     */
    static String closest(String word, Iterable<String> candidates, int maxDistance) {
        String lower = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= maxDistance ? best : null;
    }

    /** Levenshtein edit distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
