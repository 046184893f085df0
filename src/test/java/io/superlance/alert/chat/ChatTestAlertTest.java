package io.superlance.alert.chat;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.TestAlerts;
import io.superlance.alert.feishu.FeishuChannel;
import io.superlance.alert.slack.SlackChannel;
import io.superlance.alert.telegram.TelegramChannel;
import io.superlance.alert.webhook.HttpPoster;
import io.superlance.alert.wecom.WeComChannel;
import io.superlance.listener.TestAlertRun;
import io.superlance.log.CapturedLog;
import io.superlance.monitor.Action;
import io.superlance.monitor.Monitor;
import io.superlance.protocol.Event;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --test-alert against services that refuse: the operator reads exactly why, one line per channel. */
class ChatTestAlertTest {
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

    private static final Monitor CRASHMAIL = new Monitor() {
        @Override
        public String name() {
            return "crashmail";
        }

        @Override
        public Set<String> events() {
            return Set.of();
        }

        @Override
        public List<Action> onEvent(Event event, Instant now) {
            return List.of();
        }

        @Override
        public Alert sampleAlert(Instant now) {
            return TestAlerts.crash("example", "example", 4242);
        }
    };

    @Test
    void eachRefusalIsOneLineNamingItsCause_andTheExitStatusIs1() {
        server.enqueue(new MockResponse().setBody("{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"));
        server.enqueue(new MockResponse().setBody("{\"code\":19024,\"data\":{},\"msg\":\"Key Words Not Found\"}"));
        server.enqueue(new MockResponse().setResponseCode(403).setBody("invalid_token"));
        server.enqueue(new MockResponse().setResponseCode(400).setBody("{\"ok\":false,\"error_code\":400,"
                + "\"description\":\"Bad Request: chat not found\"}"));
        HttpPoster http = new HttpPoster(Duration.ofSeconds(2));
        List<Channel> channels = List.of(
                new WeComChannel(server.url("/cgi-bin/webhook/send?key=k").toString(), List.of(), false, "web1", http, null),
                new FeishuChannel(server.url("/open-apis/bot/v2/hook/t").toString(), null, FeishuChannel.Format.CARD, "web1", http, null),
                new SlackChannel(server.url("/services/T/B/S").toString(), "web1", http, null),
                new TelegramChannel(server.url("/").toString(), "1:A", "-1001", "web1", http, null));

        assertEquals(1, TestAlertRun.send(CRASHMAIL, channels, Clock.systemUTC()));
        List<String> errors = log.lines("ERROR");
        assertEquals(4, errors.size(), log.text());
        assertTrue(errors.get(0).endsWith("test alert failed via wecom http://" + server.getHostName() + ":" + server.getPort()
                + "/cgi-bin/webhook/send?key=***: WeCom refused the message (errcode 93000, invalid webhook url): "
                + "the key in the robot URL is wrong, or the robot was removed"), errors.get(0));
        assertTrue(errors.get(1).endsWith("the message lacks the bot's keyword"), errors.get(1));
        assertTrue(errors.get(2).endsWith("Slack answered HTTP 403 invalid_token: the webhook URL is wrong or the webhook was removed"),
                errors.get(2));
        assertTrue(errors.get(3).endsWith("test alert failed via telegram chat -1001: Telegram refused the message "
                + "(400, Bad Request: chat not found): check --telegram-chat -1001"), errors.get(3));
    }
}
