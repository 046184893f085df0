package io.superlance.e2e;

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
            assertTrue(smtp.await(1, Duration.ofSeconds(15)), "no logmon alert\n" + s.read("logmon.log") + s.log());
            MimeMessage first = smtp.messages()[0];
            String body = ((String) first.getContent()).strip();
            assertEquals("logmon: talker: 5 matching lines", first.getSubject(), body);
            for (String line : new String[]{"[stdout] 错误: 数据库连接失败 id=1", "[stdout] ERROR disk full",
                    "[stdout] 错误: 数据库连接失败 id=2", "[stderr] ERROR 标准错误 失败", "[stdout] 错误: 分段 id=3"}) {
                assertTrue(body.contains(line), line + " missing in\n" + body);
            }
            for (String line : new String[]{"启动完成", "普通日志", "可以忽略", "\uFFFD"}) {
                assertFalse(body.contains(line), line + " should not be in\n" + body);
            }

            // The later error is a window of its own: a second alert, with that line only.
            assertTrue(smtp.await(2, Duration.ofSeconds(15)), "no second logmon alert\n" + s.read("logmon.log"));
            MimeMessage second = smtp.messages()[1];
            String body2 = ((String) second.getContent()).strip();
            assertEquals("logmon: talker: 1 matching line", second.getSubject(), body2);
            assertTrue(body2.contains("[stdout] 错误: 第二批 id=4"), body2);
            assertEquals(2, smtp.messages().length);
        }
    }

    /** logmon run by the driver with the given window, mailing through {@code smtp}. */
    private ListenerDriver logmon(MailSink smtp, String window, String stderr) throws Exception {
        return ListenerDriver.superlance(dir, "logmon", "-p", "once", "--match", "ERROR", "--window", window, "-m", "ops@example.com",
                "--smtp-host", "127.0.0.1:" + smtp.port()).named("logmon").stderr(stderr).start();
    }

    /** The line {@code once} printed, as supervisord's stdout_events_enabled passes it on. */
    private static void printed(ListenerDriver logmon, String line) throws Exception {
        logmon.output("once", "once", 4242, "stdout", line + "\n");
    }

    private static void assertOneLineAlert(MailSink smtp, String line) throws Exception {
        MimeMessage m = smtp.messages()[0];
        assertEquals("logmon: once: 1 matching line", m.getSubject());
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
            printed(l, line);
            assertEquals(0, smtp.messages().length, "the window must still be open");
            stop.stop(l);
            assertTrue(smtp.await(1, Duration.ofSeconds(10)), "the open window was lost\n" + l.log());
            assertOneLineAlert(smtp, line);
        }
    }

    /** kill -9 of the listener while a window is open: the restarted listener sends it when it was due, once. */
    @Test
    void aWindowOpenWhenTheListenerIsKilledIsSentByTheNextOne() throws Exception {
        try (MailSink smtp = MailSink.smtp()) {
            try (ListenerDriver first = logmon(smtp, "4", "first.log")) { // the window closes 4 s after the line
                printed(first, "ERROR before the kill");
                assertEquals(0, smtp.messages().length, "the window must still be open");
                first.kill9();
            }
            try (ListenerDriver next = logmon(smtp, "4", "next.log")) {
                assertTrue(smtp.await(1, Duration.ofSeconds(20)), "the window was lost with the listener\n" + next.log());
                assertOneLineAlert(smtp, "ERROR before the kill");
                assertTrue(next.log().contains("restored what logmon had gathered"), next.log());
                Thread.sleep(3000);
                assertEquals(1, smtp.messages().length, "sent once");
            }
        }
    }
}
