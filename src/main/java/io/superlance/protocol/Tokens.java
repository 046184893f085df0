package io.superlance.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Space-separated {@code key:value} tokens, the shape of both header lines and payload headers. Parsing
 * checks every token and notes where it is; a value is cut out only when asked for: this runs twice for
 * every event, and a map of every token was a fourth of what a listener allocated per event.
 */
final class Tokens {
    private final String line;
    private final int[] at; // per token: where its key starts, its colon, where it ends
    private final int count;

    private Tokens(String line, int[] at, int count) {
        this.line = line;
        this.at = at;
        this.count = count;
    }

    static Tokens parse(String line) throws MalformedPayloadException {
        int from = 0;
        int to = line.length();
        while (from < to && line.charAt(from) <= ' ') { // what String.trim() leaves out, without the copy
            from++;
        }
        while (to > from && line.charAt(to - 1) <= ' ') {
            to--;
        }
        int[] at = new int[3 * 8];
        int count = 0;
        int start = from;
        while (start < to) {
            int end = line.indexOf(' ', start);
            if (end < 0 || end > to) {
                end = to;
            }
            if (end > start) {
                int colon = line.indexOf(':', start);
                if (colon <= start || colon >= end) {
                    throw new MalformedPayloadException("token " + Text.quote(line.substring(start, end)) + " is not key:value");
                }
                if (3 * count == at.length) {
                    at = java.util.Arrays.copyOf(at, 2 * at.length);
                }
                at[3 * count] = start;
                at[3 * count + 1] = colon;
                at[3 * count + 2] = end;
                count++;
            }
            start = end + 1;
        }
        return new Tokens(line, at, count);
    }

    /** The value after the first colon of the token {@code key}, the last such token's; null when there is none. */
    String get(String key) {
        for (int i = count - 1; i >= 0; i--) {
            int start = at[3 * i];
            int colon = at[3 * i + 1];
            if (colon - start == key.length() && line.startsWith(key, start)) {
                return line.substring(colon + 1, at[3 * i + 2]);
            }
        }
        return null;
    }

    String getOrDefault(String key, String otherwise) {
        String v = get(key);
        return v == null ? otherwise : v;
    }

    /** Every token in order, a repeated key once with its last value. */
    Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            m.put(line.substring(at[3 * i], at[3 * i + 1]), line.substring(at[3 * i + 1] + 1, at[3 * i + 2]));
        }
        return m;
    }
}
