package io.superlance.cli;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.TestAlerts;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelOptionsTest {
    @TempDir
    Path dir;

    private static List<Channel> channels(Map<String, String> env, String... args) {
        CrashmailCommand c = new CrashmailCommand();
        new CommandLine(c).parseArgs(args);
        return c.channels.channels(c.mail.channels(env), c.mail, env);
    }

    private static List<String> names(List<Channel> channels) {
        return channels.stream().map(Channel::name).toList();
    }

    private static String sign(RecordedRequest r, String secret) throws Exception {
        String timestamp = r.getRequestUrl().queryParameter("timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyChannelOptionAddsItsChannels_inOrder() {
        List<String> names = names(channels(Map.of(), "-m", "ops@example.com", "-s", "cat",
                "--sms-gateway", "5551234@sms.example.com", "--sms-gateway", "5555678@sms.example.com",
                "--dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=abcdef1234",
                "--dingtalk=https://oapi.dingtalk.com/robot/send?access_token=zzzz9999",
                "--webhook", "http://hooks.example.com/in", "--alertmanager", "http://am:9093"));
        assertEquals(6, names.size(), names.toString());
        assertEquals("sendmail 'cat'", names.get(0));
        assertEquals("sms via sendmail 'cat'", names.get(1));
        assertTrue(names.get(2).startsWith("dingtalk https://oapi.dingtalk.com/robot/send (token ...1234)"), names.get(2));
        assertTrue(names.get(3).contains("...9999"), names.get(3));
        assertEquals("webhook http://hooks.example.com/in", names.get(4));
        assertEquals("alertmanager http://am:9093/api/v2/alerts", names.get(5));
    }

    @Test
    void mistakesAreOneLineConfigErrors() throws Exception {
        assertThrows(ConfigException.class, () -> channels(Map.of(), "--webhook", "hooks.example.com/in"));
        assertThrows(ConfigException.class, () -> channels(Map.of(), "--alertmanager", "ftp://am"));
        assertThrows(ConfigException.class, () -> channels(Map.of(), "--dingtalk-at", "13800000000"));
        assertThrows(ConfigException.class, () -> channels(Map.of(), "--dingtalk", "https://x/robot", "--dingtalk-at", "bob"));
        assertThrows(ConfigException.class, () -> channels(Map.of(), "--sms-gateway", "not an address"));
        assertThrows(ConfigException.class, () -> channels(Map.of(), "--hostname", " "));
        assertThrows(ConfigException.class, () -> channels(Map.of(), "--webhook", "http://h/", "--http-timeout", "0"));
        ConfigException missing = assertThrows(ConfigException.class, () -> channels(Map.of(), "--dingtalk", "https://x/robot",
                "--dingtalk-secret-file", dir.resolve("nope").toString()));
        assertTrue(missing.getMessage().startsWith("--dingtalk-secret-file: cannot read"), missing.getMessage());
    }

    @Test
    void secretFromTheEnvironmentOrAFileSignsDingTalkMessages_andHostnameNamesTheHost() throws Exception {
        Path secretFile = Files.writeString(dir.resolve("secret"), "SECfromfile\n");
        try (MockWebServer robot = new MockWebServer()) {
            robot.start();
            String url = robot.url("/robot/send?access_token=t").toString();
            for (int i = 0; i < 3; i++) {
                robot.enqueue(new MockResponse().setBody("{\"errcode\":0,\"errmsg\":\"ok\"}"));
            }
            Alert alert = TestAlerts.crash("g", "a", 1);
            channels(Map.of("SUPERLANCE_DINGTALK_SECRET", "SECfromenv"), "--dingtalk", url, "--hostname", "db7").get(0).send(alert);
            RecordedRequest fromEnv = robot.takeRequest(5, TimeUnit.SECONDS);
            assertEquals(sign(fromEnv, "SECfromenv"), fromEnv.getRequestUrl().queryParameter("sign"));
            assertTrue(fromEnv.getBody().readUtf8().contains("db7"));

            channels(Map.of("SUPERLANCE_DINGTALK_SECRET", "SECfromenv"), "--dingtalk", url,
                    "--dingtalk-secret-file", secretFile.toString()).get(0).send(alert);
            RecordedRequest fromFile = robot.takeRequest(5, TimeUnit.SECONDS);
            assertEquals(sign(fromFile, "SECfromfile"), fromFile.getRequestUrl().queryParameter("sign"), "the file wins");

            channels(Map.of(), "--dingtalk", url).get(0).send(alert);
            assertEquals(null, robot.takeRequest(5, TimeUnit.SECONDS).getRequestUrl().queryParameter("sign"));
        }
    }
}
