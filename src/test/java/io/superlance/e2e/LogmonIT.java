package io.superlance.e2e;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** logmon under a real supervisord: a program printing Chinese error lines among normal ones. */
class LogmonIT {
    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort());

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
        int port = smtp.getSmtp().getPort();
        String config = Supervisord.BASE_CONFIG + """
                [program:talker]
                command=python3 -u %(here)s/talker.py
                environment=PYTHONIOENCODING="utf-8"
                stdout_events_enabled=true
                stderr_events_enabled=true

                [eventlistener:logmon]
                command=LAUNCHER logmon -p talker --match '错误|ERROR' --ignore '可以忽略' --window 3 -m ops@example.com --smtp-host 127.0.0.1:PORT
                events=PROCESS_LOG
                buffer_size=100
                stderr_logfile=%(here)s/logmon.log
                """.replace("LAUNCHER", Supervisord.launcher().toString()).replace("PORT", Integer.toString(port));
        try (Supervisord s = Supervisord.start(dir, config)) {
            assertTrue(smtp.waitForIncomingEmail(15_000, 1), "no logmon alert\n" + s.read("logmon.log") + s.log());
            MimeMessage first = smtp.getReceivedMessages()[0];
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
            assertTrue(smtp.waitForIncomingEmail(15_000, 2), "no second logmon alert\n" + s.read("logmon.log"));
            MimeMessage second = smtp.getReceivedMessages()[1];
            String body2 = ((String) second.getContent()).strip();
            assertEquals("logmon: talker: 1 matching line", second.getSubject(), body2);
            assertTrue(body2.contains("[stdout] 错误: 第二批 id=4"), body2);
            assertEquals(2, smtp.getReceivedMessages().length);
        }
    }

    /**
     * A program that prints one matching line a second after it starts, and logmon with the given
     * window; returns once both run and the line has reached logmon.
     */
    private Supervisord oneLine(String line, String window) throws Exception {
        Files.writeString(dir.resolve("once.py"), """
                import time
                time.sleep(1)
                print("LINE", flush=True)
                time.sleep(86400)
                """.replace("LINE", line));
        String config = Supervisord.BASE_CONFIG + """
                [program:once]
                command=python3 -u %(here)s/once.py
                stdout_events_enabled=true

                [eventlistener:logmon]
                command=LAUNCHER logmon -p once --match ERROR --window WINDOW -m ops@example.com --smtp-host 127.0.0.1:PORT
                events=PROCESS_LOG
                stderr_logfile=%(here)s/logmon.log
                """.replace("LAUNCHER", Supervisord.launcher().toString()).replace("WINDOW", window)
                .replace("PORT", Integer.toString(smtp.getSmtp().getPort()));
        Supervisord s = Supervisord.start(dir, config);
        s.awaitState("once", "RUNNING", Duration.ofSeconds(15));
        s.awaitState("logmon", "RUNNING", Duration.ofSeconds(15));
        Thread.sleep(3000);
        return s;
    }

    private static void assertOneLineAlert(String line) throws Exception {
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertEquals("logmon: once: 1 matching line", m.getSubject());
        assertTrue(((String) m.getContent()).contains(line), (String) m.getContent());
    }

    /** supervisorctl stop (SIGTERM) while a window is open: its lines go out then, not with the listener. */
    @Test
    void aWindowStillOpenWhenSupervisordStopsTheListenerIsSent() throws Exception {
        try (Supervisord s = oneLine("ERROR before the stop", "3600")) {
            assertEquals(0, smtp.getReceivedMessages().length, "the window must still be open");
            s.ctl("stop", "logmon");
            assertTrue(smtp.waitForIncomingEmail(10_000, 1), "the open window was lost\n" + s.read("logmon.log"));
            assertOneLineAlert("ERROR before the stop");
        }
    }

    /** kill -9 of the listener while a window is open: the restarted listener sends it when it was due, once. */
    @Test
    void aWindowOpenWhenTheListenerIsKilledIsSentByTheNextOne() throws Exception {
        try (Supervisord s = oneLine("ERROR before the kill", "8")) { // the window closes 8 s after the line
            assertEquals(0, smtp.getReceivedMessages().length, "the window must still be open");
            s.kill9("logmon");
            assertTrue(smtp.waitForIncomingEmail(20_000, 1), "the window was lost with the listener\n" + s.read("logmon.log"));
            assertOneLineAlert("ERROR before the kill");
            assertTrue(s.read("logmon.log").contains("restored what logmon had gathered"), s.read("logmon.log"));
            Thread.sleep(3000);
            assertEquals(1, smtp.getReceivedMessages().length, "sent once");
        }
    }
}
