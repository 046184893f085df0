package io.superlance.listener;

import io.superlance.monitor.Action;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpPingTest {
    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private Action.Ping ping(String method, String body, int retries) {
        return new Action.Ping("http://127.0.0.1:" + server.getPort() + "/ping/x/fail", method, body, Duration.ofSeconds(2), retries, true);
    }

    @Test
    void postsTheBodyWithBasicAuthFromTheEnvironment_retryingA503() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(new MockResponse().setResponseCode(200).setBody("OK"));
        HttpPing p = new HttpPing(Map.of("SUPERLANCE_PING_USER", "u", "SUPERLANCE_PING_PASSWORD", "p"));
        assertNull(p.send(ping("POST", "web is STOPPED", 2)));
        RecordedRequest first = server.takeRequest(1, TimeUnit.SECONDS);
        RecordedRequest second = server.takeRequest(1, TimeUnit.SECONDS);
        assertEquals("POST", second.getMethod());
        assertEquals("web is STOPPED", second.getBody().readUtf8());
        assertEquals("Basic dTpw", second.getHeader("Authorization"));
        assertEquals(HttpPing.USER_AGENT, first.getHeader("User-Agent"));
    }

    @Test
    void aClientErrorIsNotRetried_andTheFailureIsReturnedNotThrown() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(404).setBody("not found"));
        String error = new HttpPing(Map.of()).send(ping("GET", "", 2));
        assertEquals("HTTP 404 Client Error", error);
        assertEquals(1, server.getRequestCount());
        assertNull(server.takeRequest().getHeader("Authorization"));
    }

    @Test
    void noAnswerIsRetriedThenReported() throws Exception {
        int port = server.getPort();
        server.shutdown();
        String error = new HttpPing(Map.of()).send(new Action.Ping("http://127.0.0.1:" + port + "/p", "GET", "",
                Duration.ofMillis(500), 1, false));
        assertTrue(error != null && error.endsWith("(2 attempts)"), error);
    }

    @Test
    void retriesStopWhenTheTicksBudgetIsSpent() throws Exception {
        for (int i = 0; i < 5; i++) {
            server.enqueue(new MockResponse().setResponseCode(503));
        }
        long start = System.nanoTime();
        String error = new HttpPing(Map.of()).send(new Action.Ping("http://127.0.0.1:" + server.getPort() + "/p", "GET", "",
                Duration.ofSeconds(2), 5, Duration.ofMillis(1500), false));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals("HTTP 503 Server Error (2 attempts)", error);
        assertTrue(ms < 1500, ms + " ms");
    }
}
