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

/** The HTTP and SMS channels through the built image: under a real supervisord, and with --test-alert. */
class ChannelsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void killedProgramIsPostedToTheWebhook_andRunningAgainResolvesIt_inMailToo() throws Exception {
        Mailbox mailbox = new Mailbox(dir.resolve("mailbox"));
        try (HttpSink hook = new HttpSink()) {
            String config = ExampleConfig.with("-s '" + mailbox.command() + "' --hostname web7 --webhook " + hook.url("/in"))
                    .replace("events=PROCESS_STATE_EXITED", "events=PROCESS_STATE_EXITED,PROCESS_STATE_RUNNING");
            try (Supervisord s = Supervisord.start(dir, config)) {
                s.awaitState("sample", "RUNNING", Duration.ofSeconds(10));
                s.awaitState("crashmail", "RUNNING", Duration.ofSeconds(10));
                int pid = s.pid("sample");
                s.kill9("sample");

                HttpSink.Request crash = hook.nth(1, WAIT, "crash JSON\n" + s.read("crashmail.log"));
                assertTrue(crash.contentType().startsWith("application/json"));
                JsonNode doc = JSON.readTree(crash.body());
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
                JsonNode back = JSON.readTree(hook.nth(2, WAIT, "running-again JSON\n" + s.read("crashmail.log")).body());
                assertTrue(back.get("resolved").asBoolean(), back.toString());
                assertEquals("sample", back.get("program").asText());
                assertEquals(s.pid("sample"), back.get("pid").asInt());
                assertFalse(back.get("id").asText().equals(doc.get("id").asText()));

                // the crash mail stays superlance's; "running again" is mailed as a resolution, with how long it lasted
                List<String> mails = mailbox.await(2, WAIT);
                assertTrue(mails.get(0).contains("Subject:  sample crashed at "), mails.get(0));
                assertTrue(mails.get(1).contains("Subject: RESOLVED: sample running again at "), mails.get(1));
                assertTrue(mails.get(1).contains("\nLasted "), mails.get(1));
            }
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
        Mailbox mailbox = new Mailbox(dir.resolve("mailbox"));
        try (HttpSink robot = new HttpSink("{\"errcode\":0,\"errmsg\":\"ok\"}"); HttpSink am = new HttpSink("");
             HttpSink hook = new HttpSink();
             ListenerDriver p = ListenerDriver.superlance(dir, "crashmail", "--test-alert",
                     "-m", "ops@example.com", "-s", mailbox.command(), "--sms-gateway", "5551234@sms.example.com",
                     "--dingtalk", robot.url("/robot/send?access_token=t"), "--dingtalk-at", "13800000000",
                     "--webhook", hook.url("/in"), "--alertmanager", am.url("/"), "--hostname", "web7")
                     .outsideSupervisord().env("SUPERLANCE_DINGTALK_SECRET", "SECtest").launch()) {
            String out = p.restOfStdout();
            assertEquals(0, p.exitStatus(30), out + p.log());
            out += p.log();

            assertTrue(robot.nth(1, WAIT, "DingTalk message").path().matches(".*[?&]sign=[^&]+.*"), robot.toString());
            assertEquals("web7", JSON.readTree(hook.nth(1, WAIT, "webhook post").body()).get("host").asText());
            HttpSink.Request toAm = am.nth(1, WAIT, "Alertmanager post");
            assertEquals("/api/v2/alerts", toAm.path());
            assertEquals("web7", JSON.readTree(toAm.body()).get(0).get("labels").get("host").asText());
            List<String> mails = mailbox.mails();
            assertEquals(2, mails.size(), "the mail and the SMS gateway mail\n" + out);
            assertTrue(mails.stream().anyMatch(m -> m.contains("To: 5551234@sms.example.com")
                    && m.contains("[example:example](4242) exited unexpectedly")), mails.toString());
        }
    }

    @Test
    void httpClientIsNotLoadedBeforeTheFirstAlert() throws Exception {
        Path classLog = dir.resolve("classes.log");
        try (HttpSink hook = new HttpSink();
             ListenerDriver p = ListenerDriver.superlance(dir, "crashmail", "-a", "--webhook", hook.url("/in"),
                     "--dingtalk", hook.url("/robot/send?access_token=t0k3n"), "--alertmanager", hook.url("/"))
                     .env("SUPERVISOR_SERVER_URL", "unix:///nonexistent")
                     .env("SUPERLANCE_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog).start()) {
            assertEquals(0, p.closeAndWait(30), "a start and a clean exit at EOF right after READY\n" + p.log());
        }
        String classes = Files.readString(classLog);
        assertTrue(classes.contains("io.superlance.listener.Listener "), "the log lists our classes");
        assertFalse(classes.contains("okhttp3."), "okhttp loaded at start-up");
        assertFalse(classes.contains("kotlin."), "kotlin loaded at start-up");
    }

    private static JsonNode awaitAlerts(Alertmanager am, int count, Supervisord s) throws Exception {
        JsonNode[] alerts = new JsonNode[1];
        Await.until(Duration.ofSeconds(10), () -> (alerts[0] = JSON.readTree(am.alerts())).size() == count,
                () -> "Alertmanager lists " + alerts[0] + ", not " + count + " alert(s)\n" + s.read("crashmail.log") + am.output());
        return alerts[0];
    }
}
