package io.superlance.alert.telegram;

import io.superlance.alert.Template;
import io.superlance.alert.Facts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.TestAlerts;
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

/** A stand-in for Telegram's Bot API, checking the sendMessage request and answers its documentation describes. */
class TelegramChannelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    private final MockWebServer server = new MockWebServer();
    private TelegramChannel channel;

    @BeforeEach
    void start() throws Exception {
        server.start();
        channel = new TelegramChannel(server.url("/").toString(), TOKEN, "-1001234567890", "web1",
                new HttpPoster(Duration.ofSeconds(2)), ZoneOffset.UTC);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    static MockResponse error(int code, String description, String parameters) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody("{\"ok\":false,\"error_code\":" + code + ",\"description\":\"" + description + "\""
                        + (parameters == null ? "" : ",\"parameters\":" + parameters) + "}");
    }

    @Test
    void sendsHtmlToTheChat_withEntitiesEscaped() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"ok\":true,\"result\":{\"message_id\":42}}"));
        Alert alert = Alert.of("logmon", AlertKind.PROCESS_CRASHED, TestAlerts.TIME).subject("a <b> & c")
                .body("b").fact("lines", "</pre><a href=\"x\">click</a> & more").build();
        channel.send(alert);

        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(r);
        assertEquals("POST", r.getMethod());
        assertEquals("/bot" + TOKEN + "/sendMessage", r.getPath());
        JsonNode body = JSON.readTree(r.getBody().readUtf8());
        assertEquals("-1001234567890", body.path("chat_id").asText());
        assertEquals("HTML", body.path("parse_mode").asText());
        String text = body.path("text").asText();
        assertTrue(text.startsWith("<b>web1: a &lt;b&gt; &amp; c</b>\n<b>host</b>: web1\n"), text);
        assertTrue(text.endsWith("<pre>&lt;/pre&gt;&lt;a href=&quot;x&quot;&gt;click&lt;/a&gt; &amp; more</pre>"), text);
        assertEquals("telegram chat -1001234567890", channel.name());
    }

    @Test
    void floodControlIsRetriedAfterRetryAfter_refusalsNameTheCause_theTokenIsNeverShown() throws Exception {
        server.enqueue(error(429, "Too Many Requests: retry after 17", "{\"retry_after\":17}"));
        server.enqueue(error(401, "Unauthorized", null));
        server.enqueue(error(400, "Bad Request: chat not found", null));
        server.enqueue(error(403, "Forbidden: bot was kicked from the supergroup chat", null));
        server.enqueue(error(400, "Bad Request: group chat was upgraded to a supergroup chat", "{\"migrate_to_chat_id\":-1009876543210}"));
        server.enqueue(new MockResponse().setResponseCode(502).setBody("<html>Bad Gateway</html>"));
        Alert a = TestAlerts.crash("a", "a", 1);

        DeliveryException flood = assertThrows(DeliveryException.class, () -> channel.send(a));
        assertTrue(flood.retryable());
        assertEquals(Duration.ofSeconds(17), flood.retryAfter());
        DeliveryException token = assertThrows(DeliveryException.class, () -> channel.send(a));
        assertFalse(token.retryable());
        assertEquals("Telegram refused the message (401, Unauthorized): the bot token is wrong or was revoked", token.getMessage());
        assertTrue(assertThrows(DeliveryException.class, () -> channel.send(a)).getMessage()
                .endsWith("check --telegram-chat -1001234567890"));
        assertTrue(assertThrows(DeliveryException.class, () -> channel.send(a)).getMessage()
                .endsWith("the bot is not a member of chat -1001234567890 (or was blocked)"));
        assertTrue(assertThrows(DeliveryException.class, () -> channel.send(a)).getMessage()
                .endsWith("use --telegram-chat -1009876543210"));
        DeliveryException gateway = assertThrows(DeliveryException.class, () -> channel.send(a));
        assertTrue(gateway.retryable());
        assertFalse(gateway.getMessage().contains(TOKEN) || gateway.getMessage().contains("AAHdq"), gateway.getMessage());

        server.shutdown();
        DeliveryException down = assertThrows(DeliveryException.class, () -> channel.send(a));
        assertFalse(down.getMessage().contains("AAHdq"), down.getMessage());
    }

    @Test
    void anErrorIn200IsAFailure() {
        server.enqueue(new MockResponse().setBody("{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: "
                + "can't parse entities: Unsupported start tag \\\"x\\\" at byte offset 3\"}"));
        DeliveryException e = assertThrows(DeliveryException.class, () -> channel.send(TestAlerts.crash("a", "a", 1)));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().startsWith("Telegram refused the message (400, Bad Request: can't parse entities"), e.getMessage());
    }

    @Test
    void badTokensAndChatsAreRefusedAtStartup() {
        HttpPoster http = new HttpPoster(Duration.ofSeconds(1));
        assertThrows(IllegalArgumentException.class, () -> new TelegramChannel(TelegramChannel.API, "a b", "1", "h", http, null));
        assertEquals("'my chat' is not a chat id (-100..., a number) or a channel's @name", assertThrows(IllegalArgumentException.class,
                () -> new TelegramChannel(TelegramChannel.API, TOKEN, "my chat", "h", http, null)).getMessage());
        new TelegramChannel(TelegramChannel.API, TOKEN, "@ops_alerts", "h", http, null);
    }

    @Test
    void aTemplateReplacesTheText_itsValuesEscapedAsHtml() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"ok\":true,\"result\":{\"message_id\":42}}"));
        channel.template(Template.parse("<i>{host}</i> {subject}\n{lines}"));
        channel.send(Alert.of("logmon", AlertKind.PROCESS_CRASHED, TestAlerts.TIME).subject("ERROR in web-1")
                .body("b").fact(Facts.LINES, "ERROR <b>x</b> & **y**\nsecond").build());
        String text = JSON.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().readUtf8()).path("text").asText();
        assertTrue(text.endsWith("\n<i>web1</i> ERROR in web-1\n<pre>ERROR &lt;b&gt;x&lt;/b&gt; &amp; **y**\nsecond</pre>"), text);
    }
}
