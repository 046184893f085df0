package io.superlance.alert.dingtalk;

import io.superlance.alert.Template;
import io.superlance.alert.Facts;
import io.superlance.alert.AlertKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.TestAlerts;
import io.superlance.alert.chat.RateLimiter;
import io.superlance.alert.chat.Ticker;
import io.superlance.alert.delivery.DeliveryQueue;
import io.superlance.alert.delivery.RetryPolicy;
import io.superlance.alert.webhook.HttpPoster;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DingTalkChannelTest {
    private static final String SECRET = "SECc0ffee0123456789abcdef";
    private static final long NOW_MS = 1_763_700_000_123L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private String robotUrl;

    @BeforeEach
    void start() throws Exception {
        server.start();
        robotUrl = server.url("/robot/send?access_token=tok123456789").toString();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private DingTalkChannel channel(DingTalkSigner signer, List<String> at, boolean atAll, RateLimiter budget) {
        return new DingTalkChannel(robotUrl, signer, at, atAll, "web1", new HttpPoster(Duration.ofSeconds(2)),
                ZoneOffset.UTC, budget, new Ticker() {
            @Override
            public long nanos() {
                return nanos.get();
            }

            @Override
            public long millis() {
                return NOW_MS + (nanos.get() - 1_000_000_000L) / 1_000_000; // the budget counts on the wall clock
            }
        });
    }

    private DingTalkChannel channel() {
        return channel(new DingTalkSigner(SECRET), List.of("13800000000"), false,
                new RateLimiter(DingTalkChannel.PER_MINUTE, Duration.ofMinutes(1)));
    }

    private static MockResponse reply(int errcode, String errmsg) {
        return new MockResponse().setHeader("Content-Type", "application/json")
                .setBody("{\"errcode\":" + errcode + ",\"errmsg\":\"" + errmsg + "\"}");
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(r, "no request reached the robot");
        return r;
    }

    /** DingTalk's documented recipe, written here apart from the code under test. */
    private static String expectedSign(long timestamp, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(
                mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void signatureMatchesAPublishedExample() {
        // From an independent implementation's test: timestamp 1700000000000, secret "secret".
        assertEquals("OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D",
                new DingTalkSigner("secret").signature(1_700_000_000_000L));
    }

    @Test
    void postsASignedMarkdownMessageWithEveryDetailAndTheMentions() throws Exception {
        server.enqueue(reply(0, "ok"));
        channel().send(TestAlerts.crash("web", "web-1", 4321));

        RecordedRequest r = take();
        assertEquals("POST", r.getMethod());
        assertEquals("/robot/send", r.getRequestUrl().encodedPath());
        assertEquals("tok123456789", r.getRequestUrl().queryParameter("access_token"));
        assertEquals(Long.toString(NOW_MS), r.getRequestUrl().queryParameter("timestamp"));
        String rawSign = r.getRequestUrl().encodedQuery().replaceAll(".*[?&]?sign=([^&]*).*", "$1");
        assertEquals(expectedSign(NOW_MS, SECRET), URLDecoder.decode(rawSign, StandardCharsets.UTF_8));
        assertFalse(rawSign.contains("+") || rawSign.contains("/") || rawSign.contains("="), "sign is URL-encoded: " + rawSign);
        assertTrue(r.getHeader("Content-Type").startsWith("application/json"));

        JsonNode body = JSON.readTree(r.getBody().readUtf8());
        assertEquals("markdown", body.path("msgtype").asText());
        String text = body.path("markdown").path("text").asText();
        assertTrue(body.path("markdown").path("title").asText().contains("web-1 crashed"), body.toString());
        for (String expected : List.of("web1", "**program**: web-1", "**group**: web", "4321", "EXITED",
                "2026-11-21 05:00:00,123", "exited unexpectedly", "@13800000000")) {
            assertTrue(text.contains(expected), "'" + expected + "' missing from:\n" + text);
        }
        assertEquals("13800000000", body.path("at").path("atMobiles").get(0).asText());
        assertFalse(body.path("at").path("isAtAll").asBoolean());
    }

    /** Log lines and a program's last output keep their line breaks: each is a quoted line with a hard break. */
    @Test
    void theBodysLinesStayLinesOfTheQuote() throws Exception {
        server.enqueue(reply(0, "ok"));
        channel().send(TestAlerts.crash("web", "web-1", 4321).withBody("web: 2 more matching lines:\nERROR 一\r\nERROR two"));
        String text = JSON.readTree(take().getBody().readUtf8()).path("markdown").path("text").asText();
        assertTrue(text.contains("> web: 2 more matching lines:  \n> ERROR 一  \n> ERROR two\n"), text);
    }

    @Test
    void withoutSecretTheUrlIsLeftAlone_andAtAllIsSet() throws Exception {
        server.enqueue(reply(0, "ok"));
        channel(null, List.of(), true, new RateLimiter(19, Duration.ofMinutes(1))).send(TestAlerts.crash("a", "a", 1));
        RecordedRequest r = take();
        assertNull(r.getRequestUrl().queryParameter("sign"));
        assertNull(r.getRequestUrl().queryParameter("timestamp"));
        assertTrue(JSON.readTree(r.getBody().readUtf8()).path("at").path("isAtAll").asBoolean());
    }

    @Test
    void rateLimitedReplyIsARetryableFailure_otherErrcodesAreNot() {
        server.enqueue(reply(310000, "sign not match"));
        server.enqueue(new MockResponse().setResponseCode(502));
        server.enqueue(new MockResponse().setBody("<html>not a robot</html>"));
        server.enqueue(reply(-1, "system busy"));
        server.enqueue(reply(130101, "send too fast, exceed 20 times per minute"));
        DingTalkChannel c = channel();

        DeliveryException refused = assertThrows(DeliveryException.class, () -> c.send(TestAlerts.crash("a", "a", 1)));
        assertFalse(refused.retryable());
        assertTrue(refused.getMessage().contains("310000") && refused.getMessage().contains("sign not match"));
        assertTrue(assertThrows(DeliveryException.class, () -> c.send(TestAlerts.crash("a", "a", 1))).retryable());
        assertFalse(assertThrows(DeliveryException.class, () -> c.send(TestAlerts.crash("a", "a", 1))).retryable());
        assertTrue(assertThrows(DeliveryException.class, () -> c.send(TestAlerts.crash("a", "a", 1))).retryable());
        DeliveryException limited = assertThrows(DeliveryException.class, () -> c.send(TestAlerts.crash("a", "a", 1)));
        assertTrue(limited.retryable());
        assertTrue(limited.getMessage().contains("130101"), limited.getMessage());
        assertEquals(Duration.ofMinutes(10), limited.retryAfter(), "DingTalk blocks the robot for ten minutes");
        assertTrue(refused.getMessage().contains("keyword, signing secret"), "names the cause: " + refused.getMessage());
    }

    @Test
    void aBusyAnswerIsDeliveredLaterByTheQueue() throws Exception {
        server.enqueue(reply(-1, "system busy"));
        server.enqueue(reply(0, "ok"));
        DeliveryQueue queue = new DeliveryQueue(List.of(channel()),
                new RetryPolicy(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofDays(36500)));
        queue.start();
        long start = System.nanoTime();
        queue.submit(TestAlerts.crash("web", "web-1", 7));

        String first = take().getBody().readUtf8();
        String second = take().getBody().readUtf8();
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos(), "retried later, not at once");
        assertEquals(first, second, "the retry carries the same message");
        assertTrue(queue.drain(Duration.ofSeconds(5)));
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void severalAlertsFoldIntoOneMessage_andAStormIsCountedNotListed() throws Exception {
        DingTalkChannel c = channel();
        assertTrue(c.foldsAlerts());
        server.enqueue(reply(0, "ok"));
        c.sendAll(List.of(TestAlerts.crash("g", "one", 1), TestAlerts.crash("g", "two", 2), TestAlerts.crash("g", "three", 3)));
        JsonNode body = JSON.readTree(take().getBody().readUtf8());
        String text = body.path("markdown").path("text").asText();
        assertEquals("3 alerts on web1", body.path("markdown").path("title").asText());
        assertTrue(text.contains("**program**: one") && text.contains("**program**: two") && text.contains("**program**: three"), text);

        List<Alert> storm = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            storm.add(TestAlerts.crash("g", "p" + i, i));
        }
        server.enqueue(reply(0, "ok"));
        c.sendAll(storm);
        String stormText = JSON.readTree(take().getBody().readUtf8()).path("markdown").path("text").asText();
        assertTrue(stormText.contains("15 more alerts not shown"), stormText);
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void staysUnderTheRobotsBudget_andSaysWhenToRetry() throws Exception {
        DingTalkChannel c = channel(null, List.of(), false, new RateLimiter(2, Duration.ofMinutes(1)));
        server.enqueue(reply(0, "ok"));
        server.enqueue(reply(0, "ok"));
        server.enqueue(reply(0, "ok"));
        c.send(TestAlerts.crash("a", "a", 1));
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        c.send(TestAlerts.crash("a", "a", 2));

        DeliveryException spent = assertThrows(DeliveryException.class, () -> c.send(TestAlerts.crash("a", "a", 3)));
        assertTrue(spent.retryable());
        assertTrue(spent.getMessage().contains("in 50 s"), spent.getMessage());
        assertTrue(spent.overBudget(), "nothing was tried: the queue folds what waits, counting no failure");
        assertEquals(Duration.ofSeconds(50), spent.retryAfter(), "the queue waits for the budget, not its own backoff");
        assertEquals(2, server.getRequestCount(), "nothing is posted over the budget");

        nanos.addAndGet(Duration.ofSeconds(50).toNanos());
        c.send(TestAlerts.crash("a", "a", 3));
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void aResolutionIsPosted_sayingResolvedAndHowLongItLasted() throws Exception {
        Channel c = channel();
        Alert back = Alert.of("crashmail", TestAlerts.runningAgain("a", "a", 1).kind(), TestAlerts.TIME)
                .subject(" a running again").body("Process a in group a is running again (pid 1)")
                .resolved(true).fact("duration", "2m30s").build();
        assertTrue(c.accepts(back));
        server.enqueue(reply(0, "ok"));
        c.send(back);
        JsonNode markdown = JSON.readTree(take().getBody().readUtf8()).get("markdown");
        assertEquals("web1: RESOLVED: a running again", markdown.get("title").asText());
        assertTrue(markdown.get("text").asText().contains("**duration**: 2m30s  \n"), markdown.toString());
    }

    @Test
    void nameHidesTheToken() {
        String name = channel().name();
        assertFalse(name.contains("tok123456789"), name);
        assertTrue(name.contains("...6789"), name);
    }

    @Test
    void aTemplateReplacesTheFields_theTitleAndMentionsStay() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"errcode\":0,\"errmsg\":\"ok\"}"));
        DingTalkChannel c = channel(null, List.of("13800000000"), false,
                new RateLimiter(DingTalkChannel.PER_MINUTE, Duration.ofMinutes(1)));
        c.template(Template.parse("告警 {host} {subject}\n{facts}\n{lines}"));
        c.send(Alert.of("logmon", AlertKind.PROCESS_CRASHED, TestAlerts.TIME).subject("ERROR in web-1")
                .body("b").fact(Facts.LINES, "ERROR <b>x</b> & **y**\nsecond").build());
        String text = JSON.readTree(take().getBody().readUtf8()).path("markdown").path("text").asText();
        assertTrue(text.startsWith("#### web1: ERROR in web-1\n\n告警 web1 ERROR in web-1\n**host**: web1  \n"), text);
        assertTrue(text.contains("\n> ERROR ＜b>x＜/b> & ∗∗y∗∗  \n> second\n"), "the log line cannot format: " + text);
        assertTrue(text.endsWith("@13800000000"), text);
    }
}
