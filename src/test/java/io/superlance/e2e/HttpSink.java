package io.superlance.e2e;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * An HTTP server on loopback that answers every request 200 with one body and keeps what it got: what
 * webhooks, Alertmanager clients, DingTalk robots and heartbeat's dead man's switch are sent.
 */
public final class HttpSink implements AutoCloseable {
    /** One request; {@code path} includes the query, percent-decoding is up to the test. */
    public record Request(long nanos, String method, String path, String body, String contentType, String authorization) {
    }

    private final MockWebServer server = new MockWebServer();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** Answers {@code OK}. */
    public HttpSink() throws IOException {
        this("OK");
    }

    public HttpSink(String answer) throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                requests.add(new Request(System.nanoTime(), r.getMethod(), r.getPath(), r.getBody().readUtf8(),
                        r.getHeader("Content-Type"), r.getHeader("Authorization")));
                return new MockResponse().setResponseCode(200).setBody(answer);
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The first request after {@code since} (System.nanoTime) that satisfies {@code test}, or null. */
    public Request find(long since, Predicate<Request> test) {
        for (Request r : requests) {
            if (r.nanos() > since && test.test(r)) {
                return r;
            }
        }
        return null;
    }

    /** Waits for a request after {@code since} (System.nanoTime) that satisfies {@code test}. */
    public Request await(long since, Predicate<Request> test, Duration timeout, String what) throws Exception {
        Request[] got = new Request[1];
        Await.until(timeout, () -> (got[0] = find(since, test)) != null, () -> "no " + what + "; got:\n" + this);
        return got[0];
    }

    /** Waits for the {@code n}-th request (from 1) this sink got. */
    public Request nth(int n, Duration timeout, String what) throws Exception {
        Await.until(timeout, () -> requests.size() >= n, () -> "no " + what + "; got:\n" + this);
        return requests.get(n - 1);
    }

    /** Every request so far, one a line. */
    @Override
    public String toString() {
        return String.join("\n", requests.stream().map(Request::toString).toList());
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
