package io.superlance.alert.slack;

import io.superlance.alert.Template;
import io.superlance.alert.Facts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.TestAlerts;
import io.superlance.alert.chat.RateLimiter;
import io.superlance.alert.webhook.HttpPoster;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stand-in for a Slack incoming webhook, checking the request and answers its documentation describes. */
class SlackChannelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MockWebServer server = new MockWebServer();
    private SlackChannel channel;

    @BeforeEach
    void start() throws Exception {
        server.start();
        channel = new SlackChannel(server.url("/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX").toString(), "web1",
                new HttpPoster(Duration.ofSeconds(2)), ZoneOffset.UTC)
                .budget(new RateLimiter(1000, Duration.ofSeconds(1))); // these tests are about Slack's answers, not the budget
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void postsMrkdwnText_withAmpersandAndAngleBracketsEscaped() throws Exception {
        server.enqueue(new MockResponse().setBody("ok"));
        Alert alert = Alert.of("logmon", AlertKind.PROCESS_CRASHED, TestAlerts.TIME).subject("<!channel> & more")
                .body("b").fact("lines", "ERROR a<b> && <@U123>").build();
        channel.send(alert);

        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(r);
        assertEquals("/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", r.getPath());
        assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
        String text = JSON.readTree(r.getBody().readUtf8()).path("text").asText();
        assertTrue(text.startsWith("*web1: &lt;!channel&gt; &amp; more*\n*host*: web1\n"), text);
        assertTrue(text.contains("```ERROR a&lt;b&gt; &amp;&amp; &lt;@\u2060U123&gt;```"), text);
        assertFalse(text.replace("&lt;", "").replace("&gt;", "").matches("(?s).*[<>].*"), "no mention or link can slip in: " + text);
    }

    @Test
    void aResolutionIsPosted_saysResolved() throws Exception {
        server.enqueue(new MockResponse().setBody("ok"));
        channel.send(TestAlerts.crash("web", "web", 1).withResolved(true));
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(r, "a resolution reaches Slack too");
        String text = JSON.readTree(r.getBody().readUtf8()).path("text").asText();
        assertTrue(text.startsWith("*web1: RESOLVED: "), text);
    }

    @Test
    void refusalsNameTheCause_and429WaitsForRetryAfter() {
        server.enqueue(new MockResponse().setResponseCode(404).setBody("no_service"));
        server.enqueue(new MockResponse().setResponseCode(410).setBody("channel_is_archived"));
        server.enqueue(new MockResponse().setResponseCode(400).setBody("invalid_payload"));
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "30").setBody("rate_limited"));
        server.enqueue(new MockResponse().setResponseCode(500).setBody("rollup_error"));
        Alert a = TestAlerts.crash("a", "a", 1);

        DeliveryException gone = assertThrows(DeliveryException.class, () -> channel.send(a));
        assertFalse(gone.retryable());
        assertEquals("Slack answered HTTP 404 no_service: the webhook URL is wrong or the webhook was removed", gone.getMessage());
        assertTrue(assertThrows(DeliveryException.class, () -> channel.send(a)).getMessage().endsWith("gone or archived"));
        assertFalse(assertThrows(DeliveryException.class, () -> channel.send(a)).retryable());
        DeliveryException limited = assertThrows(DeliveryException.class, () -> channel.send(a));
        assertTrue(limited.retryable());
        assertEquals(Duration.ofSeconds(30), limited.retryAfter());
        assertTrue(assertThrows(DeliveryException.class, () -> channel.send(a)).retryable());
    }

    @Test
    void theSecretPathIsNeverInANameOrMessage() throws Exception {
        assertEquals("slack http://" + server.getHostName() + ":" + server.getPort() + "/services/...", channel.name());
        server.shutdown();
        DeliveryException e = assertThrows(DeliveryException.class, () -> channel.send(TestAlerts.crash("a", "a", 1)));
        assertFalse(e.getMessage().contains("XXXXXXXX"), e.getMessage());
    }

    @Test
    void aTemplateReplacesTheText_itsValuesEscapedAsMrkdwn() throws Exception {
        server.enqueue(new MockResponse().setBody("ok"));
        channel.template(Template.parse("告警 {host}: {subject}\n{lines}"));
        channel.send(Alert.of("logmon", AlertKind.PROCESS_CRASHED, TestAlerts.TIME).subject("ERROR in web-1")
                .body("b").fact(Facts.LINES, "ERROR <b>x</b> & **y**\nsecond").build());
        String text = JSON.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().readUtf8()).path("text").asText();
        assertEquals("*web1: ERROR in web-1*\n告警 web1: ERROR in web-1\n```ERROR &lt;b&gt;x&lt;/b&gt; &amp; ∗∗y∗∗\nsecond```", text);
    }
}
