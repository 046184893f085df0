package io.superlance.e2e;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** crashmailbatch under a real supervisord: several crashes, one mail. */
class CrashmailbatchIT {
    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort());

    @TempDir
    Path dir;

    @Test
    void severalKill9CrashesArriveAsOneDigest() throws Exception {
        String config = Supervisord.BASE_CONFIG + """
                [program:a]
                command=/bin/sleep 86400
                startsecs=0
                [program:b]
                command=/bin/sleep 86400
                startsecs=0
                [program:c]
                command=/bin/sleep 86400
                startsecs=0
                [eventlistener:crashmailbatch]
                command=LAUNCHER crashmailbatch -t ops@example.com -f alerts@example.com -H 127.0.0.1:PORT -e TICK_5 -i 0.1
                events=PROCESS_STATE_EXITED,TICK_5
                autorestart=true
                stdout_logfile=NONE
                stderr_logfile=%(here)s/crashmailbatch.log
                """.replace("LAUNCHER", Supervisord.launcher().toString())
                .replace("PORT", Integer.toString(smtp.getSmtp().getPort()));
        try (Supervisord s = Supervisord.start(dir, config)) {
            for (String p : List.of("a", "b", "c", "crashmailbatch")) {
                s.awaitState(p, "RUNNING", Duration.ofSeconds(10));
            }
            int a = s.pid("a"), b = s.pid("b"), c = s.pid("c");
            Process kill = new ProcessBuilder("kill", "-9", "" + a, "" + b, "" + c).inheritIO().start();
            assertEquals(0, kill.waitFor());

            assertTrue(MailWait.await(smtp, 20_000, 1), "no digest\n" + s.read("crashmailbatch.log"));
            MimeMessage m = smtp.getReceivedMessages()[0];
            assertEquals("Crash alert from supervisord", m.getSubject());
            String body = ((String) m.getContent()).strip();
            for (String line : List.of("Process a:a (pid " + a + ") died unexpectedly",
                    "Process b:b (pid " + b + ") died unexpectedly", "Process c:c (pid " + c + ") died unexpectedly")) {
                assertTrue(body.contains(" -- " + line), "missing '" + line + "' in\n" + body);
            }
            assertEquals(3, body.lines().count(), body);
            assertEquals(1, smtp.getReceivedMessages().length, s.read("crashmailbatch.log"));
        }
    }

    @Test
    void pendingDigestSurvivesKill9OfTheListener_supervisordRestartsIt_deliveredOnce() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // nothing listens there until GreenMail does
        }
        String config = Supervisord.BASE_CONFIG + """
                [program:a]
                command=/bin/sleep 86400
                startsecs=0
                [eventlistener:digest]
                command=LAUNCHER crashmailbatch -t ops@example.com -f alerts@example.com -H 127.0.0.1:PORT --retry-max 1s -e TICK_5 -i 0.05
                events=PROCESS_STATE_EXITED,TICK_5
                autorestart=true
                stdout_logfile=NONE
                stderr_logfile=%(here)s/digest.log
                """.replace("LAUNCHER", Supervisord.launcher().toString()).replace("PORT", Integer.toString(port));
        com.icegreen.greenmail.util.GreenMail mail = null;
        try (Supervisord s = Supervisord.start(dir, config)) {
            s.awaitState("a", "RUNNING", Duration.ofSeconds(10));
            s.awaitState("digest", "RUNNING", Duration.ofSeconds(10));
            int pid = s.pid("a");
            s.kill9("a");
            // the default spool: $SUPERLANCE_STATE_DIR (set by the fixture) / $SUPERVISOR_PROCESS_NAME
            Path spool = dir.resolve("state").resolve("digest");
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (SpoolRestartIT.alertFiles(spool) == 0 || !s.read("digest.log").contains("not sent via smtp")) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no pending digest in " + spool + "\n" + s.read("digest.log"));
                }
                Thread.sleep(100);
            }
            int listener = s.pid("digest");
            s.kill9("digest");
            mail = new com.icegreen.greenmail.util.GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
            mail.start();
            assertTrue(MailWait.await(mail, 20_000, 1), "not delivered after the restart\n" + s.read("digest.log"));
            s.awaitState("digest", "RUNNING", Duration.ofSeconds(10));
            assertTrue(s.pid("digest") != listener, "supervisord restarted the listener");
            assertTrue(((String) mail.getReceivedMessages()[0].getContent()).contains("Process a:a (pid " + pid + ") died unexpectedly"));
        }
        try {
            // supervisord stopped (SIGTERM, drain): the crash of a:a went out exactly once. (The listener's own
            // kill -9 is a crash too, which its successor reports in a later digest.)
            StringBuilder all = new StringBuilder();
            int copies = 0;
            for (MimeMessage m : mail.getReceivedMessages()) {
                String body = (String) m.getContent();
                all.append(m.getMessageID()).append('\n').append(body).append("\n---\n");
                copies += body.contains("Process a:a (pid ") ? 1 : 0;
                assertTrue(body.contains("Process a:a (pid ") || body.contains("Process digest:digest (pid "), all.toString());
            }
            assertEquals(1, copies, all.toString());
        } finally {
            mail.stop();
        }
    }
}
