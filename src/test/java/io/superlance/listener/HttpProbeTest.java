package io.superlance.listener;

import io.superlance.monitor.HttpGet;
import io.superlance.monitor.HttpResult;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpProbeTest {
    @Test
    void getsWithUserAgentHttpok_andDoesNotFollowRedirects() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setResponseCode(200).setBody("all good"));
            server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/elsewhere"));
            server.start();
            HttpProbe probe = new HttpProbe();
            HttpResult r = probe.get(new HttpGet(server.url("/health?x=1").toString(), Duration.ofSeconds(5)));
            assertEquals(200, r.status());
            assertEquals("all good", r.body());
            RecordedRequest req = server.takeRequest(1, TimeUnit.SECONDS);
            assertEquals("httpok", req.getHeader("User-Agent"));
            assertEquals("/health?x=1", req.getPath());
            assertEquals("GET", req.getMethod());

            HttpResult redirect = probe.get(new HttpGet(server.url("/").toString(), Duration.ofSeconds(5)));
            assertEquals(302, redirect.status());
            assertEquals(2, server.getRequestCount());
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithinTheTimeout() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
            server.start();
            long start = System.nanoTime();
            HttpResult r = new HttpProbe().get(new HttpGet(server.url("/").toString(), Duration.ofMillis(700)));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(-1, r.status());
            assertEquals("timed out", r.error(), "superlance's httpok wording (Python's socket.timeout)");
            assertTrue(ms < 3000, ms + " ms");
        }
    }

    @Test
    void connectionRefusedIsRetriedUntilTheServerComesUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        MockWebServer server = new MockWebServer();
        server.enqueue(new MockResponse().setBody("up"));
        final int p = port;
        Thread later = new Thread(() -> {
            try {
                Thread.sleep(1200);
                server.start(java.net.InetAddress.getByName("127.0.0.1"), p);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        later.start();
        try {
            HttpResult r = new HttpProbe().get(new HttpGet("http://127.0.0.1:" + port + "/", Duration.ofSeconds(5)));
            assertEquals(200, r.status(), String.valueOf(r.error()));
            assertEquals("up", r.body());
        } finally {
            later.join();
            server.close();
        }
    }

    @Test
    void refusedUntilTheTimeoutIsReported() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        HttpResult r = new HttpProbe().get(new HttpGet("http://127.0.0.1:" + port + "/", Duration.ofSeconds(1)));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(-1, r.status());
        assertEquals("[Errno 111] Connection refused", r.error(), "superlance's httpok wording");
        assertTrue(ms >= 500 && ms < 3000, ms + " ms");
    }

    /**
     * What is left of the timeout may be under a millisecond (a retry on a loaded machine, or a tiny
     * timeout): okhttp refuses such a timeout with "timeout too small", which abandoned the check.
     */
    @Test
    void aTimeoutUnderAMillisecondIsAnAnswerToo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HttpResult r = new HttpProbe().get(new HttpGet("http://127.0.0.1:" + port + "/", Duration.ofNanos(500_000)));
        assertEquals(-1, r.status());
        assertTrue(r.error() != null && !r.error().contains("too small"), r.error());
    }
}
