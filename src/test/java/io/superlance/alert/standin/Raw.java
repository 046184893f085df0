package io.superlance.alert.standin;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Posts raw bytes, as no channel would, to see what a stand-in refuses. */
final class Raw {
    private static final OkHttpClient CLIENT = new OkHttpClient();

    record Reply(int status, String body, String retryAfter) {
        JsonNode json() {
            return ServiceStandIn.parse(body);
        }
    }

    private Raw() {
    }

    static Reply post(String url, byte[] body) throws IOException {
        Request r = new Request.Builder().url(url).post(RequestBody.create(body, MediaType.get("application/json; charset=utf-8"))).build();
        try (Response response = CLIENT.newCall(r).execute()) {
            return new Reply(response.code(), response.body().string(), response.header("Retry-After"));
        }
    }

    static Reply post(String url, String json) throws IOException {
        return post(url, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string literal of {@code s}: quotes and newlines escaped, a backslash kept (a test writes its own escapes). */
    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Bytes that are not UTF-8: a text with a lone continuation byte in it. */
    static byte[] notUtf8(String before, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + 1 + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        out[a.length] = (byte) 0x80;
        System.arraycopy(c, 0, out, a.length + 1, c.length);
        return out;
    }
}
