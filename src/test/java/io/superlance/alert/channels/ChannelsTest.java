package io.superlance.alert.channels;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.TestAlerts;
import io.superlance.alert.mail.SmtpSettings;
import io.superlance.http.Authorization;
import jakarta.mail.internet.InternetAddress;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelsTest {
    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "alerts", "s3cret"));

    @TempDir
    Path dir;

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    private static ChannelSettings.Mail sendmail(String command, String... to) throws Exception {
        return new ChannelSettings.Mail(addresses(to), null, null, command);
    }

    private static List<InternetAddress> addresses(String... addresses) throws Exception {
        List<InternetAddress> list = new java.util.ArrayList<>();
        for (String a : addresses) {
            list.add(new InternetAddress(a));
        }
        return list;
    }

    private static ChannelSettings settings(ChannelSettings.Mail mail, ChannelSettings.DingTalk dingTalk, List<String> webhooks,
                                            List<String> alertmanagers) {
        return new ChannelSettings("db7", mail, List.of(), dingTalk, webhooks, alertmanagers, TEN_SECONDS);
    }

    private static ChannelSettings.DingTalk dingTalk(String url, Path secretFile) {
        return new ChannelSettings.DingTalk(List.of(url), secretFile, List.of(), false);
    }

    private static List<String> names(List<Channel> channels) {
        return channels.stream().map(Channel::name).toList();
    }

    @Test
    void everySettingAddsItsChannels_inOrder() throws Exception {
        ChannelSettings s = new ChannelSettings("db7", sendmail("cat", "ops@example.com"),
                addresses("5551234@sms.example.com", "5555678@sms.example.com"),
                new ChannelSettings.DingTalk(List.of("https://oapi.dingtalk.com/robot/send?access_token=abcdef1234",
                        "https://oapi.dingtalk.com/robot/send?access_token=zzzz9999"), null, List.of("13800000000"), true),
                List.of("http://hooks.example.com/in"), List.of("http://am:9093"), TEN_SECONDS);
        List<String> names = names(Channels.build(s, Map.of()));
        assertEquals(6, names.size(), names.toString());
        assertEquals("sendmail 'cat'", names.get(0));
        assertEquals("sms via sendmail 'cat'", names.get(1), "the gateways go by the mail's route");
        assertTrue(names.get(2).startsWith("dingtalk https://oapi.dingtalk.com/robot/send?access_token=*** (token ...1234)"), names.get(2));
        assertTrue(names.get(3).contains("...9999"), names.get(3));
        assertEquals("webhook http://hooks.example.com/in", names.get(4));
        assertEquals("alertmanager http://am:9093/api/v2/alerts", names.get(5));
    }

    @Test
    void noRecipientsNoMailChannel_butTheRouteStillServesTheGateways() throws Exception {
        assertEquals(List.of(), Channels.build(settings(null, null, List.of(), List.of()), Map.of()));
        ChannelSettings gatewaysOnly = new ChannelSettings("db7", sendmail("cat"), addresses("5551234@sms.example.com"),
                null, List.of(), List.of(), TEN_SECONDS);
        assertEquals(List.of("sms via sendmail 'cat'"), names(Channels.build(gatewaysOnly, Map.of())));
    }

    @Test
    void urlsAChannelRefusesNameTheirOption() {
        assertEquals("--webhook: 'ftp://hooks.example.com/in' is not an http:// or https:// URL with a host",
                assertThrows(Channels.SetupException.class, () -> Channels.build(
                        settings(null, null, List.of("ftp://hooks.example.com/in"), List.of()), Map.of())).getMessage());
        assertTrue(assertThrows(Channels.SetupException.class, () -> Channels.build(
                settings(null, null, List.of(), List.of("ftp://am")), Map.of())).getMessage().startsWith("--alertmanager: "));
        assertTrue(assertThrows(Channels.SetupException.class, () -> Channels.build(
                settings(null, dingTalk("robot", null), List.of(), List.of()), Map.of())).getMessage().startsWith("--dingtalk: "));
    }

    /** DingTalk refuses every message of a robot URL without its token: caught at start, not at the first outage. */
    @Test
    void aDingTalkUrlWithoutItsAccessTokenIsRefusedAtStart() {
        assertEquals("--dingtalk: 'https://oapi.dingtalk.com/robot/send' has no access_token=... (copy the robot's whole "
                        + "Webhook URL: https://oapi.dingtalk.com/robot/send?access_token=...)",
                assertThrows(Channels.SetupException.class, () -> Channels.build(settings(null,
                        dingTalk("https://oapi.dingtalk.com/robot/send", null), List.of(), List.of()), Map.of())).getMessage());
        assertTrue(assertThrows(Channels.SetupException.class, () -> Channels.build(settings(null,
                dingTalk("https://oapi.dingtalk.com/robot/send?access_token=", null), List.of(), List.of()), Map.of()))
                .getMessage().contains("has no access_token"));
    }

    private ChannelSettings smtpSettings(String password, Path passwordFile) throws Exception {
        SmtpSettings server = SmtpSettings.of("127.0.0.1:" + smtp.getSmtp().getPort(), SmtpSettings.Tls.NONE, "alerts", null,
                Duration.ofSeconds(5));
        ChannelSettings.Mail mail = new ChannelSettings.Mail(addresses("ops@example.com"), new InternetAddress("alerts@example.com"),
                new ChannelSettings.Smtp(server, password, passwordFile, "--smtp-user"), null);
        return settings(mail, null, List.of(), List.of());
    }

    @Test
    void theSmtpPasswordIsTheGivenOne_elseTheFilesFirstLine_elseTheEnvironments() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "s3cret\r\nsecond line\n");
        Channels.build(smtpSettings("s3cret", null), Map.of()).get(0).send(TestAlerts.crash("g", "given", 1));
        Channels.build(smtpSettings(null, file), Map.of(Channels.SMTP_PASSWORD_ENV, "wrong")).get(0)
                .send(TestAlerts.crash("g", "file", 1));
        Channels.build(smtpSettings(null, null), Map.of(Channels.SMTP_PASSWORD_ENV, "s3cret")).get(0)
                .send(TestAlerts.crash("g", "env", 1));
        assertEquals(3, smtp.getReceivedMessages().length, "each logged in");
    }

    @Test
    void aLoginWithoutAPasswordOrAnUnreadableFileIsASetupError() throws Exception {
        assertEquals("--smtp-user is set but no password: set $SUPERLANCE_SMTP_PASSWORD or give --smtp-password-file FILE",
                assertThrows(Channels.SetupException.class, () -> Channels.build(smtpSettings(null, null), Map.of())).getMessage());
        String unreadable = assertThrows(Channels.SetupException.class,
                () -> Channels.build(smtpSettings(null, dir.resolve("nope")), Map.of())).getMessage();
        assertTrue(unreadable.startsWith("--smtp-password-file: cannot read " + dir.resolve("nope")), unreadable);
    }

    private static String sign(RecordedRequest r, String secret) throws Exception {
        String timestamp = r.getRequestUrl().queryParameter("timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theDingTalkSecretComesFromTheFile_elseTheEnvironment_elseMessagesAreUnsigned() throws Exception {
        Path secretFile = Files.writeString(dir.resolve("secret"), " SECfromfile \nrest\n");
        Map<String, String> env = Map.of(Channels.DINGTALK_SECRET_ENV, "SECfromenv");
        try (MockWebServer robot = new MockWebServer()) {
            robot.start();
            String url = robot.url("/robot/send?access_token=t").toString();
            for (int i = 0; i < 3; i++) {
                robot.enqueue(new MockResponse().setBody("{\"errcode\":0,\"errmsg\":\"ok\"}"));
            }
            Alert alert = TestAlerts.crash("g", "a", 1);
            Channels.build(settings(null, dingTalk(url, null), List.of(), List.of()), env).get(0).send(alert);
            RecordedRequest fromEnv = robot.takeRequest(5, TimeUnit.SECONDS);
            assertEquals(sign(fromEnv, "SECfromenv"), fromEnv.getRequestUrl().queryParameter("sign"));
            assertTrue(fromEnv.getBody().readUtf8().contains("db7"), "the settings' host name is in the message");

            Channels.build(settings(null, dingTalk(url, secretFile), List.of(), List.of()), env).get(0).send(alert);
            RecordedRequest fromFile = robot.takeRequest(5, TimeUnit.SECONDS);
            assertEquals(sign(fromFile, "SECfromfile"), fromFile.getRequestUrl().queryParameter("sign"), "the file wins");

            Channels.build(settings(null, dingTalk(url, null), List.of(), List.of()), Map.of()).get(0).send(alert);
            assertNull(robot.takeRequest(5, TimeUnit.SECONDS).getRequestUrl().queryParameter("sign"));
        }
    }

    @Test
    void anEmptyOrUnreadableDingTalkSecretFileIsASetupError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertEquals("--dingtalk-secret-file: " + empty + " is empty", assertThrows(Channels.SetupException.class,
                () -> Channels.build(settings(null, dingTalk("https://x/robot", empty), List.of(), List.of()), Map.of()))
                .getMessage());
        String missing = assertThrows(Channels.SetupException.class, () -> Channels.build(
                settings(null, dingTalk("https://x/robot", dir.resolve("nope")), List.of(), List.of()), Map.of())).getMessage();
        assertTrue(missing.startsWith("--dingtalk-secret-file: cannot read"), missing);
    }

    private static ChannelSettings withSecrets(ChannelSettings.DingTalk dingTalk, List<String> webhooks, List<String> alertmanagers,
                                               ChannelSettings.Secrets secrets) {
        return new ChannelSettings("db7", null, List.of(), dingTalk, webhooks, alertmanagers, TEN_SECONDS, null, secrets, ChannelSettings.Chat.NONE);
    }

    @Test
    void urlsComeFromArgv_thenFiles_thenTheEnvironment() throws Exception {
        Path webhookFile = Files.writeString(dir.resolve("webhook"), "https://hooks.example.com/from-file\n");
        Path amFile = Files.writeString(dir.resolve("am"), "http://am-file:9093\n");
        Path robotFile = Files.writeString(dir.resolve("robot"), "https://oapi.dingtalk.com/robot/send?access_token=fromfile0001\n");
        ChannelSettings.Secrets secrets = new ChannelSettings.Secrets(List.of(robotFile), List.of(webhookFile), List.of(amFile),
                ChannelSettings.HttpLogin.NONE, ChannelSettings.HttpLogin.NONE);
        Map<String, String> env = Map.of("SUPERLANCE_WEBHOOK", "https://hooks.example.com/from-env",
                "SUPERLANCE_ALERTMANAGER", "http://am-env:9093",
                "SUPERLANCE_DINGTALK", "https://oapi.dingtalk.com/robot/send?access_token=fromenv00002");
        List<String> names = names(Channels.build(withSecrets(null, List.of("https://hooks.example.com/from-argv"),
                List.of(), secrets), env));
        assertEquals(List.of("dingtalk https://oapi.dingtalk.com/robot/send?access_token=*** (token ...0001)",
                "dingtalk https://oapi.dingtalk.com/robot/send?access_token=*** (token ...0002)",
                "webhook https://hooks.example.com/from-argv", "webhook https://hooks.example.com/from-file",
                "webhook https://hooks.example.com/from-env",
                "alertmanager http://am-file:9093/api/v2/alerts", "alertmanager http://am-env:9093/api/v2/alerts"), names);
        String missing = assertThrows(Channels.SetupException.class, () -> Channels.build(withSecrets(null, List.of(), List.of(),
                new ChannelSettings.Secrets(List.of(), List.of(dir.resolve("nope")), List.of(), ChannelSettings.HttpLogin.NONE,
                        ChannelSettings.HttpLogin.NONE)), Map.of())).getMessage();
        assertTrue(missing.startsWith("--webhook-file: cannot read " + dir.resolve("nope")), missing);
    }

    @Test
    void credentialsInTheUrlAreSentAsBasicAuth_andTokensFromFilesAsBearer() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            for (int i = 0; i < 4; i++) {
                server.enqueue(new MockResponse().setResponseCode(200));
            }
            String withUser = "http://bob:pa%3Ass@" + server.getHostName() + ":" + server.getPort() + "/hook";
            Alert alert = TestAlerts.crash("g", "a", 1);
            Channel webhook = Channels.build(withSecrets(null, List.of(withUser), List.of(), ChannelSettings.Secrets.NONE), Map.of()).get(0);
            assertEquals("webhook http://" + server.getHostName() + ":" + server.getPort() + "/hook", webhook.name());
            webhook.send(alert);
            RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
            assertEquals("Basic " + Base64.getEncoder().encodeToString("bob:pa:ss".getBytes(StandardCharsets.UTF_8)),
                    r.getHeader("Authorization"));

            Path bearer = Files.writeString(dir.resolve("bearer"), "t0ken\n");
            String plain = server.url("/api").toString();
            Channels.build(withSecrets(null, List.of(), List.of(plain), new ChannelSettings.Secrets(List.of(), List.of(), List.of(),
                    ChannelSettings.HttpLogin.NONE, new ChannelSettings.HttpLogin(bearer, null))), Map.of()).get(0).send(alert);
            assertEquals("Bearer t0ken", server.takeRequest(5, TimeUnit.SECONDS).getHeader("Authorization"));

            Channels.build(withSecrets(null, List.of(plain), List.of(), ChannelSettings.Secrets.NONE),
                    Map.of("SUPERLANCE_WEBHOOK_BASIC", "ann:pw")).get(0).send(alert);
            assertEquals(Authorization.basic("ann", "pw"), server.takeRequest(5, TimeUnit.SECONDS).getHeader("Authorization"));

            Channels.build(withSecrets(null, List.of(plain), List.of(), ChannelSettings.Secrets.NONE), Map.of()).get(0).send(alert);
            assertNull(server.takeRequest(5, TimeUnit.SECONDS).getHeader("Authorization"));
        }
        String both = assertThrows(Channels.SetupException.class, () -> Channels.build(withSecrets(null,
                List.of("http://bob:pw@hooks.example.com/in"), List.of(), ChannelSettings.Secrets.NONE),
                Map.of("SUPERLANCE_WEBHOOK_BEARER", "t"))).getMessage();
        assertTrue(both.startsWith("--webhook: http://***@hooks.example.com/in holds credentials"), both);
        assertFalse(both.contains("pw"), both);
    }

    @Test
    void aUrlWithoutSchemeIsEchoedAsTypedWithoutItsSecret() {
        String m = assertThrows(Channels.SetupException.class, () -> Channels.build(
                settings(null, null, List.of("hooks.example.com/in?token=s3cr3t"), List.of()), Map.of())).getMessage();
        assertEquals("--webhook: 'hooks.example.com/in?token=***' is not an http:// or https:// URL with a host", m);
    }

    @Test
    void aMalformedUrlIsEchoedAsTypedWithoutItsSecret() {
        String m = assertThrows(Channels.SetupException.class, () -> Channels.build(
                settings(null, null, List.of("https://hooks.example.com/in?token=s3cr3t and more"), List.of()), Map.of())).getMessage();
        assertTrue(m.startsWith("--webhook: 'https://hooks.example.com/in?token=*** and more' is not a URL"), m);
        assertFalse(m.contains("s3cr3t"), m);
    }
}
