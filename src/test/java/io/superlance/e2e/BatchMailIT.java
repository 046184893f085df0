package io.superlance.e2e;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batch commands' mail paths, driven through stdin/stdout as supervisord drives them. */
class BatchMailIT {
    @TempDir
    static Path certs;
    static TestTls tls;

    @TempDir
    Path dir;
    GreenMail mail;

    @BeforeAll
    static void certificate() throws Exception {
        tls = TestTls.create(certs);
        tls.installInGreenMail();
    }

    @AfterEach
    void stop() {
        if (mail != null) {
            mail.stop();
        }
    }

    private GreenMail greenMail(String protocol) {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", protocol).dynamicPort());
        mail.setUser("alerts@example.com", "alerts", "s3cret");
        mail.start();
        return mail;
    }

    @Test
    void crashDigestGoesThroughStartTlsWithAuth() throws Exception {
        greenMail("smtp");
        Path password = Files.writeString(dir.resolve("password"), "s3cret\n");
        try (StartTlsFront front = new StartTlsFront(certs.resolve("server.p12"), TestTls.PASSWORD,
                mail.getSmtp().getPort());
             ListenerDriver l = ListenerDriver.start(dir.resolve("stderr"), Map.of("SUPERLANCE_JAVA_OPTS", tls.javaOpts()),
                     "crashmailbatch", "-t", "ops@example.com,oncall@example.com", "-f", "alerts@example.com",
                     "-H", "127.0.0.1:" + front.port(), "--tls", "-u", "alerts", "--smtp-password-file", password.toString(),
                     "-e", "TICK_5", "-i", "0.05", "--spool-dir", dir.resolve("spool").toString())) {
            l.crash("web", "web_00", 101);
            l.crash("worker", "worker", 102);
            l.tick5();
            assertTrue(MailWait.await(mail, 10_000, 2), "no digest: " + mail.getReceivedMessages().length + "\n" + l.log());
            MimeMessage m = mail.getReceivedMessages()[0];
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
        greenMail("smtp");
        try (StartTlsFront front = new StartTlsFront(certs.resolve("server.p12"), TestTls.PASSWORD,
                mail.getSmtp().getPort());
             ListenerDriver l = ListenerDriver.start(dir.resolve("stderr"),
                     Map.of("SUPERLANCE_JAVA_OPTS", tls.javaOpts(), "SUPERLANCE_SMTP_PASSWORD", "wrong"),
                     "fatalmailbatch", "-t", "ops@example.com", "-f", "alerts@example.com",
                     "-H", "127.0.0.1:" + front.port(), "--tls", "-u", "alerts",
                     "-e", "TICK_5", "-i", "0.05", "--spool-dir", dir.resolve("spool").toString())) {
            l.send("PROCESS_STATE_FATAL", "processname:web groupname:web from_state:BACKOFF");
            l.tick5();
            assertEquals(0, l.closeAndWait(10));
            assertTrue(l.log().matches("(?s).*given up via smtp 127\\.0\\.0\\.1:\\d+ after 1 attempt\\(s\\): SMTP authentication failed.*"), l.log());
            assertEquals(0, mail.getReceivedMessages().length);
        }
    }

    @Test
    void certificateCheckingStaysOn_anUntrustedServerIsRefused() throws Exception {
        greenMail("smtps");
        ProcessBuilder pb = new ProcessBuilder(Supervisord.launcher().toString(), "crashmailbatch",
                "-t", "ops@example.com", "-f", "alerts@example.com", "-H", "127.0.0.1:" + mail.getSmtps().getPort(),
                "--smtps", "--test-alert").redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(1, p.waitFor(), out);
        assertTrue(out.contains("test alert failed via smtps"), out);
        assertTrue(out.contains("PKIX") || out.contains("certification path"), out);
        assertEquals(0, mail.getReceivedMessages().length);
    }

    @Test
    void crashDigestGoesThroughSmtps_passwordOnTheCommandLineIsWarnedAbout() throws Exception {
        greenMail("smtps");
        try (ListenerDriver l = ListenerDriver.start(dir.resolve("stderr"), Map.of("SUPERLANCE_JAVA_OPTS", tls.javaOpts()),
                "crashmailbatch", "--toEmail=ops@example.com", "--fromEmail=alerts@example.com",
                "--smtpHost=127.0.0.1:" + mail.getSmtps().getPort(), "--smtps", "-ualerts", "-ps3cret",
                "-s", "crashes on web1", "--tickEvent=TICK_5", "--interval=0.05", "--spool-dir", dir.resolve("spool").toString())) {
            l.crash("web", "web", 7);
            l.tick5();
            assertTrue(MailWait.await(mail, 10_000, 1), "no digest\n" + l.log());
            MimeMessage m = mail.getReceivedMessages()[0];
            assertEquals("crashes on web1", m.getSubject());
            assertTrue(((String) m.getContent()).strip().endsWith(" -- Process web:web (pid 7) died unexpectedly"));
            assertEquals(0, l.closeAndWait(10));
            assertTrue(l.log().contains("-p/--password puts the SMTP password where every user"), l.log());
        }
    }

    @Test
    void sendmailPath_crashsmsAndFatalmailbatch() throws Exception {
        Path mailbox = dir.resolve("mailbox");
        String standIn = Supervisord.basedir().resolve("scripts/sendmail-to-dir") + " " + mailbox;
        try (ListenerDriver l = ListenerDriver.start(dir.resolve("sms.stderr"), Map.of(),
                "crashsms", "-t", "5550100@sms.example.com", "-f", "alerts@example.com", "--sendmail", standIn,
                "-e", "TICK_5", "-i", "0.1", "--spool-dir", dir.resolve("spool-sms").toString())) {
            l.crash("web", "web", 1234);
            l.tick5(); // 5 s of the 6: not yet
            l.crash("db", "db", 99);
            l.tick5();
            List<Path> mails = CrashmailIT.awaitFiles(mailbox, 1, Duration.ofSeconds(10));
            assertEquals(1, mails.size(), l.log());
            String text = Files.readString(mails.get(0));
            assertTrue(text.contains("\nTo: 5550100@sms.example.com\n"), text);
            List<String> body = text.substring(text.indexOf("\n\n") + 2).strip().lines().toList();
            assertEquals(2, body.size(), text);
            assertTrue(body.get(0).matches("\\[web:web\\]\\(1234\\) exited unexpectedly \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}"), body.get(0));
            assertTrue(body.get(1).startsWith("[db:db](99) exited unexpectedly "), body.get(1));
            l.tick5();
            l.tick5(); // nothing gathered: nothing sent
            assertEquals(0, l.closeAndWait(10));
            assertEquals(1, CrashmailIT.files(mailbox).size(), l.log());
        }
        Files.walk(mailbox).filter(Files::isRegularFile).forEach(p -> p.toFile().delete());
        try (ListenerDriver l = ListenerDriver.start(dir.resolve("fatal.stderr"), Map.of(),
                "fatalmailbatch", "-t", "ops@example.com", "-f", "alerts@example.com", "--sendmail", standIn,
                "-e", "TICK_5", "-i", "0", "--spool-dir", dir.resolve("spool-fatal").toString())) {
            l.send("PROCESS_STATE_FATAL", "processname:api groupname:svc from_state:BACKOFF");
            l.tick5();
            List<Path> mails = CrashmailIT.awaitFiles(mailbox, 1, Duration.ofSeconds(10));
            assertEquals(1, mails.size(), l.log());
            String text = Files.readString(mails.get(0));
            assertTrue(text.contains("\nSubject: Fatal start alert from supervisord\n"), text);
            assertTrue(text.strip().matches("(?s).*\n\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} -- Process svc:api failed to start too many times"), text);
            assertEquals(0, l.closeAndWait(10));
        }
    }

    @Test
    void testAlertWorksOnEachBatchCommand() throws Exception {
        Path mailbox = dir.resolve("mailbox");
        String standIn = Supervisord.basedir().resolve("scripts/sendmail-to-dir") + " " + mailbox;
        int n = 0;
        for (String command : List.of("crashmailbatch", "fatalmailbatch", "crashsms")) {
            Process p = new ProcessBuilder(Supervisord.launcher().toString(), command, "-t", "ops@example.com",
                    "-f", "alerts@example.com", "--sendmail", standIn, "--test-alert").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), out);
            assertEquals(++n, CrashmailIT.files(mailbox).size(), out);
        }
    }
}
