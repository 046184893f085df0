package io.superlance.alert.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Channel;
import io.superlance.alert.Facts;
import io.superlance.alert.Template;
import io.superlance.alert.TestAlerts;
import io.superlance.alert.dingtalk.DingTalkChannel;
import io.superlance.alert.feishu.FeishuChannel;
import io.superlance.alert.slack.SlackChannel;
import io.superlance.alert.telegram.TelegramChannel;
import io.superlance.alert.webhook.HttpPoster;
import io.superlance.alert.wecom.WeComChannel;
import io.superlance.protocol.ProcessId;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What each chat service documents about size and markup, held by every chat channel: the measured cases
 * (a crash with a long tail, a big digest, emoji, a folded storm, a log line with markup) and the
 * services' "too long" answers.
 */
class ChatContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A log line that tries every markup the services honour. */
    static final String EVIL = "ERROR see [click](http://evil.example) ![img](http://evil.example/x.png) "
            + "<font color=red>x</font> <@all> <at user_id=\"all\">all</at> <!channel> **bold** <b>b</b> `code`";

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private HttpPoster http() {
        return new HttpPoster(Duration.ofSeconds(5));
    }

    private DingTalkChannel dingtalk() {
        return new DingTalkChannel(server.url("/robot/send?access_token=tok123456789").toString(), null, List.of(), false,
                "web1", http(), ZoneOffset.UTC);
    }

    private WeComChannel wecom() {
        return new WeComChannel(server.url("/cgi-bin/webhook/send?key=k").toString(), List.of(), false, "web1", http(),
                ZoneOffset.UTC);
    }

    private FeishuChannel feishu() {
        return new FeishuChannel(server.url("/open-apis/bot/v2/hook/abc").toString(), null, FeishuChannel.Format.CARD,
                "web1", http(), ZoneOffset.UTC);
    }

    private SlackChannel slack() {
        // Slack's budget is one a second: a shorter form after msg_too_long goes a second later, through the lane
        return new SlackChannel(server.url("/services/T0/B0/x").toString(), "web1", http(), ZoneOffset.UTC)
                .budget(new RateLimiter(1000, Duration.ofSeconds(1)));
    }

    private TelegramChannel telegram() {
        return new TelegramChannel(server.url("/").toString(), "123456:ABC-DEF", "-1001234567890", "web1", http(),
                ZoneOffset.UTC);
    }

    private static MockResponse errcode(int code, String msg) {
        return new MockResponse().setHeader("Content-Type", "application/json")
                .setBody("{\"errcode\":" + code + ",\"errmsg\":\"" + msg + "\"}");
    }

    private static MockResponse ok() {
        return errcode(0, "ok");
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(r, "no request reached the service");
        return r;
    }

    /** The request body, checked to be valid UTF-8 as every service demands. */
    private static String utf8(RecordedRequest r) {
        byte[] bytes = r.getBody().readByteArray();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("the request is not valid UTF-8", e);
        }
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** No lone surrogate in a JSON string value: Telegram refuses those ("strings must be encoded in UTF-8"). */
    private static void assertWholeCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertTrue(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)), "a lone high surrogate at " + i);
                i++;
            } else {
                assertFalse(Character.isLowSurrogate(c), "a lone low surrogate at " + i);
            }
        }
    }

    /** Telegram's count: the text after its HTML is parsed, in UTF-16 units. */
    private static int telegramLength(String html) {
        return html.replaceAll("<[^>]*>", "").replaceAll("&(lt|gt|amp|quot);", "x").length();
    }

    /** crashmail --tail 100: a crash whose output's last 100 lines are each 400 characters long. */
    static Alert crashWithTail(int lines, String line) {
        StringBuilder tail = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            tail.append(i).append(' ').append(line).append('\n');
        }
        return Alert.of("crashmail", AlertKind.PROCESS_CRASHED, TestAlerts.TIME).subject("web-1 crashed at 2026-11-21 05:00:00,123")
                .body("Process web-1 in group web exited unexpectedly (pid 4321) from state RUNNING\n\n" + tail)
                .process(new ProcessId("web", "web-1")).pid(4321).state("EXITED").fact(Facts.TAIL, tail.toString()).build();
    }

    /** crashmailbatch's digest of {@code crashes} crashes, one line each. */
    static Alert digest(int crashes) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < crashes; i++) {
            body.append("Process web-").append(i).append(" in group web exited unexpectedly (pid ").append(10000 + i)
                    .append(") from state RUNNING at 2026-11-21 05:00:00,123\n");
        }
        return Alert.of("crashmailbatch", AlertKind.PROCESS_CRASHED, TestAlerts.TIME).subject("Crash alert from supervisord")
                .body(body.toString()).state("EXITED").build();
    }

    @Test
    void aCrashWithALongTailFitsDingTalk_andSaysHowManyLinesWereLeftOut() throws Exception {
        server.enqueue(ok());
        dingtalk().send(crashWithTail(100, "日志".repeat(200)));
        String body = utf8(take());
        assertTrue(bytes(body) <= 20_000, bytes(body) + " bytes");
        String text = JSON.readTree(body).path("markdown").path("text").asText();
        assertTrue(text.startsWith("#### web1: web-1 crashed at 2026-11-21 05:00:00,123\n"), "the title survives: " + text);
        assertTrue(text.contains("**host**: web1"), text);
        assertTrue(text.contains("> 1 日志"), "the first lines survive: " + text);
        assertTrue(text.matches("(?s).*… \\d+ more lines; the listener's log has them all.*"), text);
    }

    @Test
    void aDigestOf400CrashesGoesToDingTalkInNumberedParts_eachWithinTheLimit_everyLineSent() throws Exception {
        for (int i = 0; i < 5; i++) {
            server.enqueue(ok());
        }
        dingtalk().send(digest(400).withBody(digest(400).body().replace("exited", "意外退出 exited")));
        int parts = server.getRequestCount();
        assertTrue(parts >= 2, parts + " posts");
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= parts; i++) {
            String body = utf8(take());
            assertTrue(bytes(body) <= 20_000, "part " + i + ": " + bytes(body) + " bytes");
            JsonNode md = JSON.readTree(body).path("markdown");
            assertTrue(md.path("title").asText().endsWith("(" + i + "/" + parts + ")"), md.path("title").asText());
            all.append(md.path("text").asText());
        }
        for (int i = 0; i < 400; i++) {
            assertTrue(all.toString().contains("Process web-" + i + " in group"), "line " + i + " is in a part");
        }
    }

    @Test
    void aFoldedStormAfterAnOutageStaysWithinDingTalksLimit() throws Exception {
        List<Alert> storm = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            storm.add(crashWithTail(30, "错误".repeat(150)).withSubject("w" + i + " crashed"));
        }
        server.enqueue(ok());
        dingtalk().sendAll(storm);
        String body = utf8(take());
        assertTrue(bytes(body) <= 20_000, bytes(body) + " bytes");
        String text = JSON.readTree(body).path("markdown").path("text").asText();
        assertTrue(text.startsWith("#### 50 alerts on web1"), text);
        assertTrue(text.contains("40 more alerts not shown; the listener's log has them all"), text);
    }

    @Test
    void emojiAreNeverCutInHalf_andTelegramGetsAtMost4096Characters() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"ok\":true}"));
        Alert a = crashWithTail(5, "x").withBody("b");
        String tail = "\uD83D\uDE00".repeat(5000) + "\nline 2\nline 3\nline 4\nline 5";
        a = Alert.of("crashmail", AlertKind.PROCESS_CRASHED, TestAlerts.TIME).subject("web-1 crashed \uD83D\uDE00".repeat(300))
                .body("b").process(new ProcessId("web", "web-1")).pid(1).fact(Facts.TAIL, tail).build();
        telegram().send(a);
        String text = JSON.readTree(utf8(take())).path("text").asText();
        assertWholeCharacters(text);
        assertTrue(telegramLength(text) <= 4096, telegramLength(text) + " characters");
        assertTrue(text.startsWith("<b>web1: web-1 crashed \uD83D\uDE00"), text.substring(0, 40));
    }

    @Test
    void tenFoldedLogmonAlertsKeepTheTitleAndEveryProgramOnTelegram() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"ok\":true}"));
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            StringBuilder lines = new StringBuilder();
            for (int j = 0; j < 50; j++) {
                lines.append("ERROR request ").append(j).append(" failed: ").append("x".repeat(300)).append('\n');
            }
            alerts.add(Alert.of("logmon", AlertKind.LOG_MATCH, TestAlerts.TIME).subject("app" + i + ": 50 lines matched")
                    .process(new ProcessId("app" + i, "app" + i)).fact(Facts.LINES, lines.toString()).build());
        }
        telegram().sendAll(alerts);
        String text = JSON.readTree(utf8(take())).path("text").asText();
        assertTrue(telegramLength(text) <= 4096, telegramLength(text) + " characters");
        assertTrue(text.startsWith("<b>10 alerts on web1</b>"), "the title survives: " + text.substring(0, 40));
        for (int i = 0; i < 10; i++) {
            assertTrue(text.contains("app" + i + ": 50 lines matched"), "app" + i + " is in: " + text);
        }
        assertTrue(text.contains("more lines; the listener&#39;s log has them all") || text.contains("more lines; the listener's log has them all"),
                "says what it left out: " + text);
        assertNull(io.superlance.alert.telegram.TelegramHtmlAccess.problem(text), "Telegram parses it");
    }

    private static Alert evil() {
        return Alert.of("logmon", AlertKind.LOG_MATCH, TestAlerts.TIME).subject("web-1: " + EVIL)
                .process(new ProcessId("web", "web-1")).fact(Facts.LINES, EVIL + "\n# heading\n> quote").build();
    }

    /** What DingTalk's and WeCom's markdown would turn into a link, an image, a mention, colour or bold. */
    private static void assertInertMarkdown(String text) {
        for (String live : List.of("](", "![", "<font", "<@", "<at", "**bold**", "`code`", "\n# heading", "\n> > quote")) {
            assertFalse(text.contains(live), "'" + live + "' is live in:\n" + text);
        }
        assertTrue(text.contains("click") && text.contains("evil.example") && text.contains("font color=red"),
                "the text stays readable: " + text);
    }

    @Test
    void aLogLineCannotAddLinksMentionsColourOrFormatting_onAnyChatChannel() throws Exception {
        server.enqueue(ok());
        dingtalk().send(evil());
        assertInertMarkdown(JSON.readTree(utf8(take())).path("markdown").path("text").asText());

        server.enqueue(ok());
        wecom().send(evil());
        assertInertMarkdown(JSON.readTree(utf8(take())).path("markdown").path("content").asText());

        server.enqueue(new MockResponse().setBody("{\"code\":0,\"msg\":\"success\"}"));
        feishu().send(evil());
        JsonNode card = JSON.readTree(utf8(take())).path("card");
        String md = card.path("elements").path(0).path("content").asText();
        for (String live : List.of("](", "![", "<font", "<at", "**bold**")) {
            assertFalse(md.contains(live), "'" + live + "' is live in Feishu's card:\n" + md);
        }

        server.enqueue(new MockResponse().setBody("ok"));
        slack().send(evil());
        String slack = JSON.readTree(utf8(take())).path("text").asText();
        assertFalse(slack.contains("<"), "Slack links, mentions and <!channel> all start with '<': " + slack);
        assertFalse(slack.contains("*bold*") || slack.contains("`code`"), slack);

        server.enqueue(new MockResponse().setBody("{\"ok\":true}"));
        telegram().send(evil());
        String html = JSON.readTree(utf8(take())).path("text").asText();
        assertFalse(html.contains("<a") || html.contains("<b>b</b>") || html.contains("<font"), html);
        assertNull(io.superlance.alert.telegram.TelegramHtmlAccess.problem(html), "Telegram parses it: " + html);
    }

    @Test
    void aTemplatesOwnBoldAndLinkStillWork_whileItsValuesStayInert() throws Exception {
        server.enqueue(ok());
        Template md = Template.parse("**{program}** [runbook](https://runbook.example/{program})\n{lines}");
        dingtalk().template(md).send(evil());
        String text = JSON.readTree(utf8(take())).path("markdown").path("text").asText();
        assertTrue(text.contains("**web-1** [runbook](https://runbook.example/web-1)"), text);
        assertEquals(1, text.split("]\\(", -1).length - 1, "only the template's link: " + text);

        server.enqueue(ok());
        wecom().template(md).send(evil());
        String content = JSON.readTree(utf8(take())).path("markdown").path("content").asText();
        assertTrue(content.contains("**web-1** [runbook](https://runbook.example/web-1)"), content);

        server.enqueue(new MockResponse().setBody("{\"ok\":true}"));
        telegram().template(Template.parse("<b>{program}</b> <a href=\"https://runbook.example/{program}\">runbook</a>\n{lines}"))
                .send(evil());
        String html = JSON.readTree(utf8(take())).path("text").asText();
        assertTrue(html.contains("<b>web-1</b> <a href=\"https://runbook.example/web-1\">runbook</a>"), html);
        assertEquals(1, html.split("<a ", -1).length - 1, "only the template's link: " + html);
        server.enqueue(new MockResponse().setBody("{\"ok\":true}"));
        telegram().template(Template.parse("<a href=\"{url}\">the check</a>"))
                .send(Alert.of("httpok", AlertKind.HTTP_BAD_STATUS, TestAlerts.TIME).subject("down")
                        .fact(Facts.URL, "http://x.example/\"><b>not bold</b><a href=\"http://evil.example").build());
        html = JSON.readTree(utf8(take())).path("text").asText();
        assertNull(io.superlance.alert.telegram.TelegramHtmlAccess.problem(html), "a value cannot end the attribute: " + html);
        assertEquals(1, html.split("<a ", -1).length - 1, "only the template's link: " + html);
    }

    @Test
    void aTooLongAnswerMakesEachChannelSendTheShorterFormAtOnce() throws Exception {
        Alert big = crashWithTail(100, "y".repeat(300));
        List<Object[]> cases = List.of(
                new Object[] {dingtalk(), errcode(460101, "message too long, exceed 20000 bytes"), ok()},
                new Object[] {wecom(), errcode(40058, "markdown.content exceed max length 4096"), ok()},
                new Object[] {slack(), new MockResponse().setResponseCode(400).setBody("msg_too_long"), new MockResponse().setBody("ok")},
                new Object[] {telegram(), new MockResponse().setResponseCode(400).setBody(
                        "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message is too long\"}"),
                        new MockResponse().setBody("{\"ok\":true}")});
        for (Object[] c : cases) {
            Channel channel = (Channel) c[0];
            server.enqueue((MockResponse) c[1]);
            server.enqueue((MockResponse) c[2]);
            channel.send(big); // no DeliveryException: the shorter form was taken
            long refused = take().getBodySize();
            long sent = take().getBodySize();
            assertTrue(sent < refused, channel.name() + ": " + sent + " bytes after " + refused + " were too long");
        }
    }

    @Test
    void digestsPiledUpAfterAnOutageStayAFewPosts_withinTheRobotsBudget() throws Exception {
        List<Alert> piled = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            piled.add(digest(400));
        }
        for (int i = 0; i < 10; i++) {
            server.enqueue(ok());
        }
        dingtalk().sendAll(piled);
        int posts = server.getRequestCount();
        assertTrue(posts >= 2 && posts <= ChatFit.MAX_POSTS, posts + " posts");
        for (int i = 0; i < posts; i++) {
            String body = utf8(take());
            assertTrue(bytes(body) <= 20_000, bytes(body) + " bytes");
        }
    }

    @Test
    void everyChannelStaysWithinItsLimit_forATailAndAStorm() throws Exception {
        List<Alert> storm = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            storm.add(crashWithTail(30, "错误".repeat(150)).withSubject("w" + i + " crashed"));
        }
        Alert tail = crashWithTail(100, "日志".repeat(200));

        for (List<Alert> alerts : List.of(List.of(tail), storm)) {
            server.enqueue(ok());
            wecom().sendAll(alerts);
            String content = JSON.readTree(utf8(take())).path("markdown").path("content").asText();
            assertTrue(bytes(content) <= 4096, "WeCom: " + bytes(content) + " bytes");
            assertTrue(content.startsWith("### "), content);

            server.enqueue(new MockResponse().setBody("{\"code\":0}"));
            feishu().sendAll(alerts);
            String body = utf8(take());
            assertTrue(bytes(body) <= 20_000, "Feishu: " + bytes(body) + " bytes");

            server.enqueue(new MockResponse().setBody("ok"));
            slack().sendAll(alerts);
            String text = JSON.readTree(utf8(take())).path("text").asText();
            assertTrue(text.length() <= 40_000, "Slack: " + text.length());

            server.enqueue(new MockResponse().setBody("{\"ok\":true}"));
            telegram().sendAll(alerts);
            String html = JSON.readTree(utf8(take())).path("text").asText();
            assertTrue(telegramLength(html) <= 4096, "Telegram: " + telegramLength(html));
        }
    }
}
