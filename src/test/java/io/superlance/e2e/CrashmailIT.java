package io.superlance.e2e;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** crashmail under a real supervisord, from supervisord.conf.example. */
class CrashmailIT {
    @TempDir
    Path dir;

    @Test
    void exampleConfigRunsTheProgramAndTheListener() throws Exception {
        try (Supervisord s = Supervisord.start(dir, ExampleConfig.with(""))) {
            s.awaitState("sample", "RUNNING", Duration.ofSeconds(10));
            s.awaitState("crashmail", "RUNNING", Duration.ofSeconds(10));
        }
    }

    @Test
    void killedProgramIsMailedThroughSmtpWithinFiveSeconds() throws Exception {
        try (MailSink smtp = MailSink.smtp();
             Supervisord s = Supervisord.start(dir, ExampleConfig.with("--smtp-host 127.0.0.1:" + smtp.port()))) {
            s.awaitState("sample", "RUNNING", Duration.ofSeconds(10));
            s.awaitState("crashmail", "RUNNING", Duration.ofSeconds(10));
            int pid = s.pid("sample");
            long killed = System.nanoTime();
            s.kill9("sample");

            assertTrue(smtp.await(1, Duration.ofSeconds(5)), "no crash mail within 5 s\n" + s.read("crashmail.log"));
            long ms = (System.nanoTime() - killed) / 1_000_000;
            MimeMessage mail = smtp.messages()[0];
            assertTrue(mail.getSubject().matches("sample crashed at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}"),
                    mail.getSubject());
            assertEquals("Process sample in group sample exited unexpectedly (pid " + pid + ") from state RUNNING",
                    ((String) mail.getContent()).strip());
            assertEquals("ops@example.com", mail.getAllRecipients()[0].toString());
            System.err.println("crash mail arrived " + ms + " ms after kill -9");
        }
    }

    @Test
    void killedProgramIsMailedThroughTheSendmailCommand_andStopSendsNothing() throws Exception {
        Mailbox mailbox = new Mailbox(dir.resolve("mailbox"));
        try (Supervisord s = Supervisord.start(dir, ExampleConfig.with("-s '" + mailbox.command() + "'"))) {
            s.awaitState("sample", "RUNNING", Duration.ofSeconds(10));
            s.awaitState("crashmail", "RUNNING", Duration.ofSeconds(10));
            int pid = s.pid("sample");
            s.kill9("sample");

            List<String> mails = mailbox.await(1, Duration.ofSeconds(5));
            assertEquals(1, mails.size(), s.read("crashmail.log"));
            String mail = mails.get(0);
            List<String> lines = mail.lines().toList();
            assertTrue(lines.contains("To: ops@example.com"), mail);
            assertTrue(lines.stream().anyMatch(l -> l.matches("Subject:  sample crashed at [-0-9: ,]+")), mail);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("Date: ")), mail);
            assertTrue(lines.stream().anyMatch(l -> l.matches("Message-ID: <.+@.+>")), mail);
            assertTrue(!mail.contains("\r"), "sendmail gets LF line ends");
            assertTrue(mail.contains("Process sample in group sample exited unexpectedly (pid " + pid
                    + ") from state RUNNING"), mail);

            // A deliberate stop is an expected exit: nothing is sent.
            s.awaitState("sample", "RUNNING", Duration.ofSeconds(10));
            s.ctl("stop", "sample");
            s.awaitState("sample", "STOPPED", Duration.ofSeconds(10));
            Thread.sleep(1500);
            assertEquals(1, mailbox.size(), "a stop was mailed:\n" + s.read("crashmail.log"));
        }
    }
}
