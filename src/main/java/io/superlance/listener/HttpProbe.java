package io.superlance.listener;

import io.superlance.http.HttpClients;
import io.superlance.log.Log;
import io.superlance.monitor.HttpGet;
import io.superlance.monitor.HttpResult;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * GETs for httpok (and a future heartbeat), with okhttp, created on first use on the worker thread so
 * it costs nothing at start-up. Redirects are not followed (superlance's httplib did not either: a 302 is
 * a status like any other); connection refused is retried until the timeout.
 */
final class HttpProbe {
    static final String USER_AGENT = "httpok";
    private static final int MAX_BODY = 4 * 1024 * 1024;
    private static final long RETRY_MILLIS = 500;


    HttpResult get(HttpGet get) {
        long deadline = System.nanoTime() + get.timeout().toNanos();
        Request request;
        try {
            request = new Request.Builder().url(get.url()).header("User-Agent", USER_AGENT).header("Connection", "close").get().build();
        } catch (IllegalArgumentException e) {
            return new HttpResult(get.url(), -1, null, "", "bad URL: " + e.getMessage());
        }
        while (true) {
            // whole milliseconds, at least one: okhttp refuses a timeout under a millisecond ("timeout too small"),
            // which a loaded machine reaches on a retry after a refused connection, and the check was abandoned
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try (Response response = client(get.url(), get.timeout()).newBuilder().callTimeout(left, TimeUnit.MILLISECONDS)
                    .build().newCall(request).execute()) {
                return new HttpResult(get.url(), response.code(), response.message(), body(response.body()), null);
            } catch (ConnectException e) {
                if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS) >= deadline) {
                    return failed(get, e);
                }
                sleep(RETRY_MILLIS);
            } catch (IOException e) {
                return failed(get, e);
            }
        }
    }

    /** Worded as superlance's httpok (Python's socket errors) where a mail filter may key on it. */
    static HttpResult failed(HttpGet get, IOException e) {
        String why = e instanceof java.net.SocketTimeoutException || e instanceof java.io.InterruptedIOException
                && "timeout".equals(e.getMessage()) ? "timed out"
                : e instanceof ConnectException ? "[Errno 111] Connection refused" : Log.describe(e);
        return new HttpResult(get.url(), -1, null, "", why);
    }

    private static String body(ResponseBody body) throws IOException {
        if (body == null) {
            return "";
        }
        try (InputStream in = body.byteStream()) {
            return new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
        }
    }

    private static OkHttpClient client(String url, Duration timeout) {
        long ms = Math.max(1, timeout.toMillis());
        return HttpClients.forUrl(url).newBuilder()
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                // A fresh connection per check, as superlance makes: a pooled one may lead to the
                // server's previous instance, and it is the connect that must be tested too.
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .connectTimeout(ms, TimeUnit.MILLISECONDS)
                .readTimeout(ms, TimeUnit.MILLISECONDS)
                .writeTimeout(ms, TimeUnit.MILLISECONDS)
                .build();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
