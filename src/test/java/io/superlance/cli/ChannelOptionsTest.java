package io.superlance.cli;

import io.superlance.alert.Channel;
import io.superlance.alert.channels.ChannelSettings;
import io.superlance.log.CapturedLog;
import io.superlance.log.Log;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The channel options of every command, mapped to settings and built by Channels. */
class ChannelOptionsTest {
    @TempDir
    Path dir;

    private static CrashmailCommand parse(String... args) {
        CrashmailCommand c = new CrashmailCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    private static List<Channel> channels(Map<String, String> env, String... args) {
        return parse(args).setup(env).channels();
    }

    private static ChannelSettings settings(String... args) {
        CrashmailCommand c = parse(args);
        return Settings.channels(c.channels, null);
    }

    private static String error(String... args) {
        return assertThrows(ConfigException.class, () -> channels(Map.of(), args)).getMessage();
    }

    @Test
    void everyChannelOptionAddsItsChannels_inOrder() {
        List<String> names = channels(Map.of(), "-m", "ops@example.com", "-s", "cat",
                "--sms-gateway", "5551234@sms.example.com", "--sms-gateway", "5555678@sms.example.com",
                "--dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=abcdef1234",
                "--dingtalk=https://oapi.dingtalk.com/robot/send?access_token=zzzz9999",
                "--webhook", "http://hooks.example.com/in", "--alertmanager", "http://am:9093").stream().map(Channel::name).toList();
        assertEquals(6, names.size(), names.toString());
        assertEquals("sendmail 'cat'", names.get(0));
        assertEquals("sms via sendmail 'cat'", names.get(1));
        assertTrue(names.get(2).startsWith("dingtalk https://oapi.dingtalk.com/robot/send?access_token=*** (token ...1234)"), names.get(2));
        assertTrue(names.get(3).contains("...9999"), names.get(3));
        assertEquals("webhook http://hooks.example.com/in", names.get(4));
        assertEquals("alertmanager http://am:9093/api/v2/alerts", names.get(5));
    }

    @Test
    void optionsMapToSettings() {
        ChannelSettings s = settings("--hostname", "db7", "--sms-gateway", "5551234@sms.example.com", "--dingtalk", "https://x/robot",
                "--dingtalk-at", "+86-138", "--dingtalk-at-all", "--dingtalk-secret-file", "/etc/secret", "--http-timeout", "1.5");
        assertEquals("db7", s.host());
        assertEquals("5551234@sms.example.com", s.smsGateways().get(0).toString());
        assertEquals(new ChannelSettings.DingTalk(List.of("https://x/robot"), Path.of("/etc/secret"), List.of("+86-138"), true),
                s.dingTalk());
        assertEquals(Duration.ofMillis(1500), s.httpTimeout());
        assertNull(settings().dingTalk());
        assertEquals(Duration.ofSeconds(10), settings().httpTimeout());
    }

    @Test
    void alertmanagerResendMapsToSettings_andTheStateDirectoryIsTheSpoolsParent() {
        assertEquals(Duration.ofMinutes(1), settings().alertmanagerResend(), "Prometheus' own pace");
        assertEquals(Duration.ofSeconds(30), settings("--alertmanager-resend", "30").alertmanagerResend());
        assertEquals("--alertmanager-resend must be positive", error("--alertmanager", "http://am:9093", "--alertmanager-resend", "0"));
        CrashmailCommand c = parse("--spool-dir", dir.resolve("state/crashmail").toString());
        assertEquals(dir.resolve("state"), DeliverySettings.stateDir(c.delivery, Map.of()));
        assertEquals(Path.of("/srv/state"), DeliverySettings.stateDir(parse().delivery, Map.of("SUPERLANCE_STATE_DIR", "/srv/state")));
    }

    @Test
    void smsGatewaysUseTheCommandsMailRoute_evenWithoutRecipients() {
        CrashmailCommand c = parse("--smtp-host", "mail.example.com:587", "--smtp-tls", "starttls", "--sms-gateway", "555@sms.example.com");
        assertNull(MailSettings.mail(c.mail, false, Log.of("test")), "nothing to mail without -m");
        ChannelSettings.Mail route = MailSettings.mail(c.mail, true, Log.of("test"));
        assertEquals(List.of(), route.to());
        assertEquals("mail.example.com", route.smtp().server().host());
        assertTrue(route.from().toString().startsWith("superlance@"), route.from().toString());
        assertEquals(List.of("sms via smtp mail.example.com:587"), channels(Map.of(), "--smtp-host", "mail.example.com:587",
                "--sms-gateway", "555@sms.example.com").stream().map(Channel::name).toList());
    }

    @Test
    void mistakesAreOneLineConfigErrors() {
        assertTrue(error("--webhook", "hooks.example.com/in").startsWith("--webhook: "));
        assertTrue(error("--alertmanager", "ftp://am").startsWith("--alertmanager: "));
        assertEquals("--dingtalk-secret-file, --dingtalk-at and --dingtalk-at-all need a robot: --dingtalk URL, --dingtalk-file FILE or $SUPERLANCE_DINGTALK",
                error("--dingtalk-at", "13800000000"));
        assertEquals("--dingtalk-at: 'bob' is not a mobile number", error("--dingtalk", "https://x/robot", "--dingtalk-at", "bob"));
        assertTrue(error("-s", "cat", "--sms-gateway", "not an address").startsWith("--sms-gateway: 'not an address' is not a mail address"));
        assertEquals("--hostname must not be empty", error("--hostname", " "));
        assertTrue(error("--ca-file", dir.resolve("nope.pem").toString()).startsWith("--ca-file: cannot read " + dir.resolve("nope.pem")));
        assertEquals("--http-timeout must be positive", error("--webhook", "http://h/", "--http-timeout", "0"));
        assertTrue(error("--dingtalk", "https://x/robot", "--dingtalk-secret-file", dir.resolve("nope").toString())
                .startsWith("--dingtalk-secret-file: cannot read"));
        assertEquals("--smtp-tls must be none, starttls or smtps, not 'maybe'",
                error("-m", "a@b.c", "--smtp-host", "h", "--smtp-tls", "maybe"));
        assertTrue(error("-m", "a@b.c", "--from", "x y").startsWith("--from: 'x y' is not a mail address"));
        assertEquals("--smtp-user is set but no password: set $SUPERLANCE_SMTP_PASSWORD or give --smtp-password-file FILE",
                error("-m", "a@b.c", "--smtp-host", "h", "--smtp-user", "me", "--smtp-tls", "starttls"));
        assertEquals(List.of(), channels(Map.of(), "--log-only", "--smtp-host", "h", "--smtp-tls", "maybe", "--smtp-user", "me"),
                "mail options are not checked when nothing is mailed");
    }

    @Test
    void webhookSuccessIsAFieldAndValue() {
        assertEquals("ok=true", settings("--webhook", "http://h/", "--webhook-success", "ok=true").webhookSuccess().toString());
        assertNull(settings("--webhook", "http://h/").webhookSuccess());
        assertEquals("--webhook-success: 'ok' is not FIELD=VALUE (e.g. ok=true or errcode=0)",
                error("--webhook", "http://h/", "--webhook-success", "ok"));
        assertEquals("--webhook-success needs a webhook: --webhook URL, --webhook-file FILE or $SUPERLANCE_WEBHOOK",
                error("--webhook-success", "ok=true"));
    }

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    @Test
    void anSmtpLoginWithoutTlsNeedsTheOptIn_thenWarnsOnce() {
        Map<String, String> env = Map.of("SUPERLANCE_SMTP_PASSWORD", "pw");
        assertEquals("--smtp-user with --smtp-tls none would send the password in clear to mail.example.com: "
                        + "use --smtp-tls starttls or smtps, or accept it with --smtp-cleartext-login",
                assertThrows(ConfigException.class, () -> channels(env, "-m", "a@b.c", "--smtp-host", "mail.example.com",
                        "--smtp-user", "me")).getMessage());
        assertTrue(log.text().isEmpty(), log.text());
        assertEquals(1, channels(env, "-m", "a@b.c", "--smtp-host", "mail.example.com", "--smtp-user", "me",
                "--smtp-cleartext-login").size());
        assertEquals(List.of("the SMTP password for me goes to mail.example.com without TLS: anyone on the way can read it"),
                log.lines("WARN").stream().map(l -> l.substring(l.indexOf(": ") + 2)).toList());
        assertEquals(1, channels(env, "-m", "a@b.c", "--smtp-host", "127.0.0.1:2525", "--smtp-user", "me").size(),
                "a relay on this host: nothing crosses the network");
        assertEquals(1, log.lines("WARN").size());
    }

    /** In a process of several commands the warning names the command whose options it is about. */
    @Test
    void aSetUpWarningNamesItsCommandInACombinedProcess() {
        io.superlance.log.Log.name(List.of("crashmail", "memmon"));
        channels(Map.of("SUPERLANCE_SMTP_PASSWORD", "pw"), "-m", "a@b.c", "--smtp-host", "mail.example.com",
                "--smtp-user", "me", "--smtp-cleartext-login");
        List<String> warnings = log.lines("WARN");
        assertEquals(1, warnings.size(), log.text());
        assertTrue(warnings.get(0).contains("WARN crashmail+memmon: crashmail: the SMTP password for me goes to"), warnings.get(0));
    }

    @Test
    void chatChannelsTakeTheirUrlsAndTokensFromArgvAFileOrTheEnvironment() throws Exception {
        Path slackFile = java.nio.file.Files.writeString(dir.resolve("slack"), "https://hooks.slack.com/services/T0/B0/S3CR3T\n");
        Path tokenFile = java.nio.file.Files.writeString(dir.resolve("tg"), "123:ABC\n");
        List<String> names = channels(Map.of("SUPERLANCE_FEISHU_URL", "https://open.feishu.cn/open-apis/bot/v2/hook/abc",
                        "SUPERLANCE_FEISHU_SECRET", "s"),
                "--wecom-url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "--wecom-at", "13800001111",
                "--slack-url-file", slackFile.toString(), "--telegram-chat", "-1001", "--telegram-token-file", tokenFile.toString())
                .stream().map(Channel::name).toList();
        assertEquals(List.of("wecom https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***",
                "feishu https://open.feishu.cn/open-apis/bot/v2/hook/...", "slack https://hooks.slack.com/services/...",
                "telegram chat -1001"), names);
        assertEquals(List.of("telegram chat @ops"), channels(Map.of("SUPERLANCE_TELEGRAM_TOKEN", "9:Z"), "--telegram-chat", "@ops")
                .stream().map(Channel::name).toList());
        assertEquals(List.of(), channels(Map.of(), "--log-only"), "no chat channel unless asked for");
    }

    @Test
    void chatMistakesAreOneLineConfigErrors() {
        assertEquals("--telegram-token needs a value: give --telegram-token-file FILE or set $SUPERLANCE_TELEGRAM_TOKEN",
                error("--telegram-chat", "-1001"));
        assertEquals("--telegram-token needs --telegram-chat ID", error("--telegram-token", "1:A"));
        assertEquals("--telegram-chat: 'ops room' is not a chat id (-100..., a number) or a channel's @name",
                error("--telegram-chat", "ops room", "--telegram-token", "1:A"));
        assertEquals("--wecom-at and --wecom-at-all need a robot: give --wecom-url URL, --wecom-url-file FILE or set "
                + "$SUPERLANCE_WECOM_URL", error("--wecom-at-all"));
        assertEquals("--wecom-at: 'bob' is not a mobile number", error("--wecom-at", "bob"));
        assertEquals("--feishu-secret needs a bot: give --feishu-url URL, --feishu-url-file FILE or set $SUPERLANCE_FEISHU_URL",
                error("--feishu-secret", "s"));
        assertTrue(error("--slack-url", "hooks.slack.com/services/x").startsWith("--slack-url: "));
        assertTrue(error("--slack-url-file", dir.resolve("nope").toString()).startsWith("--slack-url-file: cannot read"));
    }

    @Test
    void urlsAndLoginsFromFilesAndTheEnvironmentReachTheChannels() throws Exception {
        Path webhook = java.nio.file.Files.writeString(dir.resolve("webhook.url"), "https://hooks.slack.com/services/T0000/B0000/FileSecret000001\n");
        Path bearer = java.nio.file.Files.writeString(dir.resolve("am.bearer"), "t0ken\n");
        List<String> names = channels(Map.of("SUPERLANCE_DINGTALK", "https://oapi.dingtalk.com/robot/send?access_token=envtoken0009",
                        "SUPERLANCE_ALERTMANAGER", "http://am:9093"),
                "--webhook-file", webhook.toString(), "--alertmanager-bearer-file", bearer.toString(), "--dingtalk-at", "13800000000")
                .stream().map(Channel::name).toList();
        assertEquals(List.of("dingtalk https://oapi.dingtalk.com/robot/send?access_token=*** (token ...0009)",
                "webhook https://hooks.slack.com/services/***/***/***", "alertmanager http://am:9093/api/v2/alerts"), names);
        assertTrue(error("--webhook-basic-file", dir.resolve("nope").toString(), "--webhook", "http://h/")
                .startsWith("--webhook-basic-file: cannot read"));
    }

    @Test
    void templateMistakesAreOneLineConfigErrors() throws Exception {
        Path good = java.nio.file.Files.writeString(dir.resolve("good.txt"), "{host}: {subject}");
        Path bad = java.nio.file.Files.writeString(dir.resolve("bad.txt"), "{host} {hots} {pid}");
        Path none = dir.resolve("none.txt");
        assertEquals(Map.of("slack", good), settings("--template", "slack=" + good).templates());
        assertEquals(2, channels(Map.of(), "-m", "ops@example.com", "-s", "cat", "--template", "mail=" + good,
                "--sms-gateway", "555@sms.example.com", "--template", "sms=" + good).size());
        assertEquals("--template mail=" + none + ": no such file", error("-m", "ops@example.com", "-s", "cat", "--template", "mail=" + none));
        assertTrue(error("-m", "ops@example.com", "-s", "cat", "--template", "mail=" + bad)
                .startsWith("--template mail=" + bad + ": unknown placeholder {hots}; known: "));
        assertEquals("--template slack=" + good + ": no slack channel is configured",
                error("-m", "ops@example.com", "-s", "cat", "--template", "slack=" + good));
        assertEquals("--template teams=" + good + ": no channel 'teams'; one of dingtalk, wecom, feishu, slack, telegram, mail, sms",
                error("--template", "teams=" + good));
    }
}
