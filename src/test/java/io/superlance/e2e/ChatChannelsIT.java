package io.superlance.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every chat channel at once, through the built image under a real supervisord: one crash, one message each;
 * Telegram's from a --template file.
 */
class ChatChannelsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void aCrashReachesDingTalkWeComFeishuSlackAndTelegram_onceEach() throws Exception {
        try (HttpSink dingTalk = new HttpSink("{\"errcode\":0,\"errmsg\":\"ok\"}");
             HttpSink weCom = new HttpSink("{\"errcode\":0,\"errmsg\":\"ok\"}");
             HttpSink feishu = new HttpSink("{\"code\":0,\"data\":{},\"msg\":\"success\"}");
             HttpSink slack = new HttpSink("ok");
             HttpSink telegram = new HttpSink("{\"ok\":true,\"result\":{\"message_id\":1}}")) {
            Path weComUrl = Files.writeString(dir.resolve("wecom.url"), weCom.url("/cgi-bin/webhook/send?key=wk-secret") + "\n");
            Path feishuUrl = Files.writeString(dir.resolve("feishu.url"), feishu.url("/open-apis/bot/v2/hook/fs-secret") + "\n");
            Path feishuSecret = Files.writeString(dir.resolve("feishu.secret"), "fs-signing\n");
            Path slackUrl = Files.writeString(dir.resolve("slack.url"), slack.url("/services/T0/B0/sl-secret") + "\n");
            Path token = Files.writeString(dir.resolve("telegram.token"), "12345:tg-secret\n");
            // Telegram's messages from the user's own text (--template), Slack's and the rest in the default form
            Path template = Files.writeString(dir.resolve("telegram.tmpl"), "值班提醒 <b>{host}</b>: {subject}\n");
            String config = ExampleConfig.with("-s 'cat > /dev/null' --hostname web7"
                    + " --dingtalk " + dingTalk.url("/robot/send?access_token=dt")
                    + " --wecom-url-file " + weComUrl + " --feishu-url-file " + feishuUrl + " --feishu-secret-file " + feishuSecret
                    + " --slack-url-file " + slackUrl
                    + " --telegram-chat -1001 --telegram-token-file " + token + " --telegram-api " + telegram.url("")
                    + " --template telegram=" + template);
            try (Supervisord s = Supervisord.start(dir, config)) {
                s.awaitState("sample", "RUNNING", Duration.ofSeconds(10));
                s.awaitState("crashmail", "RUNNING", Duration.ofSeconds(10));
                s.kill9("sample");

                String log = "";
                try {
                    dingTalk.nth(1, WAIT, "DingTalk message");
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\nlistener's log:\n" + s.read("crashmail.log")
                            + "\nsupervisord's log:\n" + s.read("supervisord.log"), e);
                }
                assertTrue(dingTalk.nth(1, WAIT, "DingTalk message" + log).body().contains("web7"));
                JsonNode wc = JSON.readTree(weCom.nth(1, WAIT, "WeCom message" + log).body());
                assertEquals("markdown", wc.path("msgtype").asText());
                assertTrue(wc.path("markdown").path("content").asText().contains("**program**: sample"), wc.toString());
                JsonNode fs = JSON.readTree(feishu.nth(1, WAIT, "Feishu message" + log).body());
                assertEquals("interactive", fs.path("msg_type").asText());
                assertFalse(fs.path("sign").asText().isEmpty(), fs.toString());
                assertTrue(JSON.readTree(slack.nth(1, WAIT, "Slack message" + log).body()).path("text").asText()
                        .startsWith("*web7: sample crashed"));
                HttpSink.Request tg = telegram.nth(1, WAIT, "Telegram message" + log);
                assertEquals("/bot12345:tg-secret/sendMessage", tg.path());
                assertEquals("-1001", JSON.readTree(tg.body()).path("chat_id").asText());
                String tgText = JSON.readTree(tg.body()).path("text").asText();
                // the bold title line, then the template's text (its own markup kept, values escaped)
                assertTrue(tgText.startsWith("<b>") && tgText.contains("\n值班提醒 <b>web7</b>: sample crashed"), tgText);

                s.awaitState("sample", "RUNNING", Duration.ofSeconds(10)); // restarted: "running again" is for machines only
                Thread.sleep(1000);
                for (HttpSink sink : List.of(dingTalk, weCom, feishu, slack, telegram)) {
                    assertEquals(1, sink.requests().size(), sink.toString());
                }
                String after = s.read("crashmail.log");
                for (String secret : List.of("wk-secret", "fs-secret", "fs-signing", "sl-secret", "tg-secret")) {
                    assertFalse(after.contains(secret), secret + " in the listener's log:\n" + after);
                }
            }
        }
    }
}
