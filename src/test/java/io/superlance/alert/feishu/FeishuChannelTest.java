package io.superlance.alert.feishu;

import io.superlance.alert.Template;
import io.superlance.alert.Facts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
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

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stand-in for Feishu's custom bot webhook, checking the request and signature its documentation describes. */
class FeishuChannelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "qPmO7jUsdG9Zd3Qd1Jm5mb";
    private static final long NOW_MS = 1_763_700_000_999L;
    private final MockWebServer server = new MockWebServer();
    private String hookUrl;

    @BeforeEach
    void start() throws Exception {
        server.start();
        hookUrl = server.url("/open-apis/bot/v2/hook/5e3d587e-d78e-4a07-bd07-265f269f86fd").toString();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private FeishuChannel channel(FeishuSigner signer, FeishuChannel.Format format) {
        return new FeishuChannel(hookUrl, signer, format, "web1", new HttpPoster(Duration.ofSeconds(2)), ZoneOffset.UTC,
                new Ticker() {
                    @Override
                    public long nanos() {
                        return 0;
                    }

                    @Override
                    public long millis() {
                        return NOW_MS;
                    }
                }).budget(new RateLimiter(1000, Duration.ofSeconds(1))); // these tests are about Feishu's answers, not the budget
    }

    static MockResponse reply(int code, String msg) {
        return new MockResponse().setHeader("Content-Type", "application/json")
                .setBody("{\"code\":" + code + ",\"data\":{},\"msg\":\"" + msg + "\"}");
    }

    private JsonNode take() throws Exception {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(r, "no request reached the bot");
        assertEquals("POST", r.getMethod());
        assertEquals("/open-apis/bot/v2/hook/5e3d587e-d78e-4a07-bd07-265f269f86fd", r.getPath());
        return JSON.readTree(r.getBody().readUtf8());
    }

    /** The documented signature, computed here independently: the key is "timestamp\nsecret", the data empty. */
    private static String expectedSign(String timestamp) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec((timestamp + "\n" + SECRET).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal());
    }

    @Test
    void postsASignedInteractiveCard_withEscapedMarkdown() throws Exception {
        server.enqueue(reply(0, "success"));
        Alert alert = Alert.of("logmon", AlertKind.PROCESS_CRASHED, TestAlerts.TIME).subject("1 line matched")
                .body("b").fact("lines", "ERROR <script> & co").build();
        channel(new FeishuSigner(SECRET), FeishuChannel.Format.CARD).send(alert);

        JsonNode body = take();
        assertEquals("1763700000", body.path("timestamp").asText(), "seconds, as a string");
        assertEquals(expectedSign("1763700000"), body.path("sign").asText());
        assertEquals("interactive", body.path("msg_type").asText());
        JsonNode card = body.path("card");
        assertEquals("web1: 1 line matched", card.path("header").path("title").path("content").asText());
        assertEquals("plain_text", card.path("header").path("title").path("tag").asText());
        JsonNode element = card.path("elements").get(0);
        assertEquals("markdown", element.path("tag").asText());
        String md = element.path("content").asText();
        assertTrue(md.startsWith("**host**: web1\n**monitor**: logmon\n"), md);
        assertTrue(md.contains("ERROR &lt;script&gt; &amp; co"), md);
    }

    @Test
    void postsRichTextWhenAskedAndUnsignedWithoutASecret() throws Exception {
        server.enqueue(reply(0, "success"));
        channel(null, FeishuChannel.Format.POST).send(TestAlerts.crash("web", "web-1", 4321));
        JsonNode body = take();
        assertFalse(body.has("sign") || body.has("timestamp"));
        assertEquals("post", body.path("msg_type").asText());
        JsonNode post = body.path("content").path("post").path("zh_cn");
        assertEquals("web1: web-1 crashed at 2026-11-21 05:00:00,123", post.path("title").asText());
        assertEquals("text", post.path("content").get(0).get(0).path("tag").asText());
        assertEquals("host: web1", post.path("content").get(0).get(0).path("text").asText());
    }

    @Test
    void aNonZeroCodeIsAFailure_permanentOnesNameTheCause_theRateLimitIsRetried() {
        server.enqueue(reply(19021, "sign match fail or timestamp is not within one hour from current time"));
        server.enqueue(reply(19024, "Key Words Not Found"));
        server.enqueue(new MockResponse().setResponseCode(400).setBody("{\"code\":9499,\"msg\":\"Bad Request\",\"data\":{}}"));
        server.enqueue(reply(11232, "frequency limited"));
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "3").setBody("{\"code\":11232,\"msg\":\"limited\"}"));
        server.enqueue(new MockResponse().setBody("{\"StatusCode\":0,\"StatusMessage\":\"success\"}"));
        FeishuChannel c = channel(new FeishuSigner("wrong"), FeishuChannel.Format.CARD);
        Alert a = TestAlerts.crash("a", "a", 1);

        DeliveryException sign = assertThrows(DeliveryException.class, () -> c.send(a));
        assertFalse(sign.retryable());
        assertEquals("Feishu refused the message (code 19021, sign match fail or timestamp is not within one hour from current "
                + "time): the signing secret is wrong, or this host's clock is more than an hour off", sign.getMessage());
        DeliveryException keyword = assertThrows(DeliveryException.class, () -> c.send(a));
        assertFalse(keyword.retryable());
        assertTrue(keyword.getMessage().endsWith("the message lacks the bot's keyword"), keyword.getMessage());
        assertFalse(assertThrows(DeliveryException.class, () -> c.send(a)).retryable());
        assertTrue(assertThrows(DeliveryException.class, () -> c.send(a)).retryable());
        DeliveryException limited = assertThrows(DeliveryException.class, () -> c.send(a));
        assertEquals(Duration.ofSeconds(3), limited.retryAfter());
        assertDoesNotThrow(c, a);
    }

    private static void assertDoesNotThrow(FeishuChannel c, Alert a) {
        try {
            c.send(a);
        } catch (DeliveryException e) {
            throw new AssertionError("the older answer {StatusCode:0} is success: " + e.getMessage());
        }
    }

    @Test
    void theNameShowsNoToken() {
        assertEquals("feishu http://" + server.getHostName() + ":" + server.getPort() + "/open-apis/bot/v2/hook/...",
                channel(null, FeishuChannel.Format.CARD).name());
    }

    @Test
    void aTemplateReplacesTheCardText_itsValuesEscaped_andAResolutionSaysSo() throws Exception {
        server.enqueue(reply(0, "success"));
        server.enqueue(reply(0, "success"));
        FeishuChannel c = channel(null, FeishuChannel.Format.CARD);
        c.template(Template.parse("{subject}\n{lines}"));
        c.send(Alert.of("logmon", AlertKind.PROCESS_CRASHED, TestAlerts.TIME).subject("ERROR in web-1")
                .body("b").fact(Facts.LINES, "ERROR <b>x</b> & **y**\nsecond").build());
        String md = take().path("card").path("elements").path(0).path("content").asText();
        assertEquals("ERROR in web-1\n```\nERROR &lt;b&gt;x&lt;/b&gt; &amp; ∗∗y∗∗\nsecond\n```", md);
        c.send(TestAlerts.crash("web", "web-1", 1).withResolved(true));
        md = take().path("card").path("elements").path(0).path("content").asText();
        assertTrue(md.startsWith("RESOLVED: web-1 crashed"), md);
    }

    @Test
    void theCardIsRedForTrouble_greenForAResolution() throws Exception {
        server.enqueue(reply(0, "success"));
        server.enqueue(reply(0, "success"));
        server.enqueue(reply(0, "success"));
        FeishuChannel c = channel(null, FeishuChannel.Format.CARD);
        c.send(TestAlerts.crash("web", "web-1", 1));
        assertEquals("red", take().path("card").path("header").path("template").asText());
        c.send(TestAlerts.runningAgain("web", "web-1", 2));
        assertEquals("green", take().path("card").path("header").path("template").asText(), "a resolution is good news");
        c.sendAll(java.util.List.of(TestAlerts.runningAgain("web", "web-1", 2), TestAlerts.crash("db", "db-1", 3)));
        assertEquals("red", take().path("card").path("header").path("template").asText(), "trouble among them");
    }
}
