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

/** A MockWebServer on loopback that answers every ping 200 and keeps what it got, for heartbeat tests. */
final class PingRecorder implements AutoCloseable {
    /** One request as heartbeat sent it; {@code path} includes the query, percent-decoded is up to the test. */
    record Ping(long nanos, String method, String path, String body, String authorization) {
    }

    private final MockWebServer server = new MockWebServer();
    private final List<Ping> pings = new CopyOnWriteArrayList<>();

    PingRecorder() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                pings.add(new Ping(System.nanoTime(), r.getMethod(), r.getPath(), r.getBody().readUtf8(), r.getHeader("Authorization")));
                return new MockResponse().setResponseCode(200).setBody("OK");
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    List<Ping> pings() {
        return List.copyOf(pings);
    }

    /** Waits for a ping after {@code since} (System.nanoTime) that satisfies {@code test}. */
    Ping await(long since, Predicate<Ping> test, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Ping p : pings) {
                if (p.nanos() > since && test.test(p)) {
                    return p;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + what + " within " + timeout + "; got:\n" + String.join("\n",
                pings.stream().map(Ping::toString).toList()));
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
