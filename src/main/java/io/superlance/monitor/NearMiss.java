package io.superlance.monitor;

import java.util.Collection;

/**
 * "Did you mean ...?": the name a misspelt word is closest to. One helper for every such hint, a command
 * misspelt on the command line and a program name that matches nothing in supervisord alike.
 */
public final class NearMiss {
    private NearMiss() {
    }

    /**
     * The candidate fewest edits from {@code word}, at most {@code maxEdits} away, the first of equals;
     * null when none is that close or {@code word} is one of them (nothing is misspelt then).
     */
    public static String nearest(String word, Collection<String> candidates, int maxEdits) {
        if (candidates.contains(word)) {
            return null;
        }
        String best = null;
        int bestDistance = maxEdits + 1;
        for (String c : candidates) {
            int d = distance(word, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Edits (insert, delete, replace, swap two neighbours) from a to b. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
