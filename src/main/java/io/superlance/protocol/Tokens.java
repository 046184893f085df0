package io.superlance.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/** Space-separated {@code key:value} tokens, the shape of both header lines and payload headers. */
final class Tokens {
    private Tokens() {
    }

    static Map<String, String> parse(String line) throws MalformedPayloadException {
        // A scan, not split(" +"): this runs twice for every event, and a regular expression there was
        // most of what a listener allocated per event.
        Map<String, String> tokens = new LinkedHashMap<>();
        String s = line.trim();
        int start = 0;
        while (start < s.length()) {
            int end = s.indexOf(' ', start);
            if (end < 0) {
                end = s.length();
            }
            if (end > start) {
                int colon = s.indexOf(':', start);
                if (colon <= start || colon >= end) {
                    throw new MalformedPayloadException("token " + Text.quote(s.substring(start, end)) + " is not key:value");
                }
                tokens.put(s.substring(start, colon), s.substring(colon + 1, end));
            }
            start = end + 1;
        }
        return tokens;
    }
}
