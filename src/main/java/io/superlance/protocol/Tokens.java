package io.superlance.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/** Space-separated {@code key:value} tokens, the shape of both header lines and payload headers. */
final class Tokens {
    private Tokens() {
    }

    static Map<String, String> parse(String line) throws MalformedPayloadException {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String token : line.trim().split(" +")) {
            if (token.isEmpty()) {
                continue;
            }
            int colon = token.indexOf(':');
            if (colon <= 0) {
                throw new MalformedPayloadException("token " + Text.quote(token) + " is not key:value");
            }
            tokens.put(token.substring(0, colon), token.substring(colon + 1));
        }
        return tokens;
    }
}
