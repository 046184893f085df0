package io.superlance.alert.webhook;

import io.superlance.alert.DeliveryException;
import io.superlance.http.Redacted;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs JSON documents for the HTTP channels. okhttp is touched only inside {@link Client}, which the JVM
 * loads on the first post, on a delivery thread: the listener's start-up never pays for it.
 * A reply outside 2xx is a failure: 408, 429 and 5xx are worth retrying, other codes are not.
 */
public final class HttpPoster {
    /** Most of a reply we read: enough for any error text or robot reply. */
    static final long MAX_REPLY = 64 * 1024;

    private final Duration timeout;

    public HttpPoster(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * The reply to a POST: its status, (the start of) its body, and the wait its {@code Retry-After}
     * header asks for (null when none).
     */
    public record Reply(int status, String body, Duration retryAfter) {
        public Reply(int status, String body) {
            this(status, body, null);
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * Posts {@code json} with {@code Content-Type: application/json}.
     * @return the reply, always 2xx
     */
    public Reply postJson(String url, String json, Map<String, String> headers) throws DeliveryException {
        Reply reply = post(url, json, headers);
        if (!reply.ok()) {
            throw statusFailure(url, reply);
        }
        return reply;
    }

    /**
     * Posts {@code json} like {@link #postJson} but returns any reply, for services whose error answers
     * carry more than their status (Telegram's {@code retry_after}).
     * @throws DeliveryException only when no reply came
     */
    public Reply post(String url, String json, Map<String, String> headers) throws DeliveryException {
        try {
            return Client.post(url, json, headers, timeout);
        } catch (InterruptedIOException e) {
            throw new DeliveryException("no answer from " + redacted(url) + " within " + timeout.toSeconds() + " s", true);
        } catch (IOException e) {
            // okhttp quotes URLs in its messages; the cause is left out: its message would be logged whole
            throw new DeliveryException("cannot reach " + redacted(url) + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + Redacted.in(e.getMessage(), url)), true);
        }
    }

    /**
     * The failure a reply outside 2xx stands for: 408, 429 and 5xx are worth retrying (after the time
     * {@code Retry-After} asks, if any); other codes are not, and the line says what to check.
     */
    public static DeliveryException statusFailure(String url, Reply reply) {
        int s = reply.status();
        String said = Redacted.in(oneLine(reply.body()), url);
        String what = redacted(url) + " answered HTTP " + s + (said.isEmpty() ? "" : ": " + said);
        if (s == 408 || s == 429 || s >= 500) {
            return new DeliveryException(what, reply.retryAfter());
        }
        String hint = switch (s) {
            case 401, 403 -> " (the token or key is refused: check it)";
            case 404, 410 -> " (no such hook: check the URL)";
            default -> "";
        };
        return new DeliveryException(what + hint, false);
    }

    /** Longest wait a service may ask for: beyond it we keep our own pace, within the give-up age. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    /**
     * A {@code Retry-After} value (seconds, or an HTTP date) as a wait from {@code nowMillis}; null when
     * absent or unreadable.
     */
    static Duration retryAfter(String header, long nowMillis) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Duration d;
        String h = header.strip();
        if (h.matches("\\d{1,9}")) {
            d = Duration.ofSeconds(Long.parseLong(h));
        } else {
            try {
                long at = java.time.ZonedDateTime.parse(h, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant().toEpochMilli();
                d = Duration.ofMillis(Math.max(0, at - nowMillis));
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
        return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
    }

    /**
     * Checks a URL given on the command line, without loading okhttp.
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static URI checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + redacted(url) + "' is not a URL (" + e.getReason() + " at character "
                    + (e.getIndex() + 1) + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + redacted(url) + "' is not an http:// or https:// URL with a host");
        }
        return uri;
    }

    /** The URL for log lines and channel names: {@link Redacted#url}. */
    public static String redacted(String url) {
        return Redacted.url(url);
    }

    static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    /** Everything okhttp: the process's shared client with this poster's timeouts. */
    private static final class Client {
        private static final okhttp3.MediaType JSON = okhttp3.MediaType.get("application/json; charset=utf-8");
        private static final String USER_AGENT = "superlance/" + io.superlance.Version.number();

        static Reply post(String url, String json, Map<String, String> headers, Duration timeout) throws IOException {
            okhttp3.OkHttpClient client = io.superlance.http.HttpClients.forUrl(url).newBuilder()
                    .followRedirects(false) // a POST must not turn into a GET elsewhere; the user fixes the URL
                    .followSslRedirects(false)
                    // a pooled connection the server closed while idle (nginx's keepalive_timeout, HTTP/1.0
                    // receivers) fails on reuse; okhttp's quiet retry on a fresh one is no failure to log.
                    // Timeouts are not retried here: the delivery queue retries those, and logs it
                    .retryOnConnectionFailure(true)
                    .connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout).callTimeout(timeout.multipliedBy(2))
                    .build();
            okhttp3.Request.Builder request = new okhttp3.Request.Builder().url(url)
                    .header("User-Agent", USER_AGENT)
                    .post(okhttp3.RequestBody.create(json, JSON));
            headers.forEach(request::header);
            try (okhttp3.Response response = client.newCall(request.build()).execute()) {
                return new Reply(response.code(), response.peekBody(MAX_REPLY).string(),
                        retryAfter(response.header("Retry-After"), System.currentTimeMillis()));
            }
        }
    }
}
