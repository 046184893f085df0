package io.superlance.alert.webhook;

import io.superlance.json.Json;

/**
 * What a receiver's 2xx answer must say for an alert to count as delivered, for receivers that answer
 * 200 with an error in the body: a JSON field (a dotted path) and the value it must have, e.g.
 * {@code ok=true}, {@code errcode=0}, {@code result.status=sent}.
 */
public record WebhookSuccess(String path, String value) {

    /**
     * Reads {@code FIELD=VALUE}.
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static WebhookSuccess parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || spec.substring(0, eq).isBlank() || spec.substring(0, eq).matches(".*\\s.*")) {
            throw new IllegalArgumentException("'" + spec + "' is not FIELD=VALUE (e.g. ok=true or errcode=0)");
        }
        return new WebhookSuccess(spec.substring(0, eq), spec.substring(eq + 1));
    }

    /** Null when the answer says success, else what it said instead, in a few words. */
    String mismatch(String body) {
        Object doc = Json.parseOrNull(body);
        if (doc == null) {
            return "an answer that is not JSON";
        }
        Object v = Json.at(doc, path);
        String text = v == null ? null : v.toString();
        if (value.equals(text)) {
            return null;
        }
        return v == null ? "no " + path : path + "=" + text;
    }

    @Override
    public String toString() {
        return path + "=" + value;
    }
}
