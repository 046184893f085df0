package io.superlance.alert.webhook;

import io.superlance.alert.TestAlerts;
import io.superlance.alert.delivery.DeliveryQueue;
import io.superlance.alert.delivery.RetryPolicy;
import io.superlance.log.CapturedLog;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that closes a keep-alive connection once idle (nginx, HTTP/1.0 receivers) leaves a dead
 * connection in okhttp's pool; the next alert must not pay an attempt and a WARN line for it.
 */
class IdleConnectionTest {
    @RegisterExtension
    final CapturedLog log = new CapturedLog();
    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void aConnectionTheServerClosedWhileIdleCostsNoAttemptAndNoWarning() throws Exception {
        // each answer, then the server closes the connection the client keeps in its pool
        server.enqueue(new MockResponse().setBody("ok").setSocketPolicy(SocketPolicy.DISCONNECT_AT_END));
        server.enqueue(new MockResponse().setBody("ok").setSocketPolicy(SocketPolicy.DISCONNECT_AT_END));
        WebhookChannel channel = new WebhookChannel(server.url("/in").toString(), "web1", new HttpPoster(Duration.ofSeconds(2)));
        DeliveryQueue queue = new DeliveryQueue(List.of(channel),
                new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofHours(1)));
        queue.start();

        queue.submit(TestAlerts.crash("web", "web-1", 1));
        assertNotNull(server.takeRequest(5, TimeUnit.SECONDS));
        assertTrue(queue.drain(Duration.ofSeconds(5)));
        Thread.sleep(500); // idle: the close reaches the client, which does not look at connections idle under 10 s
        queue.submit(TestAlerts.crash("web", "web-1", 2));
        assertNotNull(server.takeRequest(5, TimeUnit.SECONDS));
        assertTrue(queue.drain(Duration.ofSeconds(5)));

        assertEquals(List.of(), log.lines("WARN"));
        assertEquals(2, log.lines("INFO").stream().filter(l -> l.contains(" sent via webhook") && !l.contains("attempt")).count(),
                log.text());
        assertEquals(2, server.getRequestCount(), "one request each");
    }
}
