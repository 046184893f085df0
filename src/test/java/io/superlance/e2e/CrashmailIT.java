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
        try (Supervisord s = Supervisord.start(dir, ExampleConfig.with("-s 'cat > /dev/null'"))) {
            s.awaitState("sample", "RUNNING", Duration.ofSeconds(10));
            s.awaitState("crashmail", "RUNNING", Duration.ofSeconds(10));
        }
    }

    /** Where the example's default mail command is missing, the listener says so at start and stops (FATAL in supervisorctl). */
    @Test
    void exampleConfigWithoutAMailSystemStopsAtStartWithOneLine() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(java.nio.file.Files.isExecutable(Path.of("/usr/sbin/sendmail")),
                "this machine has a mail system");
        try (Supervisord s = Supervisord.start(dir, ExampleConfig.with(""))) {
            s.awaitState("sample", "RUNNING", Duration.ofSeconds(10));
            s.awaitState("crashmail", "FATAL", Duration.ofSeconds(60));
            String log = s.read("crashmail.log");
            assertTrue(log.contains("/usr/sbin/sendmail is not installed"), log);
            assertTrue(!log.contains("\tat "), "no stack trace:\n" + log);
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

    /**
     * --tail: a program prints a Chinese error to stderr and exits unexpectedly; its crash mail carries those
     * lines after superlance's text. The log is long enough that the read starts inside a Chinese character
     * (supervisord then fails to decode it: read again, a byte fewer). A program without a stderr log says so.
     */
    @Test
    void withTailTheCrashMailCarriesTheLastLinesOfStderr_andSaysWhenThereIsNoLog() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("crasher.py"), """
                import os, sys, time
                while not os.path.exists(sys.argv[1]):
                    time.sleep(0.05)
                error = "Traceback (most recent call last):\\nRuntimeError: 数据库连接失败"
                pad = 600  # 1800 bytes of 3-byte characters, more than --tail 3 reads
                if (3 * pad + 1 + len((error + "\\n").encode()) - 3 * 512) % 3 == 0:
                    error += "!"  # so the read begins inside a character
                sys.stderr.write("日" * pad + "\\n" + error + "\\n")
                sys.stderr.flush()
                time.sleep(0.3)
                sys.exit(3)
                """);
        Path go = dir.resolve("go");
        try (MailSink smtp = MailSink.smtp();
             Supervisord s = Supervisord.start(dir, SupervisordConfig.base()
                     .program("crasher", "python3 -u %(here)s/crasher.py " + go, "autorestart=false",
                             "environment=PYTHONIOENCODING=\"utf-8\"")
                     .program("quiet", "sh -c 'while [ ! -e " + go + " ]; do sleep 0.05; done; echo 失败 >&2; exit 4'",
                             "autorestart=false", "stderr_logfile=NONE")
                     .listener("crashmail", "crashmail -p crasher -p quiet --tail 3 -m ops@example.com --smtp-host 127.0.0.1:"
                             + smtp.port(), "PROCESS_STATE_EXITED"))) {
            s.awaitState("crasher", "RUNNING", Duration.ofSeconds(10));
            s.awaitState("quiet", "RUNNING", Duration.ofSeconds(10));
            s.awaitState("crashmail", "RUNNING", Duration.ofSeconds(10));
            // RUNNING is supervisord's startsecs; on a busy machine the listener's JVM may not be up yet.
            Await.until(Duration.ofSeconds(60), () -> s.read("crashmail.log").contains("pending alerts are kept"),
                    () -> "crashmail did not start\n" + s.log());
            int pid = s.pid("crasher");
            java.nio.file.Files.writeString(go, "");

            assertTrue(smtp.await(2, Duration.ofSeconds(20)), "no crash mails\n" + s.read("crashmail.log") + s.log());
            String crasher = null;
            String quiet = null;
            for (MimeMessage m : smtp.messages()) {
                String body = ((String) m.getContent()).replace("\r\n", "\n").strip();
                if (m.getSubject().contains("crasher")) {
                    crasher = body;
                } else {
                    quiet = body;
                }
            }
            assertTrue(crasher != null && crasher.startsWith("Process crasher in group crasher exited unexpectedly (pid " + pid
                    + ") from state RUNNING\n\nLast 3 lines of stderr:\nTraceback (most recent call last):\nRuntimeError: 数据库连接失败"),
                    crasher + "\n" + s.read("crashmail.log"));
            assertTrue(!crasher.contains("日"), "the line cut by the read is left out:\n" + crasher);
            assertTrue(quiet != null && quiet.endsWith("Last 3 lines of stderr:\n"
                    + "(no stderr log file: stderr_logfile is NONE or redirect_stderr is set)"), quiet);
        }
    }
}
