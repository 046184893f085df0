package io.superlance.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP and SMS channels through the built image: under a real supervisord, and with --test-alert. */
class ChannelsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MockWebServer hook = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        hook.start();
    }

    @AfterEach
    void stop() throws Exception {
        hook.shutdown();
    }

    private RecordedRequest take(MockWebServer server, String what) throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(r, "no " + what + " within 5 s");
        return r;
    }

    @Test
    void killedProgramIsPostedToTheWebhook_andRunningAgainResolvesIt_butIsNotMailed() throws Exception {
        hook.enqueue(new MockResponse());
        hook.enqueue(new MockResponse());
        Path mailbox = dir.resolve("mailbox");
        String sendmail = Supervisord.basedir().resolve("scripts/sendmail-to-dir") + " " + mailbox;
        String config = ExampleConfig.with("-s '" + sendmail + "' --hostname web7 --webhook " + hook.url("/in"))
                .replace("events=PROCESS_STATE_EXITED", "events=PROCESS_STATE_EXITED,PROCESS_STATE_RUNNING");
        try (Supervisord s = Supervisord.start(dir, config)) {
            s.awaitState("sample", "RUNNING", Duration.ofSeconds(10));
            s.awaitState("crashmail", "RUNNING", Duration.ofSeconds(10));
            int pid = s.pid("sample");
            s.kill9("sample");

            RecordedRequest crash = take(hook, "crash JSON\n" + s.read("crashmail.log"));
            assertTrue(crash.getHeader("Content-Type").startsWith("application/json"));
            JsonNode doc = JSON.readTree(crash.getBody().readUtf8());
            assertEquals("superlance.alert.v1", doc.get("schema").asText());
            assertEquals("web7", doc.get("host").asText());
            assertEquals("crashmail", doc.get("source").asText());
            assertEquals("ProcessCrashed", doc.get("kind").asText());
            assertFalse(doc.get("resolved").asBoolean());
            assertEquals("sample", doc.get("program").asText());
            assertEquals(pid, doc.get("pid").asInt());
            assertEquals("EXITED", doc.get("state").asText());
            assertEquals("Process sample in group sample exited unexpectedly (pid " + pid + ") from state RUNNING",
                    doc.get("body").asText());

            // autorestart brings it back: the same program, resolved, with its new pid
            JsonNode back = JSON.readTree(take(hook, "running-again JSON\n" + s.read("crashmail.log")).getBody().readUtf8());
            assertTrue(back.get("resolved").asBoolean(), back.toString());
            assertEquals("sample", back.get("program").asText());
            assertEquals(s.pid("sample"), back.get("pid").asInt());
            assertFalse(back.get("id").asText().equals(doc.get("id").asText()));

            // mail stays superlance's: the crash, and nothing for "running again"
            assertEquals(1, CrashmailIT.awaitFiles(mailbox, 1, Duration.ofSeconds(5)).size());
            Thread.sleep(1000);
            assertEquals(1, CrashmailIT.files(mailbox).size(), "running again was mailed\n" + s.read("crashmail.log"));
        }
    }

    @Test
    void crashUnderSupervisordFiresInAlertmanager_andRestartResolvesIt() throws Exception {
        try (Alertmanager am = Alertmanager.start(dir, "http://127.0.0.1:9/unused")) {
            String config = ExampleConfig.with("-s 'cat > /dev/null' --hostname web7 --alertmanager " + am.url())
                    .replace("events=PROCESS_STATE_EXITED", "events=PROCESS_STATE")
                    .replace("autorestart=true\nstartsecs=1", "autorestart=false\nstartsecs=1");
            assertTrue(config.contains("autorestart=false") && config.contains("events=PROCESS_STATE\n"), config);
            try (Supervisord s = Supervisord.start(dir, config)) {
                s.awaitState("sample", "RUNNING", Duration.ofSeconds(10));
                s.awaitState("crashmail", "RUNNING", Duration.ofSeconds(10));
                s.kill9("sample");

                JsonNode firing = awaitAlerts(am, 1, s);
                JsonNode labels = firing.get(0).get("labels");
                assertEquals("ProcessCrashed", labels.get("alertname").asText());
                assertEquals("web7", labels.get("host").asText());
                assertEquals("sample", labels.get("program").asText());
                assertEquals("sample", labels.get("group").asText());
                assertEquals("critical", labels.get("severity").asText());

                s.ctl("start", "sample");
                awaitAlerts(am, 0, s);
            }
        }
    }

    @Test
    void testAlertGoesThroughEveryChannel() throws Exception {
        try (MockWebServer robot = new MockWebServer(); MockWebServer am = new MockWebServer()) {
            robot.enqueue(new MockResponse().setBody("{\"errcode\":0,\"errmsg\":\"ok\"}"));
            am.enqueue(new MockResponse());
            hook.enqueue(new MockResponse());
            robot.start();
            am.start();
            Path mailbox = dir.resolve("mailbox");
            String sendmail = Supervisord.basedir().resolve("scripts/sendmail-to-dir") + " " + mailbox;

            ProcessBuilder pb = new ProcessBuilder(Supervisord.launcher().toString(), "crashmail", "--test-alert",
                    "-m", "ops@example.com", "-s", sendmail, "--sms-gateway", "5551234@sms.example.com",
                    "--dingtalk", robot.url("/robot/send?access_token=t").toString(), "--dingtalk-at", "13800000000",
                    "--webhook", hook.url("/in").toString(), "--alertmanager", am.url("/").toString(),
                    "--hostname", "web7");
            pb.environment().put("SUPERLANCE_DINGTALK_SECRET", "SECtest");
            Process p = pb.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);

            assertNotNull(take(robot, "DingTalk message").getRequestUrl().queryParameter("sign"));
            assertEquals("web7", JSON.readTree(take(hook, "webhook post").getBody().readUtf8()).get("host").asText());
            RecordedRequest toAm = take(am, "Alertmanager post");
            assertEquals("/api/v2/alerts", toAm.getPath());
            assertEquals("web7", JSON.readTree(toAm.getBody().readUtf8()).get(0).get("labels").get("host").asText());
            List<String> mails = new ArrayList<>();
            try (var files = Files.list(mailbox)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
                    mails.add(Files.readString(f));
                }
            }
            assertEquals(2, mails.size(), "the mail and the SMS gateway mail\n" + out);
            assertTrue(mails.stream().anyMatch(m -> m.contains("To: 5551234@sms.example.com")
                    && m.contains("[example:example](4242) exited unexpectedly")), mails.toString());
        }
    }

    @Test
    void httpClientIsNotLoadedBeforeTheFirstAlert() throws Exception {
        Path classLog = dir.resolve("classes.log");
        ProcessBuilder pb = new ProcessBuilder(Supervisord.launcher().toString(), "crashmail", "-a",
                "--webhook", hook.url("/in").toString(), "--dingtalk", hook.url("/robot").toString(),
                "--alertmanager", hook.url("/").toString());
        pb.environment().put("SUPERVISOR_SERVER_URL", "unix:///nonexistent");
        pb.environment().put("SUPERLANCE_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
        Process p = pb.redirectErrorStream(true).start();
        p.getOutputStream().close(); // EOF right after READY: a start and a clean exit
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        String classes = Files.readString(classLog);
        assertTrue(classes.contains("io.superlance.listener.Listener "), "the log lists our classes");
        assertFalse(classes.contains("okhttp3."), "okhttp loaded at start-up");
        assertFalse(classes.contains("kotlin."), "kotlin loaded at start-up");
    }

    private static JsonNode awaitAlerts(Alertmanager am, int count, Supervisord s) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode alerts = null;
        while (System.nanoTime() < deadline) {
            alerts = JSON.readTree(am.alerts());
            if (alerts.size() == count) {
                return alerts;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Alertmanager lists " + alerts + ", not " + count + " alert(s)\n"
                + s.read("crashmail.log") + am.output());
    }
}
