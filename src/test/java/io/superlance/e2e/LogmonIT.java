package io.superlance.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** logmon: a program printing Chinese error lines among normal ones under a real supervisord; windows at a stop and a kill -9. */
class LogmonIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    /** A burst of lines on both channels, one error split mid-character across two writes, then a later error. */
    static final String TALKER = """
            import os, sys, time
            time.sleep(1)
            for line in ["启动完成", "错误: 数据库连接失败 id=1", "普通日志 ok", "ERROR disk full",
                         "错误: 可以忽略 retry", "错误: 数据库连接失败 id=2"]:
                print(line, flush=True)
            print("ERROR 标准错误 失败", file=sys.stderr, flush=True)
            split = "错误: 分段 id=3\\n".encode()
            os.write(1, split[:10])  # ends inside 分: supervisord sends Undecodable: b"..."
            time.sleep(0.5)
            os.write(1, split[10:])
            time.sleep(6)
            print("错误: 第二批 id=4", flush=True)
            time.sleep(86400)
            """;

    @Test
    void alertsExactlyTheMatchingLinesGroupedPerWindow_andIgnoresWhatIgnoreSays() throws Exception {
        Files.writeString(dir.resolve("talker.py"), TALKER);
        try (MailSink smtp = MailSink.smtp();
             Supervisord s = Supervisord.start(dir, SupervisordConfig.base()
                     .program("talker", "python3 -u %(here)s/talker.py", "environment=PYTHONIOENCODING=\"utf-8\"",
                             "stdout_events_enabled=true", "stderr_events_enabled=true")
                     .listener("logmon", "logmon -p talker --match '错误|ERROR' --ignore '可以忽略' --window 3 -m ops@example.com"
                             + " --smtp-host 127.0.0.1:" + smtp.port(), "PROCESS_LOG", "buffer_size=100"))) {
            // The first matching line at once, the rest of its window (3 s) folded into one more alert.
            assertTrue(smtp.await(2, Duration.ofSeconds(30)), "no logmon alerts\n" + s.read("logmon.log") + s.log());
            MimeMessage first = smtp.messages()[0];
            String body1 = ((String) first.getContent()).strip();
            assertEquals("logmon: talker: [stdout] 错误: 数据库连接失败 id=1", first.getSubject(), body1);
            MimeMessage rest = smtp.messages()[1];
            String body = ((String) rest.getContent()).strip();
            assertEquals("logmon: talker: 4 more matching lines", rest.getSubject(), body);
            for (String line : new String[]{"[stdout] ERROR disk full",
                    "[stdout] 错误: 数据库连接失败 id=2", "[stderr] ERROR 标准错误 失败", "[stdout] 错误: 分段 id=3"}) {
                assertTrue(body.contains(line), line + " missing in\n" + body);
            }
            for (String line : new String[]{"启动完成", "普通日志", "可以忽略", "\uFFFD", "id=1"}) {
                assertFalse(body.contains(line), line + " should not be in\n" + body);
            }

            // The later error opens a window of its own: at once, with that line only, and nothing joins it.
            assertTrue(smtp.await(3, Duration.ofSeconds(15)), "no third logmon alert\n" + s.read("logmon.log"));
            MimeMessage third = smtp.messages()[2];
            String body3 = ((String) third.getContent()).strip();
            assertEquals("logmon: talker: [stdout] 错误: 第二批 id=4", third.getSubject(), body3);
            Thread.sleep(3500);
            assertEquals(3, smtp.messages().length);
        }
    }

    /**
     * At default settings under a real supervisord, a supervised program's first matching line reaches a
     * DingTalk robot (a loopback one) in under a second; the 49 lines of the burst it opens follow as one
     * message when the 10 s window closes. The program writes the wall-clock time into the line.
     */
    @Test
    void theFirstLineOfABurstReachesDingTalkWithinASecond_theRestAsOneMessage() throws Exception {
        Files.writeString(dir.resolve("burst.py"), """
                import os, sys, time
                go = sys.argv[1]
                while not os.path.exists(go):
                    time.sleep(0.01)
                print("ERROR first of the burst at=%d" % int(time.time() * 1000), flush=True)
                for i in range(2, 51):
                    print("ERROR 错误 line %d" % i, flush=True)
                time.sleep(86400)
                """);
        Path go = dir.resolve("go");
        try (HttpSink robot = new HttpSink("{\"errcode\":0,\"errmsg\":\"ok\"}");
             Supervisord s = Supervisord.start(dir, SupervisordConfig.base()
                     .program("warm", "sh -c 'sleep 1; echo ERROR warm-up; exec sleep 86400'", "stdout_events_enabled=true")
                     .program("burst", "python3 -u %(here)s/burst.py " + go, "stdout_events_enabled=true")
                     .listener("logmon", "logmon --match ERROR --dingtalk " + robot.url("/robot/send?access_token=t"),
                             "PROCESS_LOG", "buffer_size=100"))) {
            // The warm-up line's alert says the listener is up and its HTTP client loaded.
            robot.nth(1, Duration.ofSeconds(30), "warm-up alert\n" + s.read("logmon.log"));
            long since = System.nanoTime();
            Files.writeString(go, "");
            HttpSink.Request first = robot.await(since, r -> r.body().contains("first of the burst"), Duration.ofSeconds(10),
                    "first line of the burst\n" + s.read("logmon.log"));
            long receivedMillis = System.currentTimeMillis() - (System.nanoTime() - first.nanos()) / 1_000_000;
            java.util.regex.Matcher at = java.util.regex.Pattern.compile("at=(\\d+)").matcher(first.body());
            assertTrue(at.find(), first.body());
            long latency = receivedMillis - Long.parseLong(at.group(1));
            System.err.println("logmon line-to-DingTalk latency: " + latency + " ms");
            assertTrue(latency < 1000, "the first line took " + latency + " ms to reach DingTalk");

            HttpSink.Request rest = robot.await(first.nanos(), r -> r.body().contains("49 more matching lines"),
                    Duration.ofSeconds(15), "the folded rest of the burst\n" + s.read("logmon.log"));
            String text = JSON.readTree(rest.body()).path("markdown").path("text").asText();
            assertTrue(text.contains("> [stdout] ERROR 错误 line 2  \n> [stdout] ERROR 错误 line 3  \n"), "lines run together:\n" + text);
            Thread.sleep(1000);
            assertEquals(3, robot.requests().size(), "warm-up, first line, the rest: " + robot);
        }
    }

    /** logmon run by the driver with the given window, mailing through {@code smtp}. */
    private ListenerDriver logmon(MailSink smtp, String window, String stderr) throws Exception {
        return ListenerDriver.superlance(dir, "logmon", "-p", "once", "--match", "ERROR", "--window", window, "-m", "ops@example.com",
                "--smtp-host", "127.0.0.1:" + smtp.port()).named("logmon").stderr(stderr).start();
    }

    /**
     * The line {@code once} printed, as supervisord's stdout_events_enabled passes it on, after a first
     * one that goes out at once and opens the window; returns once that first alert is out.
     */
    private static void printed(ListenerDriver logmon, MailSink smtp, String line) throws Exception {
        logmon.output("once", "once", 4242, "stdout", "ERROR opens the window\n" + line + "\n");
        assertTrue(smtp.await(1, Duration.ofSeconds(10)), "the first line was not sent at once\n" + logmon.log());
        assertEquals("logmon: once: [stdout] ERROR opens the window", smtp.messages()[0].getSubject());
    }

    private static void assertOneLineAlert(MailSink smtp, String line) throws Exception {
        MimeMessage m = smtp.messages()[1];
        assertEquals("logmon: once: 1 more matching line", m.getSubject());
        assertTrue(((String) m.getContent()).contains(line), (String) m.getContent());
    }

    /** SIGTERM (supervisorctl stop) while a window is open: its lines go out then, not with the listener. */
    @Test
    void aWindowStillOpenWhenSupervisordStopsTheListenerIsSent() throws Exception {
        assertOpenWindowSentWhenStopped("ERROR before the stop", "logmon.log", l -> l.term(10));
    }

    /** SIGTERM and EOF together (supervisord shutting down): both ways of stopping wait for the window to go out. */
    @Test
    void aWindowStillOpenWhenSupervisordShutsDownIsSent() throws Exception {
        assertOpenWindowSentWhenStopped("ERROR before the shutdown", "logmon-shutdown.log", l -> l.termAndClose(10));
    }

    interface Stop {
        void stop(ListenerDriver listener) throws Exception;
    }

    private void assertOpenWindowSentWhenStopped(String line, String stderr, Stop stop) throws Exception {
        try (MailSink smtp = MailSink.smtp(); ListenerDriver l = logmon(smtp, "3600", stderr)) {
            printed(l, smtp, line);
            assertEquals(1, smtp.messages().length, "the window must still be open");
            stop.stop(l);
            assertTrue(smtp.await(2, Duration.ofSeconds(10)), "the open window was lost\n" + l.log());
            assertOneLineAlert(smtp, line);
        }
    }

    /** kill -9 of the listener while a window is open: the restarted listener sends it when it was due, once. */
    @Test
    void aWindowOpenWhenTheListenerIsKilledIsSentByTheNextOne() throws Exception {
        try (MailSink smtp = MailSink.smtp()) {
            // The window closes 8 s after the line: time for the first line's mail before the kill, on a busy machine too.
            try (ListenerDriver first = logmon(smtp, "8", "first.log")) {
                printed(first, smtp, "ERROR before the kill");
                assertEquals(1, smtp.messages().length, "the window must still be open");
                Thread.sleep(500); // the first alert out of the spool too, or the next listener may send it again
                first.kill9();
            }
            try (ListenerDriver next = logmon(smtp, "8", "next.log")) {
                assertTrue(smtp.await(2, Duration.ofSeconds(25)), "the window was lost with the listener\n" + next.log());
                assertOneLineAlert(smtp, "ERROR before the kill");
                assertTrue(next.log().contains("restored what it had gathered"), next.log());
                Thread.sleep(3000);
                assertEquals(2, smtp.messages().length, "sent once");
            }
        }
    }
}
