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

    /** The reply to a POST: its status and (the start of) its body. */
    public record Reply(int status, String body) {
    }

    /**
     * Posts {@code json} with {@code Content-Type: application/json}.
     * @return the reply, always 2xx
     */
    public Reply postJson(String url, String json, Map<String, String> headers) throws DeliveryException {
        Reply reply;
        try {
            reply = Client.post(url, json, headers, timeout);
        } catch (InterruptedIOException e) {
            throw new DeliveryException("no answer from " + redacted(url) + " within " + timeout.toSeconds() + " s", true);
        } catch (IOException e) {
            // okhttp quotes URLs in its messages; the cause is left out: its message would be logged whole
            throw new DeliveryException("cannot reach " + redacted(url) + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + Redacted.in(e.getMessage(), url)), true);
        }
        int s = reply.status();
        if (s >= 200 && s < 300) {
            return reply;
        }
        boolean retryable = s == 408 || s == 429 || s >= 500;
        String said = Redacted.in(oneLine(reply.body()), url);
        throw new DeliveryException(redacted(url) + " answered HTTP " + s + (said.isEmpty() ? "" : ": " + said), retryable);
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
            throw new IllegalArgumentException("not a URL (" + e.getReason() + " at character " + (e.getIndex() + 1) + ")");
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

    private static String oneLine(String s) {
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
                    .retryOnConnectionFailure(false) // the delivery queue retries, and logs it
                    .connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout).callTimeout(timeout.multipliedBy(2))
                    .build();
            okhttp3.Request.Builder request = new okhttp3.Request.Builder().url(url)
                    .header("User-Agent", USER_AGENT)
                    .post(okhttp3.RequestBody.create(json, JSON));
            headers.forEach(request::header);
            try (okhttp3.Response response = client.newCall(request.build()).execute()) {
                return new Reply(response.code(), response.peekBody(MAX_REPLY).string());
            }
        }
    }
}
