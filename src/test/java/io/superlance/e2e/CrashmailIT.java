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
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** crashmail under a real supervisord, from supervisord.conf.example. */
class CrashmailIT {
    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort());

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
        int port = smtp.getSmtp().getPort();
        try (Supervisord s = Supervisord.start(dir, ExampleConfig.with("--smtp-host 127.0.0.1:" + port))) {
            s.awaitState("sample", "RUNNING", Duration.ofSeconds(10));
            s.awaitState("crashmail", "RUNNING", Duration.ofSeconds(10));
            int pid = s.pid("sample");
            long killed = System.nanoTime();
            s.kill9("sample");

            assertTrue(smtp.waitForIncomingEmail(5000, 1), "no crash mail within 5 s\n" + s.read("crashmail.log"));
            long ms = (System.nanoTime() - killed) / 1_000_000;
            MimeMessage mail = smtp.getReceivedMessages()[0];
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
        Path mailbox = dir.resolve("mailbox");
        String standIn = Supervisord.basedir().resolve("scripts/sendmail-to-dir") + " " + mailbox;
        try (Supervisord s = Supervisord.start(dir, ExampleConfig.with("-s '" + standIn + "'"))) {
            s.awaitState("sample", "RUNNING", Duration.ofSeconds(10));
            s.awaitState("crashmail", "RUNNING", Duration.ofSeconds(10));
            int pid = s.pid("sample");
            s.kill9("sample");

            List<Path> mails = awaitFiles(mailbox, 1, Duration.ofSeconds(5));
            assertEquals(1, mails.size(), s.read("crashmail.log"));
            String mail = Files.readString(mails.get(0));
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
            assertEquals(1, files(mailbox).size(), "a stop was mailed:\n" + s.read("crashmail.log"));
        }
    }

    static List<Path> awaitFiles(Path dir, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && files(dir).size() < count) {
            Thread.sleep(50);
        }
        return files(dir);
    }

    static List<Path> files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
    }
}
