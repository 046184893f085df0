package io.superlance.listener;

import io.superlance.http.HttpClients;
import io.superlance.http.Redacted;
import io.superlance.log.Log;
import io.superlance.monitor.Action;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sends heartbeat pings with okhttp, created on first use on the worker thread. Basic auth comes from
 * {@code SUPERLANCE_PING_USER} / {@code SUPERLANCE_PING_PASSWORD} (environment, never argv). A ping that
 * gets no answer or a 5xx/429 is tried again after a second, up to {@link Action.Ping#retries()} times,
 * all within {@link Action.Ping#budget()}: a ping still trying at the next tick is pointless.
 */
final class HttpPing {
    static final String USER_AGENT = "superlance-heartbeat";
    private static final long RETRY_MILLIS = 1000;
    private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");

    private final String authorization;

    HttpPing(Map<String, String> env) {
        String user = env.get("SUPERLANCE_PING_USER");
        String password = env.getOrDefault("SUPERLANCE_PING_PASSWORD", "");
        this.authorization = user == null || user.isEmpty() ? null : Credentials.basic(user, password);
    }

    /** @return null when the endpoint answered 2xx, else why not */
    String send(Action.Ping ping) {
        Request request;
        try {
            Request.Builder b = new Request.Builder().url(ping.url()).header("User-Agent", USER_AGENT);
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            if ("POST".equals(ping.method())) {
                b.post(RequestBody.create(ping.body() == null ? "" : ping.body(), TEXT));
            } else {
                b.get();
            }
            request = b.build();
        } catch (IllegalArgumentException e) {
            return "bad URL: " + Redacted.in(e.getMessage(), ping.url());
        }
        String error = null;
        long start = System.nanoTime();
        long budget = ping.budget() == null ? Long.MAX_VALUE : ping.budget().toNanos();
        int attempts = 0;
        for (int attempt = 0; attempt <= ping.retries(); attempt++) {
            if (attempt > 0) {
                if (System.nanoTime() - start + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS) >= budget) {
                    break;
                }
                sleep(RETRY_MILLIS);
            }
            attempts++;
            long left = budget - (System.nanoTime() - start);
            try (Response response = client(ping, left).newCall(request).execute()) {
                if (response.isSuccessful()) {
                    return null;
                }
                error = "HTTP " + response.code() + " " + response.message();
                if (response.code() < 500 && response.code() != 429) {
                    return error; // a wrong URL or credentials: trying again will not help
                }
            } catch (IOException e) {
                error = e instanceof java.io.InterruptedIOException && "timeout".equals(e.getMessage())
                        ? "timed out after " + ping.timeout().toMillis() + " ms" : Redacted.in(Log.describe(e), ping.url());
            }
        }
        return attempts > 1 ? error + " (" + attempts + " attempts)" : error;
    }

    /** @param leftNanos what is left of the budget: an attempt never runs past it */
    private static OkHttpClient client(Action.Ping ping, long leftNanos) {
        long ms = Math.max(1, Math.min(ping.timeout().toMillis(), TimeUnit.NANOSECONDS.toMillis(leftNanos)));
        return HttpClients.forUrl(ping.url()).newBuilder().retryOnConnectionFailure(false).callTimeout(ms, TimeUnit.MILLISECONDS).connectTimeout(ms, TimeUnit.MILLISECONDS)
                .readTimeout(ms, TimeUnit.MILLISECONDS).writeTimeout(ms, TimeUnit.MILLISECONDS).build();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
