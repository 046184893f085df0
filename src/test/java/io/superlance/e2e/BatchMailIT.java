package io.superlance.e2e;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batch commands' mail paths, driven through stdin/stdout as supervisord drives them. */
class BatchMailIT {
    @TempDir
    static Path certs;
    static TestTls tls;

    @TempDir
    Path dir;

    @BeforeAll
    static void certificate() throws Exception {
        tls = TestTls.create(certs);
        tls.installInGreenMail();
    }

    @Test
    void crashDigestGoesThroughStartTlsWithAuth() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "s3cret\n");
        try (MailSink mail = MailSink.smtp().user("alerts@example.com", "alerts", "s3cret");
             StartTlsFront front = new StartTlsFront(certs.resolve("server.p12"), TestTls.PASSWORD, mail.port());
             ListenerDriver l = ListenerDriver.superlance(dir, "crashmailbatch", "-t", "ops@example.com,oncall@example.com",
                     "-f", "alerts@example.com", "-H", "127.0.0.1:" + front.port(), "--tls", "-u", "alerts",
                     "--smtp-password-file", password.toString(), "-e", "TICK_5", "-i", "0.05",
                     "--spool-dir", dir.resolve("spool").toString()).env("SUPERLANCE_JAVA_OPTS", tls.javaOpts()).start()) {
            l.crash("web", "web_00", 101);
            l.crash("worker", "worker", 102);
            l.tick5();
            assertTrue(mail.await(2, Duration.ofSeconds(40)), "no digest: " + mail.messages().length + "\n" + l.log());
            MimeMessage m = mail.messages()[0];
            assertEquals("Crash alert from supervisord", m.getSubject());
            assertEquals("alerts@example.com", m.getFrom()[0].toString());
            List<String> lines = ((String) m.getContent()).strip().lines().toList();
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} -- Process web:web_00 \\(pid 101\\) died unexpectedly"), lines.get(0));
            assertTrue(lines.get(1).endsWith(" -- Process worker:worker (pid 102) died unexpectedly"), lines.get(1));
            assertEquals(1, front.handshakes(), "the mail did not go through TLS");
            assertEquals(0, l.closeAndWait(10));
        }
    }

    @Test
    void wrongPasswordIsGivenUpAtOnceAndSaysWhy() throws Exception {
        try (MailSink mail = MailSink.smtp().user("alerts@example.com", "alerts", "s3cret");
             StartTlsFront front = new StartTlsFront(certs.resolve("server.p12"), TestTls.PASSWORD, mail.port());
             ListenerDriver l = ListenerDriver.superlance(dir, "fatalmailbatch", "-t", "ops@example.com", "-f", "alerts@example.com",
                     "-H", "127.0.0.1:" + front.port(), "--tls", "-u", "alerts",
                     "-e", "TICK_5", "-i", "0.05", "--spool-dir", dir.resolve("spool").toString())
                     .env("SUPERLANCE_JAVA_OPTS", tls.javaOpts()).env("SUPERLANCE_SMTP_PASSWORD", "wrong").start()) {
            l.send("PROCESS_STATE_FATAL", "processname:web groupname:web from_state:BACKOFF");
            l.tick5();
            l.awaitLog("given up via smtp", Duration.ofSeconds(30));
            assertEquals(0, l.closeAndWait(10));
            assertTrue(l.log().matches("(?s).*given up via smtp 127\\.0\\.0\\.1:\\d+ after 1 attempt\\(s\\): SMTP authentication failed.*"), l.log());
            assertEquals(0, mail.messages().length);
        }
    }

    @Test
    void certificateCheckingStaysOn_anUntrustedServerIsRefused() throws Exception {
        try (MailSink mail = MailSink.smtps().user("alerts@example.com", "alerts", "s3cret");
             ListenerDriver p = ListenerDriver.superlance(dir, "crashmailbatch", "-t", "ops@example.com", "-f", "alerts@example.com",
                     "-H", "127.0.0.1:" + mail.port(), "--smtps", "--test-alert").outsideSupervisord().launch()) {
            String out = p.restOfStdout();
            assertEquals(1, p.exitStatus(60), out + p.log());
            out += p.log();
            assertTrue(out.contains("test alert failed via smtps"), out);
            assertTrue(out.contains("PKIX") || out.contains("certification path"), out);
            assertEquals(0, mail.messages().length);
        }
    }

    @Test
    void crashDigestGoesThroughSmtps_passwordOnTheCommandLineIsWarnedAbout() throws Exception {
        try (MailSink mail = MailSink.smtps().user("alerts@example.com", "alerts", "s3cret");
             ListenerDriver l = ListenerDriver.superlance(dir, "crashmailbatch", "--toEmail=ops@example.com",
                     "--fromEmail=alerts@example.com", "--smtpHost=127.0.0.1:" + mail.port(), "--smtps", "-ualerts", "-ps3cret",
                     "-s", "crashes on web1", "--tickEvent=TICK_5", "--interval=0.05", "--spool-dir", dir.resolve("spool").toString())
                     .env("SUPERLANCE_JAVA_OPTS", tls.javaOpts()).start()) {
            l.crash("web", "web", 7);
            l.tick5();
            assertTrue(mail.await(1, Duration.ofSeconds(40)), "no digest\n" + l.log());
            MimeMessage m = mail.messages()[0];
            assertEquals("crashes on web1", m.getSubject());
            assertTrue(((String) m.getContent()).strip().endsWith(" -- Process web:web (pid 7) died unexpectedly"));
            assertEquals(0, l.closeAndWait(10));
            assertTrue(l.log().contains("-p/--password puts the SMTP password where every user"), l.log());
        }
    }

    @Test
    void sendmailPath_crashsmsAndFatalmailbatch() throws Exception {
        Mailbox mailbox = new Mailbox(dir.resolve("mailbox"));
        try (ListenerDriver l = ListenerDriver.superlance(dir, "crashsms", "-t", "5550100@sms.example.com", "-f", "alerts@example.com",
                "--sendmail", mailbox.command(), "-e", "TICK_5", "-i", "0.1",
                "--spool-dir", dir.resolve("spool-sms").toString()).stderr("sms.stderr").start()) {
            l.crash("web", "web", 1234);
            l.tick5(); // 5 s of the 6: not yet
            l.crash("db", "db", 99);
            l.tick5();
            List<String> mails = mailbox.await(1, Duration.ofSeconds(10));
            assertEquals(1, mails.size(), l.log());
            String text = mails.get(0);
            assertTrue(text.contains("\nTo: 5550100@sms.example.com\n"), text);
            List<String> body = text.substring(text.indexOf("\n\n") + 2).strip().lines().toList();
            assertEquals(2, body.size(), text);
            assertTrue(body.get(0).matches("\\[web:web\\]\\(1234\\) exited unexpectedly \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}"), body.get(0));
            assertTrue(body.get(1).startsWith("[db:db](99) exited unexpectedly "), body.get(1));
            l.tick5();
            l.tick5(); // nothing gathered: nothing sent
            assertEquals(0, l.closeAndWait(10));
            assertEquals(1, mailbox.size(), l.log());
        }
        mailbox.clear();
        try (ListenerDriver l = ListenerDriver.superlance(dir, "fatalmailbatch", "-t", "ops@example.com", "-f", "alerts@example.com",
                "--sendmail", mailbox.command(), "-e", "TICK_5", "-i", "0",
                "--spool-dir", dir.resolve("spool-fatal").toString()).stderr("fatal.stderr").start()) {
            l.send("PROCESS_STATE_FATAL", "processname:api groupname:svc from_state:BACKOFF");
            l.tick5();
            List<String> mails = mailbox.await(1, Duration.ofSeconds(10));
            assertEquals(1, mails.size(), l.log());
            String text = mails.get(0);
            assertTrue(text.contains("\nSubject: Fatal start alert from supervisord\n"), text);
            assertTrue(text.strip().matches("(?s).*\n\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} -- Process svc:api failed to start too many times"), text);
            assertEquals(0, l.closeAndWait(10));
        }
    }

    @Test
    void testAlertWorksOnEachBatchCommand() throws Exception {
        Mailbox mailbox = new Mailbox(dir.resolve("mailbox"));
        int n = 0;
        for (String command : List.of("crashmailbatch", "fatalmailbatch", "crashsms")) {
            try (ListenerDriver p = ListenerDriver.superlance(dir, command, "-t", "ops@example.com", "-f", "alerts@example.com",
                    "--sendmail", mailbox.command(), "--test-alert").outsideSupervisord().launch()) {
                String out = p.restOfStdout();
                assertEquals(0, p.exitStatus(60), out + p.log());
                assertEquals(++n, mailbox.size(), out + p.log());
            }
        }
    }
}
