package io.superlance.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.superlance.e2e.Image.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The image as supervisord sees it: what reaches stdout, exit statuses, stderr lines. */
class ImageIT {
    static final String CRASH = "processname:web groupname:web from_state:RUNNING expected:0 pid:4242";

    @TempDir
    Path dir;

    Map<String, String> underSupervisord() {
        Map<String, String> env = new HashMap<>();
        env.put("SUPERVISOR_SERVER_URL", "unix:///tmp/supervisor.sock");
        env.put("SUPERVISOR_PROCESS_NAME", "crashmail");
        return env;
    }

    /** A sendmail stand-in that also prints to its stdout and stderr, as a chatty real one might. */
    String noisySendmail(Path mailbox) {
        return "echo sendmail-says-hello; echo sendmail-warns >&2; "
                + Supervisord.basedir().resolve("scripts/sendmail-to-dir") + " " + mailbox;
    }

    static void assertNoStackTrace(String stderr) {
        assertFalse(stderr.contains("\tat ") || stderr.contains("Exception in thread"), "stack trace on stderr:\n" + stderr);
    }

    @Test
    void stdoutCarriesProtocolTokensOnly() throws Exception {
        Path mailbox = dir.resolve("mailbox");
        try (Image l = Image.start(dir, underSupervisord(), "crashmail", "-a", "-m", "ops@example.com",
                "-s", noisySendmail(mailbox))) {
            assertEquals("READY\n", l.read(6));
            String[] events = {
                    frame(1, "PROCESS_STATE_EXITED", CRASH),
                    frame(2, "PROCESS_STATE_EXITED", "this payload is garbage"),
                    frame(3, "SOME_FUTURE_EVENT", "x:y\nz"),
                    frame(4, "PROCESS_LOG_STDOUT", "processname:web groupname:web pid:1 channel:stdout\n日志 ✓"),
                    frame(5, "TICK_60", "when:1700000000"),
                    frame(6, "PROCESS_STATE_EXITED", CRASH.replace("expected:0", "expected:1")),
            };
            for (String e : events) {
                l.send(e);
                assertEquals("RESULT 2\nOKREADY\n", l.read(17));
            }
            CrashmailIT.awaitFiles(mailbox, 1, Duration.ofSeconds(10));
            l.closeStdin();
            assertEquals("", l.restOfStdout(), "bytes after the last READY");
            assertEquals(0, l.waitFor(10));
            String err = l.stderr();
            assertTrue(err.contains("sendmail-says-hello") || err.contains("sent via"), err);
            assertTrue(err.contains("payload we cannot read"), err);
            assertNoStackTrace(err);
            assertEquals(1, CrashmailIT.files(mailbox).size());
        }
    }

    @Test
    void headerThatCannotBeFramedIsOneLineAndANonZeroExit() throws Exception {
        try (Image l = Image.start(dir, underSupervisord(), "crashmail", "-a")) {
            assertEquals("READY\n", l.read(6));
            l.send("HELLO I AM NOT SUPERVISORD\n");
            int status = l.waitFor(10);
            assertTrue(status != 0, "exit status " + status);
            String err = l.stderr();
            List<String> errors = err.lines().filter(s -> s.contains("ERROR")).toList();
            assertEquals(1, errors.size(), err);
            assertTrue(errors.get(0).contains("cannot frame header line \"HELLO I AM NOT SUPERVISORD\""), err);
            assertNoStackTrace(err);
        }
    }

    @Test
    void eofOnStdinIsAnOrderlyExit() throws Exception {
        try (Image l = Image.start(dir, underSupervisord(), "crashmail", "-a")) {
            assertEquals("READY\n", l.read(6));
            l.closeStdin();
            assertEquals(0, l.waitFor(10));
        }
    }

    @Test
    void outsideSupervisordItSaysSoInOneLineAndExits1() throws Exception {
        try (Image l = Image.start(dir, Map.of(), "crashmail", "-a")) {
            assertEquals(1, l.waitFor(10));
            assertEquals("", l.restOfStdout());
            List<String> lines = l.stderr().lines().toList();
            assertEquals(1, lines.size(), l.stderr());
            assertTrue(lines.get(0).contains("SUPERVISOR_SERVER_URL is not set"), lines.get(0));
        }
    }

    @Test
    void helpAndVersionWorkAnywhere() throws Exception {
        try (Image l = Image.start(dir, Map.of(), "--version")) {
            assertTrue(l.restOfStdout().matches("superlance \\d+\\.\\d+\\.\\d+.*\\n"));
            assertEquals(0, l.waitFor(10));
        }
        try (Image l = Image.start(dir, Map.of(), "crashmail", "--help")) {
            String help = l.restOfStdout();
            assertEquals(0, l.waitFor(10));
            for (String option : List.of("--program", "--any", "--optionalheader", "--sendmail_program", "--email",
                    "--smtp-host", "--test-alert")) {
                assertTrue(help.contains(option), option + " missing from:\n" + help);
            }
        }
        try (Image l = Image.start(dir, Map.of(), "--help")) {
            assertTrue(l.restOfStdout().contains("crashmail"));
            assertEquals(0, l.waitFor(10));
        }
    }

    @Test
    void badOptionsAreOneLineErrors() throws Exception {
        try (Image l = Image.start(dir, underSupervisord(), "crashmail", "--bogus")) {
            assertEquals(2, l.waitFor(10));
            assertEquals(1, l.stderr().lines().count(), l.stderr());
            assertTrue(l.stderr().contains("Unknown option: '--bogus'"), l.stderr());
        }
        try (Image l = Image.start(dir, underSupervisord(), "crashmail", "-m", "not an address")) {
            assertEquals(2, l.waitFor(10));
            assertEquals(1, l.stderr().lines().count(), l.stderr());
            assertTrue(l.stderr().contains("'not an address' is not a mail address"), l.stderr());
        }
        Map<String, String> noPassword = underSupervisord();
        noPassword.put("SUPERLANCE_SMTP_PASSWORD", null);
        try (Image l = Image.start(dir, noPassword, "crashmail", "-m", "a@b.c", "--smtp-host", "localhost", "--smtp-user", "me")) {
            assertEquals(2, l.waitFor(10));
            assertTrue(l.stderr().contains("no password: set $SUPERLANCE_SMTP_PASSWORD or give --smtp-password-file"), l.stderr());
        }
    }

    @Test
    void sigtermDrainsPendingMailBeforeExit() throws Exception {
        Path mailbox = dir.resolve("mailbox");
        String slowSendmail = "sleep 1; " + Supervisord.basedir().resolve("scripts/sendmail-to-dir") + " " + mailbox;
        try (Image l = Image.start(dir, underSupervisord(), "crashmail", "-a", "-m", "ops@example.com", "-s", slowSendmail)) {
            assertEquals("READY\n", l.read(6));
            l.send(frame(1, "PROCESS_STATE_EXITED", CRASH));
            assertEquals("RESULT 2\nOKREADY\n", l.read(17), "acknowledged before the mail is handed over");
            l.process.destroy(); // SIGTERM, as supervisord stops a listener
            l.waitFor(10);
            assertEquals(1, CrashmailIT.files(mailbox).size(), "pending mail lost on SIGTERM:\n" + l.stderr());
        }
    }

    @Test
    void testAlertSendsOneSampleAndSaysWhetherItWorked() throws Exception {
        Path mailbox = dir.resolve("mailbox");
        try (Image l = Image.start(dir, Map.of(), "crashmail", "-m", "ops@example.com", "-s",
                Supervisord.basedir().resolve("scripts/sendmail-to-dir") + " " + mailbox, "--test-alert")) {
            assertEquals(0, l.waitFor(20), l.stderr());
            List<Path> mails = CrashmailIT.files(mailbox);
            assertEquals(1, mails.size());
            assertTrue(Files.readString(mails.get(0)).contains("exited unexpectedly"));
        }
        try (Image l = Image.start(dir, Map.of(), "crashmail", "-m", "ops@example.com", "-s", "echo mailer is broken >&2; exit 75",
                "--test-alert")) {
            assertEquals(1, l.waitFor(20));
            assertTrue(l.stderr().contains("exited with status 75: mailer is broken"), l.stderr());
            assertNoStackTrace(l.stderr());
        }
        try (Image l = Image.start(dir, Map.of(), "crashmail", "-m", "ops@example.com", "--smtp-host", "127.0.0.1:1",
                "--test-alert")) {
            assertEquals(1, l.waitFor(40));
            assertTrue(l.stderr().contains("test alert failed via smtp 127.0.0.1:1"), l.stderr());
            assertNoStackTrace(l.stderr());
        }
    }
}
