package io.superlance.e2e;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The digest commands under a real supervisord, on its own TICK_5: several crashes, one mail. */
class CrashmailbatchIT {
    @TempDir
    Path dir;

    @Test
    void severalKill9CrashesArriveAsOneDigest_andAFailedStartAsAFatalDigest() throws Exception {
        Mailbox sms = new Mailbox(dir.resolve("mail-sms"));
        Mailbox fatal = new Mailbox(dir.resolve("mail-fatal"));
        try (MailSink smtp = MailSink.smtp()) {
            SupervisordConfig config = SupervisordConfig.base()
                    .program("a", "/bin/sleep 86400", "startsecs=0")
                    .program("b", "/bin/sleep 86400", "startsecs=0")
                    .program("c", "/bin/sleep 86400", "startsecs=0")
                    // startsecs well above supervisord's 1 s loop: with 1, a loop that came a second late saw
                    // broken RUNNING before it reaped its exit, and a crash joined the digest instead of FATAL
                    .program("broken", "/bin/false", "autostart=false", "startsecs=10", "startretries=0")
                    .listener("crashmailbatch", "crashmailbatch -t ops@example.com -f alerts@example.com -H 127.0.0.1:"
                            + smtp.port() + " -e TICK_5 -i 0.1", "PROCESS_STATE_EXITED,TICK_5", "autorestart=true")
                    .listener("crashsms", "crashsms -t 5550100@sms.example.com -f alerts@example.com --sendmail '"
                            + sms.command() + "' -e TICK_5 -i 0.1", "PROCESS_STATE_EXITED,TICK_5")
                    .listener("fatalmailbatch", "fatalmailbatch -t ops@example.com -f alerts@example.com --sendmail '"
                            + fatal.command() + "' -e TICK_5 -i 0.05", "PROCESS_STATE_FATAL,TICK_5");
            try (Supervisord s = Supervisord.start(dir, config)) {
                for (String p : List.of("a", "b", "c", "crashmailbatch", "crashsms", "fatalmailbatch")) {
                    s.awaitState(p, "RUNNING", Duration.ofSeconds(10));
                }
                int a = s.pid("a"), b = s.pid("b"), c = s.pid("c");
                Process kill = new ProcessBuilder("kill", "-9", "" + a, "" + b, "" + c).inheritIO().start();
                assertEquals(0, kill.waitFor());
                s.ctl("start", "broken"); // exits at once, is not retried: FATAL

                assertTrue(smtp.await(1, Duration.ofSeconds(20)), "no digest\n" + s.read("crashmailbatch.log"));
                MimeMessage m = smtp.messages()[0];
                assertEquals("Crash alert from supervisord", m.getSubject());
                String body = ((String) m.getContent()).strip();
                for (String line : List.of("Process a:a (pid " + a + ") died unexpectedly",
                        "Process b:b (pid " + b + ") died unexpectedly", "Process c:c (pid " + c + ") died unexpectedly")) {
                    assertTrue(body.contains(" -- " + line), "missing '" + line + "' in\n" + body);
                }
                assertEquals(3, body.lines().count(), body);
                assertEquals(1, smtp.messages().length, s.read("crashmailbatch.log"));

                // crashsms: the same crashes in short lines
                List<String> texts = sms.await(1, Duration.ofSeconds(20));
                assertEquals(1, texts.size(), s.read("crashsms.log"));
                List<String> lines = texts.get(0).substring(texts.get(0).indexOf("\n\n") + 2).strip().lines().toList();
                assertEquals(3, lines.size(), texts.get(0));
                for (String p : List.of("[a:a](" + a + ")", "[b:b](" + b + ")", "[c:c](" + c + ")")) {
                    assertTrue(lines.stream().anyMatch(l -> l.startsWith(p + " exited unexpectedly ")), p + " in " + lines);
                }

                // fatalmailbatch: the program that could not be started
                List<String> fatals = fatal.await(1, Duration.ofSeconds(20));
                assertEquals(1, fatals.size(), s.read("fatalmailbatch.log") + s.log());
                assertTrue(fatals.get(0).contains("\nSubject: Fatal start alert from supervisord\n"), fatals.get(0));
                assertTrue(fatals.get(0).strip().endsWith(" -- Process broken:broken failed to start too many times"), fatals.get(0));
            }
        }
    }

    @Test
    void pendingDigestSurvivesKill9OfTheListener_supervisordRestartsIt_deliveredOnce() throws Exception {
        int port = Ports.free(); // nothing listens there until the mail sink does
        SupervisordConfig config = SupervisordConfig.base()
                .program("a", "/bin/sleep 86400", "startsecs=0")
                .listener("digest", "crashmailbatch -t ops@example.com -f alerts@example.com -H 127.0.0.1:" + port
                        + " --retry-max 1s -e TICK_5 -i 0.05", "PROCESS_STATE_EXITED,TICK_5", "autorestart=true");
        MailSink mail = null;
        try {
            try (Supervisord s = Supervisord.start(dir, config)) {
                s.awaitState("a", "RUNNING", Duration.ofSeconds(10));
                s.awaitState("digest", "RUNNING", Duration.ofSeconds(10));
                int pid = s.pid("a");
                s.kill9("a");
                // the default spool: $SUPERLANCE_STATE_DIR (set by the fixture) / $SUPERVISOR_PROCESS_NAME
                Path spool = dir.resolve("state").resolve("digest");
                Await.until(Duration.ofSeconds(15),
                        () -> SpoolFiles.alerts(spool) > 0 && s.read("digest.log").contains("not sent via smtp"),
                        () -> "no pending digest in " + spool + "\n" + s.read("digest.log"));
                int listener = s.pid("digest");
                s.kill9("digest");
                mail = MailSink.smtpOn(port);
                assertTrue(mail.await(1, Duration.ofSeconds(20)), "not delivered after the restart\n" + s.read("digest.log"));
                s.awaitState("digest", "RUNNING", Duration.ofSeconds(10));
                assertTrue(s.pid("digest") != listener, "supervisord restarted the listener");
                assertTrue(mail.bodies().get(0).contains("Process a:a (pid " + pid + ") died unexpectedly"));
            }
            // supervisord stopped (SIGTERM, drain): the crash of a:a went out exactly once. (The listener's own
            // kill -9 is a crash too, which its successor reports in a later digest.)
            StringBuilder all = new StringBuilder();
            int copies = 0;
            for (MimeMessage m : mail.messages()) {
                String body = (String) m.getContent();
                all.append(m.getMessageID()).append('\n').append(body).append("\n---\n");
                copies += body.contains("Process a:a (pid ") ? 1 : 0;
                assertTrue(body.contains("Process a:a (pid ") || body.contains("Process digest:digest (pid "), all.toString());
            }
            assertEquals(1, copies, all.toString());
        } finally {
            if (mail != null) {
                mail.close();
            }
        }
    }
}
