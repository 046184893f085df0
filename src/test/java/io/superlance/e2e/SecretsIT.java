package io.superlance.e2e;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 4: every secret a listener can be given (on the command line, in a file, in the environment)
 * is used, and none of them shows in its stderr or its spool files, while every channel fails and logs why.
 * supervisord is real for heartbeat, which asks it for the programs' states before it pings.
 */
class SecretsIT {
    @TempDir
    Path dir;

    /** Each secret once; every one is unique, so finding any of them anywhere is a leak. */
    private static final Map<String, String> SECRETS = Map.of(
            "webhook path token (argv)", "ArgvSlackSecret0001",
            "webhook password in the URL (argv)", "HookPass0001",
            "webhook token (file)", "FileWebhookToken0002",
            "webhook query token (env)", "EnvWebhookToken0003",
            "alertmanager bearer (file)", "AmBearerToken0004",
            "dingtalk access token (file)", "DingFileToken0005",
            "dingtalk signing secret (env)", "SECDingEnvSecret0006",
            "smtp password (file)", "SmtpFilePass0007",
            "heartbeat ping uuid (env)", "5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278",
            "heartbeat ping password (env)", "PingPass0009");

    @Test
    void noSecretReachesTheLogOrTheSpool_thoughEachIsUsed() throws Exception {
        List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
        try (MockWebServer server = new MockWebServer();
             Supervisord supervisord = Supervisord.start(dir, SupervisordConfig.base())) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest r) {
                    requests.add(r);
                    // the error quotes what it got, as some servers do: that must not reach the log either
                    return new MockResponse().setResponseCode(503).setBody("unavailable: " + r.getRequestLine());
                }
            });
            server.start();
            String base = "http://127.0.0.1:" + server.getPort();
            Path webhookFile = Files.writeString(dir.resolve("webhook.url"), base + "/hc/FileWebhookToken0002\n");
            Path bearerFile = Files.writeString(dir.resolve("am.bearer"), "AmBearerToken0004\n");
            Path robotFile = Files.writeString(dir.resolve("robot.url"), base + "/robot/send?access_token=DingFileToken0005\n");
            Path passwordFile = Files.writeString(dir.resolve("smtp.password"), "SmtpFilePass0007\n");
            Path spool = dir.resolve("spool");
            int closedSmtp = Ports.free();

            try (ListenerDriver l = ListenerDriver.superlance(dir, "crashmail", "-a", "-m", "ops@example.com",
                            "--smtp-host", "127.0.0.1:" + closedSmtp, "--smtp-user", "alerts", "--smtp-password-file", passwordFile.toString(),
                            "--webhook", "http://hookuser:HookPass0001@127.0.0.1:" + server.getPort() + "/services/T0000/B0000/ArgvSlackSecret0001",
                            "--webhook-file", webhookFile.toString(),
                            "--alertmanager", base, "--alertmanager-bearer-file", bearerFile.toString(),
                            "--dingtalk-file", robotFile.toString(),
                            "--retry-max", "1s", "--spool-dir", spool.toString())
                    .env("SUPERLANCE_WEBHOOK", base + "/in?token=EnvWebhookToken0003")
                    .env("SUPERLANCE_DINGTALK_SECRET", "SECDingEnvSecret0006")
                    .stderr("crashmail.stderr").start();
                 ListenerDriver heartbeat = ListenerDriver.superlance(dir, "heartbeat", "-e", "TICK_5", "--retries", "0",
                                 "--spool-dir", dir.resolve("spool-heartbeat").toString())
                         .env("SUPERLANCE_PING_URL", base + "/5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278")
                         .env("SUPERLANCE_PING_USER", "hb").env("SUPERLANCE_PING_PASSWORD", "PingPass0009")
                         .named("heartbeat").rpc(supervisord).stderr("heartbeat.stderr").start()) {
                l.crash("web", "web", 11);
                heartbeat.tick5();
                for (String channel : List.of("smtp", "dingtalk", "webhook", "alertmanager")) {
                    l.awaitLog("not sent via " + channel, Duration.ofSeconds(20));
                }
                Await.until(Duration.ofSeconds(20), () -> requests.size() >= 6, () -> "every HTTP channel tried: " + requests);
                heartbeat.awaitLog("success ping to ", Duration.ofSeconds(20));

                String all = String.join("\n", requests.stream().map(r -> r.getRequestLine() + " Authorization: " + r.getHeader("Authorization")).toList());
                for (String used : List.of("/services/T0000/B0000/ArgvSlackSecret0001", "/hc/FileWebhookToken0002",
                        "token=EnvWebhookToken0003", "Bearer AmBearerToken0004", "access_token=DingFileToken0005",
                        "&sign=", "Basic aG9va3VzZXI6SG9va1Bhc3MwMDAx", "Basic aGI6UGluZ1Bhc3MwMDA5", "/5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278")) {
                    assertTrue(all.contains(used), "not used: " + used + "\n" + all);
                }
                assertEquals(0, l.closeAndWait(10));
                assertEquals(0, heartbeat.closeAndWait(10));
                String log = l.log() + heartbeat.log();
                for (Map.Entry<String, String> s : SECRETS.entrySet()) {
                    assertFalse(log.contains(s.getValue()), s.getKey() + " in the log:\n" + log);
                }
                assertTrue(SpoolFiles.alerts(spool) > 0, "the alert waits in the spool\n" + log);
                try (Stream<Path> files = Files.walk(dir.resolve("spool"))) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        String content = Files.readString(f, StandardCharsets.ISO_8859_1);
                        for (Map.Entry<String, String> s : SECRETS.entrySet()) {
                            assertFalse(content.contains(s.getValue()), s.getKey() + " in " + f + ":\n" + content);
                        }
                    }
                }
            }
        }
    }
}
