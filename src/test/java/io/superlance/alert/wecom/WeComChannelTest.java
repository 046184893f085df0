package io.superlance.alert.wecom;

import io.superlance.alert.Template;
import io.superlance.alert.Facts;
import io.superlance.alert.AlertKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.superlance.alert.Alert;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.TestAlerts;
import io.superlance.alert.chat.RateLimiter;
import io.superlance.alert.chat.Ticker;
import io.superlance.alert.webhook.HttpPoster;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stand-in for WeCom's group robot API, checking the request its documentation describes. */
class WeComChannelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MockWebServer server = new MockWebServer();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private String robotUrl;

    @BeforeEach
    void start() throws Exception {
        server.start();
        robotUrl = server.url("/cgi-bin/webhook/send?key=693axxx6-7aoc-4bc4-97a0-0ec2sifa5aaa").toString();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private WeComChannel channel(List<String> at, boolean atAll, RateLimiter budget) {
        return new WeComChannel(robotUrl, at, atAll, "web1", new HttpPoster(Duration.ofSeconds(2)), ZoneOffset.UTC, budget,
                new Ticker() {
                    @Override
                    public long nanos() {
                        return nanos.get();
                    }

                    @Override
                    public long millis() {
                        return nanos.get() / 1_000_000; // the budget counts on the wall clock
                    }
                });
    }

    private WeComChannel channel() {
        return channel(List.of(), false, new RateLimiter(WeComChannel.PER_MINUTE, Duration.ofMinutes(1)));
    }

    static MockResponse reply(int errcode, String errmsg) {
        return new MockResponse().setHeader("Content-Type", "application/json")
                .setBody("{\"errcode\":" + errcode + ",\"errmsg\":\"" + errmsg + "\"}");
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(r, "no request reached the robot");
        return r;
    }

    @Test
    void postsAMarkdownMessageToTheRobotUrl() throws Exception {
        server.enqueue(reply(0, "ok"));
        channel().send(TestAlerts.crash("web", "web-1", 4321));

        RecordedRequest r = take();
        assertEquals("POST", r.getMethod());
        assertEquals("/cgi-bin/webhook/send?key=693axxx6-7aoc-4bc4-97a0-0ec2sifa5aaa", r.getPath());
        assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
        JsonNode body = JSON.readTree(r.getBody().readUtf8());
        assertEquals("markdown", body.path("msgtype").asText());
        String content = body.path("markdown").path("content").asText();
        assertTrue(content.startsWith("### web1: web-1 crashed at 2026-11-21 05:00:00,123\n**host**: web1\n"), content);
        assertTrue(content.contains("**program**: web-1") && content.contains("**pid**: 4321"), content);
        assertEquals(1, server.getRequestCount(), "no mention message when nobody is mentioned");
    }

    @Test
    void mentionsByMobileGoInATextMessageAfterTheCard_asMarkdownCannotMention() throws Exception {
        server.enqueue(reply(0, "ok"));
        server.enqueue(reply(0, "ok"));
        channel(List.of("13800001111"), true, new RateLimiter(19, Duration.ofMinutes(1))).send(TestAlerts.crash("web", "web-1", 1));
        assertEquals("markdown", JSON.readTree(take().getBody().readUtf8()).path("msgtype").asText());
        JsonNode text = JSON.readTree(take().getBody().readUtf8());
        assertEquals("text", text.path("msgtype").asText());
        assertEquals("[\"13800001111\",\"@all\"]", text.path("text").path("mentioned_mobile_list").toString());
        assertEquals("web1: web-1 crashed at 2026-11-21 05:00:00,123", text.path("text").path("content").asText());
    }

    @Test
    void anErrcodeIn200IsAFailure_permanentOnesNameTheCause_theRateLimitWaitsAMinute() {
        server.enqueue(reply(93000, "invalid webhook url, hint: [1700000000_1_abc]"));
        server.enqueue(reply(40008, "invalid message type"));
        server.enqueue(reply(45009, "api freq out of limit"));
        server.enqueue(reply(-1, "system busy"));
        server.enqueue(new MockResponse().setBody("<html>proxy error</html>"));
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "12"));
        WeComChannel c = channel();
        Alert a = TestAlerts.crash("a", "a", 1);

        DeliveryException badKey = assertThrows(DeliveryException.class, () -> c.send(a));
        assertFalse(badKey.retryable());
        assertEquals("WeCom refused the message (errcode 93000, invalid webhook url, hint: [1700000000_1_abc]): "
                + "the key in the robot URL is wrong, or the robot was removed", badKey.getMessage());
        DeliveryException badType = assertThrows(DeliveryException.class, () -> c.send(a));
        assertFalse(badType.retryable());
        assertTrue(badType.getMessage().contains("40008"), badType.getMessage());
        DeliveryException limited = assertThrows(DeliveryException.class, () -> c.send(a));
        assertTrue(limited.retryable());
        assertEquals(Duration.ofMinutes(1), limited.retryAfter());
        assertTrue(assertThrows(DeliveryException.class, () -> c.send(a)).retryable());
        assertFalse(assertThrows(DeliveryException.class, () -> c.send(a)).retryable(), "no errcode: not a robot");
        DeliveryException http429 = assertThrows(DeliveryException.class, () -> c.send(a));
        assertEquals(Duration.ofSeconds(12), http429.retryAfter());
        assertFalse(http429.getMessage().contains("693axxx6"), "no key in messages: " + http429.getMessage());
    }

    @Test
    void staysUnder20MessagesAMinute_foldingWhatWaits() throws Exception {
        WeComChannel c = channel(List.of(), false, new RateLimiter(2, Duration.ofMinutes(1)));
        server.enqueue(reply(0, "ok"));
        server.enqueue(reply(0, "ok"));
        server.enqueue(reply(0, "ok"));
        c.send(TestAlerts.crash("a", "a", 1));
        c.send(TestAlerts.crash("a", "a", 2));
        DeliveryException spent = assertThrows(DeliveryException.class, () -> c.send(TestAlerts.crash("a", "a", 3)));
        assertEquals(Duration.ofSeconds(60), spent.retryAfter());
        assertEquals(2, server.getRequestCount(), "nothing is posted over the budget");

        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        List<Alert> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(TestAlerts.crash("g", "p" + i, i));
        }
        assertTrue(c.foldsAlerts());
        c.sendAll(waiting);
        take();
        take();
        String content = JSON.readTree(take().getBody().readUtf8()).path("markdown").path("content").asText();
        assertTrue(content.startsWith("### 5 alerts on web1"), content);
        assertTrue(c.accepts(TestAlerts.runningAgain("g", "p", 1)), "a resolution reaches WeCom like every channel");
    }

    @Test
    void aCardAndItsMentionTakeTwoSlots_orWaitTogether() {
        WeComChannel c = channel(List.of("13800001111"), false, new RateLimiter(3, Duration.ofMinutes(1)));
        server.enqueue(reply(0, "ok"));
        server.enqueue(reply(0, "ok"));
        assertDoesNotThrow(() -> c.send(TestAlerts.crash("a", "a", 1)));
        DeliveryException spent = assertThrows(DeliveryException.class, () -> c.send(TestAlerts.crash("a", "a", 2)));
        assertEquals(Duration.ofSeconds(60), spent.retryAfter());
        assertEquals(2, server.getRequestCount(), "no card is sent without its mention");
    }

    @Test
    void aTemplateReplacesTheCard_aLogLineStaysQuoted() throws Exception {
        server.enqueue(reply(0, "ok"));
        WeComChannel c = channel();
        c.template(Template.parse("**{host}** {subject} ({duration})\n{lines}"));
        c.send(Alert.of("logmon", AlertKind.PROCESS_CRASHED, TestAlerts.TIME).subject("ERROR in web-1")
                .body("b").fact(Facts.LINES, "ERROR <b>x</b> & **y**\nsecond").build());
        String content = JSON.readTree(take().getBody().readUtf8()).path("markdown").path("content").asText();
        assertEquals("### web1: ERROR in web-1\n**web1** ERROR in web-1 ()\n> ERROR ＜b>x＜/b> & ∗∗y∗∗\n> second", content);
    }
}
