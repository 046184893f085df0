package io.superlance.alert.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.TestAlerts;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookChannelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private WebhookChannel channel(Duration timeout) {
        return new WebhookChannel(server.url("/hooks/superlance?key=s3cret").toString(), "web1", new HttpPoster(timeout));
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(r, "no request reached the webhook");
        return r;
    }

    @Test
    void postsTheDocumentedJsonDocument() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));
        Alert alert = TestAlerts.crash("web", "web-1", 4321);
        channel(Duration.ofSeconds(2)).send(alert);

        RecordedRequest r = take();
        assertEquals("POST", r.getMethod());
        assertEquals("/hooks/superlance?key=s3cret", r.getPath());
        assertTrue(r.getHeader("Content-Type").startsWith("application/json"), r.getHeader("Content-Type"));
        assertEquals(alert.id(), r.getHeader("X-Superlance-Alert-Id"));
        assertTrue(r.getHeader("User-Agent").matches("superlance/\\d+\\.\\d+.*"), r.getHeader("User-Agent"));
        JsonNode doc = JSON.readTree(r.getBody().readUtf8());

        List<String> fields = List.of("schema", "id", "time", "host", "source", "kind", "resolved", "subject", "body",
                "program", "group", "name", "pid", "state");
        Iterator<String> names = doc.fieldNames();
        for (String f : fields) {
            assertEquals(f, names.next(), "fields in the documented order");
        }
        assertFalse(names.hasNext(), "no undocumented field: " + doc);
        assertEquals("superlance.alert.v1", doc.get("schema").asText());
        assertEquals(alert.id(), doc.get("id").asText());
        assertEquals(Instant.parse("2026-11-21T05:00:00.123Z"), Instant.parse(doc.get("time").asText()));
        assertEquals("web1", doc.get("host").asText());
        assertEquals("crashmail", doc.get("source").asText());
        assertEquals("ProcessCrashed", doc.get("kind").asText());
        assertFalse(doc.get("resolved").asBoolean());
        assertEquals("web-1 crashed at 2026-11-21 05:00:00,123", doc.get("subject").asText());
        assertEquals(alert.body(), doc.get("body").asText());
        assertEquals("web:web-1", doc.get("program").asText());
        assertEquals("web", doc.get("group").asText());
        assertEquals("web-1", doc.get("name").asText());
        assertEquals(4321, doc.get("pid").asInt());
        assertEquals("EXITED", doc.get("state").asText());
    }

    @Test
    void resolvedAlertsAndAlertsWithoutAProcessArePostedToo() throws Exception {
        server.enqueue(new MockResponse());
        server.enqueue(new MockResponse());
        WebhookChannel c = channel(Duration.ofSeconds(2));
        c.send(TestAlerts.runningAgain("web", "web-1", 99));
        assertTrue(JSON.readTree(take().getBody().readUtf8()).get("resolved").asBoolean());

        c.send(Alert.of("httpok", AlertKind.HTTP_BAD_STATUS, TestAlerts.TIME).subject("httpok: bad \"status\"\r\n")
                .body("line1\nline2\u0001 \u4e2d\u6587 \ud83d\ude00").build());
        JsonNode doc = JSON.readTree(take().getBody().readUtf8());
        assertTrue(doc.get("program").isNull() && doc.get("pid").isNull() && doc.get("state").isNull(), doc.toString());
        assertEquals("line1\nline2\u0001 \u4e2d\u6587 \ud83d\ude00", doc.get("body").asText());
        assertEquals("httpok: bad \"status\"", doc.get("subject").asText());
    }

    @Test
    void serverErrorsAndTooManyRequestsAreRetryable_otherRefusalsAreNot() {
        WebhookChannel c = channel(Duration.ofSeconds(2));
        for (int code : new int[]{500, 503, 429, 408}) {
            server.enqueue(new MockResponse().setResponseCode(code).setBody("busy"));
            if (code == 408) { // okhttp repeats a request the server timed out on once itself, as HTTP allows
                server.enqueue(new MockResponse().setResponseCode(code).setBody("busy"));
            }
            DeliveryException e = assertThrows(DeliveryException.class, () -> c.send(TestAlerts.crash("a", "a", 1)));
            assertTrue(e.retryable(), code + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("HTTP " + code), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"), "no query string in messages: " + e.getMessage());
        }
        for (int code : new int[]{400, 401, 404, 301}) {
            server.enqueue(new MockResponse().setResponseCode(code).setHeader("Location", "http://elsewhere/"));
            DeliveryException e = assertThrows(DeliveryException.class, () -> c.send(TestAlerts.crash("a", "a", 1)));
            assertFalse(e.retryable(), code + ": " + e.getMessage());
        }
    }

    @Test
    void aWebhookThatNeverAnswersTimesOut() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        long start = System.nanoTime();
        DeliveryException e = assertThrows(DeliveryException.class,
                () -> channel(Duration.ofSeconds(1)).send(TestAlerts.crash("a", "a", 1)));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.retryable());
        assertTrue(ms < 3000, "took " + ms + " ms");
        assertTrue(e.getMessage().contains("no answer"), e.getMessage());
    }

    @Test
    void aClosedPortIsARetryableFailure() throws Exception {
        String url = server.url("/").toString();
        server.shutdown();
        DeliveryException e = assertThrows(DeliveryException.class,
                () -> new WebhookChannel(url, "h", new HttpPoster(Duration.ofSeconds(1))).send(TestAlerts.crash("a", "a", 1)));
        assertTrue(e.retryable());
        assertTrue(e.getMessage().startsWith("cannot reach"), e.getMessage());
    }

    @Test
    void badUrlsAreRefusedAtStartup() {
        for (String bad : List.of("ftp://x/", "localhost:9000", "http:///nohost", "not a url")) {
            assertThrows(IllegalArgumentException.class, () -> new WebhookChannel(bad, "h", new HttpPoster(Duration.ofSeconds(1))), bad);
        }
    }

    @Test
    void anErrorIn200IsAFailedAttempt_whenTheWebhookIsToldWhatSuccessLooksLike() throws Exception {
        String url = server.url("/cgi-bin/webhook/send?key=s3cret").toString();
        WebhookChannel c = new WebhookChannel(url, "web1", new HttpPoster(Duration.ofSeconds(2)), null, WebhookSuccess.parse("errcode=0"));
        server.enqueue(new MockResponse().setBody("{\"errcode\":40008,\"errmsg\":\"invalid message type\"}"));
        server.enqueue(new MockResponse().setBody("<html>maintenance</html>"));
        server.enqueue(new MockResponse().setBody("{\"errcode\":0,\"errmsg\":\"ok\"}"));

        DeliveryException e = assertThrows(DeliveryException.class, () -> c.send(TestAlerts.crash("a", "a", 1)));
        assertTrue(e.retryable());
        assertEquals("http://" + server.getHostName() + ":" + server.getPort() + "/cgi-bin/webhook/send?key=*** answered HTTP 200 with "
                + "errcode=40008, not errcode=0: {\"errcode\":40008,\"errmsg\":\"invalid message type\"}", e.getMessage());
        assertTrue(assertThrows(DeliveryException.class, () -> c.send(TestAlerts.crash("a", "a", 1))).getMessage()
                .contains("with an answer that is not JSON"));
        c.send(TestAlerts.crash("a", "a", 1));
        assertEquals(3, server.getRequestCount());

        WebhookChannel nested = new WebhookChannel(url, "web1", new HttpPoster(Duration.ofSeconds(2)), null, WebhookSuccess.parse("result.ok=true"));
        server.enqueue(new MockResponse().setBody("{\"result\":{\"ok\":true}}"));
        nested.send(TestAlerts.crash("a", "a", 1));
        assertThrows(IllegalArgumentException.class, () -> WebhookSuccess.parse("=true"));
        assertThrows(IllegalArgumentException.class, () -> WebhookSuccess.parse("ok"));
    }

    @Test
    void a429IsRetriedAfterTheTimeTheServerAsks_andARefusedTokenIsGivenUpNamingTheCause() {
        WebhookChannel c = channel(Duration.ofSeconds(2));
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "30").setBody("slow down"));
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"));
        server.enqueue(new MockResponse().setResponseCode(403).setBody("invalid_token"));

        DeliveryException limited = assertThrows(DeliveryException.class, () -> c.send(TestAlerts.crash("a", "a", 1)));
        assertTrue(limited.retryable());
        assertEquals(Duration.ofSeconds(30), limited.retryAfter());
        DeliveryException busy = assertThrows(DeliveryException.class, () -> c.send(TestAlerts.crash("a", "a", 1)));
        assertEquals(Duration.ZERO, busy.retryAfter(), "a date in the past: no wait of its own");
        DeliveryException refused = assertThrows(DeliveryException.class, () -> c.send(TestAlerts.crash("a", "a", 1)));
        assertFalse(refused.retryable());
        assertTrue(refused.getMessage().endsWith("HTTP 403: invalid_token (the token or key is refused: check it)"), refused.getMessage());
        assertEquals(Duration.ofHours(1), HttpPoster.retryAfter("86400", 0), "a wait beyond an hour is capped");
        assertEquals(null, HttpPoster.retryAfter("soon", 0));
    }
}
