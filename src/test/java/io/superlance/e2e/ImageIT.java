package io.superlance.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The image as supervisord sees it: what reaches stdout, exit statuses, stderr lines. */
class ImageIT {
    static final String CRASH = "processname:web groupname:web from_state:RUNNING expected:0 pid:4242";

    @TempDir
    Path dir;

    /** The image as supervisord runs a listener named crashmail. */
    ListenerDriver.Builder crashmail(String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "crashmail";
        System.arraycopy(options, 0, args, 1, options.length);
        return ListenerDriver.superlance(dir, args).named("crashmail");
    }

    /** A sendmail stand-in that also prints to its stdout and stderr, as a chatty real one might. */
    String noisySendmail(Mailbox mailbox) {
        return "echo sendmail-says-hello; echo sendmail-warns >&2; " + mailbox.command();
    }

    static void assertNoStackTrace(String stderr) {
        assertFalse(stderr.contains("\tat ") || stderr.contains("Exception in thread"), "stack trace on stderr:\n" + stderr);
    }

    @Test
    void stdoutCarriesProtocolTokensOnly() throws Exception {
        Mailbox mailbox = new Mailbox(dir.resolve("mailbox"));
        try (ListenerDriver l = crashmail("-a", "-m", "ops@example.com", "-s", noisySendmail(mailbox)).start()) {
            // each one acknowledged with exactly RESULT 2\nOK and the next READY
            l.send("PROCESS_STATE_EXITED", CRASH);
            l.send("PROCESS_STATE_EXITED", "this payload is garbage");
            l.send("SOME_FUTURE_EVENT", "x:y\nz");
            l.send("PROCESS_LOG_STDOUT", "processname:web groupname:web pid:1 channel:stdout\n日志 ✓");
            l.len(ListenerDriver.Len.BYTES); // as supervisord on Python 2 counts
            l.send("PROCESS_LOG_STDOUT", "processname:web groupname:web pid:1 channel:stdout\n日志 ✓");
            l.len(ListenerDriver.Len.CHARACTERS);
            l.send("TICK_60", "when:1700000000");
            l.send("PROCESS_STATE_EXITED", CRASH.replace("expected:0", "expected:1"));
            mailbox.await(1, Duration.ofSeconds(10));
            assertEquals(0, l.closeAndWait(10), "with nothing on stdout after the last READY");
            String err = l.log();
            assertTrue(err.contains("sendmail-says-hello") || err.contains("sent via"), err);
            assertTrue(err.contains("payload we cannot read"), err);
            assertNoStackTrace(err);
            assertEquals(1, mailbox.size());
        }
    }

    @Test
    void headerThatCannotBeFramedIsOneLineAndANonZeroExit() throws Exception {
        try (ListenerDriver l = crashmail("-a", "--log-only").start()) {
            l.write("HELLO I AM NOT SUPERVISORD\n");
            int status = l.exitStatus(10);
            assertTrue(status != 0, "exit status " + status);
            String err = l.log();
            List<String> errors = err.lines().filter(s -> s.contains("ERROR")).toList();
            assertEquals(1, errors.size(), err);
            assertTrue(errors.get(0).contains("cannot frame header line \"HELLO I AM NOT SUPERVISORD\""), err);
            assertNoStackTrace(err);
        }
    }

    @Test
    void eofOnStdinIsAnOrderlyExit() throws Exception {
        try (ListenerDriver l = crashmail("-a", "--log-only").start()) {
            assertEquals(0, l.closeAndWait(10));
        }
    }

    @Test
    void outsideSupervisordItSaysSoInOneLineAndExits1() throws Exception {
        try (ListenerDriver l = crashmail("-a", "--log-only").outsideSupervisord().launch()) {
            assertEquals(1, l.exitStatus(10));
            assertEquals("", l.restOfStdout());
            List<String> lines = l.log().lines().toList();
            assertEquals(1, lines.size(), l.log());
            assertTrue(lines.get(0).contains("SUPERVISOR_SERVER_URL is not set"), lines.get(0));
        }
    }

    @Test
    void helpAndVersionWorkAnywhere() throws Exception {
        try (ListenerDriver l = ListenerDriver.superlance(dir, "--version").outsideSupervisord().launch()) {
            assertTrue(l.restOfStdout().matches("superlance \\d+\\.\\d+\\.\\d+.*\\n"));
            assertEquals(0, l.exitStatus(10));
        }
        try (ListenerDriver l = ListenerDriver.superlance(dir, "crashmail", "--help").outsideSupervisord().launch()) {
            String help = l.restOfStdout();
            assertEquals(0, l.exitStatus(10));
            for (String option : List.of("--program", "--any", "--optionalheader", "--sendmail_program", "--email",
                    "--smtp-host", "--test-alert")) {
                assertTrue(help.contains(option), option + " missing from:\n" + help);
            }
        }
        try (ListenerDriver l = ListenerDriver.superlance(dir, "--help").outsideSupervisord().launch()) {
            assertTrue(l.restOfStdout().contains("crashmail"));
            assertEquals(0, l.exitStatus(10));
        }
    }

    /** A script's output, as a shell gives it: a file (> and >>), a pipe; each line where it was written. */
    @Test
    void outputGoesWhereItIsSent_aFileAnAppendAndAPipe() throws Exception {
        String superlance = Supervisord.launcher().toString();
        Path file = dir.resolve("out.txt");
        String script = "{ echo before; '" + superlance + "' --version; echo done; } > '" + file + "'"
                + " && '" + superlance + "' --version >> '" + file + "'"
                + " && '" + superlance + "' --version | cat >> '" + file + "'";
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), said);
        List<String> lines = java.nio.file.Files.readAllLines(file);
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertEquals("before", lines.get(0));
        assertTrue(lines.get(1).matches("superlance \\d+\\.\\d+\\.\\d+.*"), lines.get(1));
        assertEquals("done", lines.get(2));
        assertEquals(lines.get(1), lines.get(3), "appended after what the file held");
        assertEquals(lines.get(1), lines.get(4), "through a pipe");
    }

    @Test
    void badOptionsAreOneLineErrors() throws Exception {
        try (ListenerDriver l = crashmail("--bogus").launch()) {
            assertEquals(2, l.exitStatus(10));
            assertEquals(1, l.log().lines().count(), l.log());
            assertTrue(l.log().contains("unknown option '--bogus'"), l.log());
        }
        try (ListenerDriver l = crashmail("-m", "not an address").launch()) {
            assertEquals(2, l.exitStatus(10));
            assertEquals(1, l.log().lines().count(), l.log());
            assertTrue(l.log().contains("'not an address' is not a mail address"), l.log());
        }
        try (ListenerDriver l = crashmail("-m", "a@b.c", "--smtp-host", "localhost", "--smtp-user", "me")
                .env("SUPERLANCE_SMTP_PASSWORD", null).launch()) {
            assertEquals(2, l.exitStatus(10));
            assertTrue(l.log().contains("no password: set $SUPERLANCE_SMTP_PASSWORD or give --smtp-password-file"), l.log());
        }
    }

    @Test
    void sigtermExitsWithinASecond_killingTheSendmailUnderWay_andTheNextStartSendsItOnce() throws Exception {
        Mailbox mailbox = new Mailbox(dir.resolve("mailbox"));
        String slowSendmail = "sleep 2; " + mailbox.command();
        try (ListenerDriver l = crashmail("-a", "-m", "ops@example.com", "-s", slowSendmail).start()) {
            l.send("PROCESS_STATE_EXITED", CRASH); // acknowledged once in the spool; its mail is under way
            Thread.sleep(300);
            long stop = System.nanoTime();
            // SIGTERM, as supervisord stops a listener: a clean stop, exit status 0 (not the JVM's 143), within a
            // second, as supervisord sends a stopping listener nothing and its event buffer fills meanwhile
            assertEquals(0, l.term(10), l.log());
            long ms = (System.nanoTime() - stop) / 1_000_000;
            assertTrue(ms < 1_500, "SIGTERM to exit took " + ms + " ms:\n" + l.log());
            assertTrue(l.log().contains(" INFO crashmail: told to stop (SIGTERM)"), l.log());
            assertTrue(!l.log().contains(" WARN ") && !l.log().contains(" ERROR "), l.log());
        }
        Thread.sleep(2_500); // a sendmail left running would have delivered by now, and the next start would send it again
        assertEquals(0, mailbox.size(), "the sendmail under way was killed with the listener, its alert kept as not sent");
        try (ListenerDriver l = crashmail("-a", "-m", "ops@example.com", "-s", mailbox.command()).start()) {
            mailbox.await(1, Duration.ofSeconds(20));
            Thread.sleep(1_000);
            assertEquals(1, mailbox.size(), "sent once, by the next start:\n" + l.log());
        }
    }

    @Test
    void testAlertSendsOneSampleAndSaysWhetherItWorked() throws Exception {
        Mailbox mailbox = new Mailbox(dir.resolve("mailbox"));
        try (ListenerDriver l = ListenerDriver.superlance(dir, "crashmail", "-m", "ops@example.com", "-s", mailbox.command(),
                "--test-alert").outsideSupervisord().launch()) {
            assertEquals(0, l.exitStatus(20), l.log());
            List<String> mails = mailbox.mails();
            assertEquals(1, mails.size());
            assertTrue(mails.get(0).contains("exited unexpectedly"));
        }
        try (ListenerDriver l = ListenerDriver.superlance(dir, "crashmail", "-m", "ops@example.com", "-s",
                "echo mailer is broken >&2; exit 75", "--test-alert").outsideSupervisord().launch()) {
            assertEquals(1, l.exitStatus(20));
            assertTrue(l.log().contains("exited with status 75: mailer is broken"), l.log());
            assertNoStackTrace(l.log());
        }
        try (ListenerDriver l = ListenerDriver.superlance(dir, "crashmail", "-m", "ops@example.com", "--smtp-host", "127.0.0.1:1",
                "--test-alert").outsideSupervisord().launch()) {
            assertEquals(1, l.exitStatus(40));
            assertTrue(l.log().contains("test alert failed via smtp 127.0.0.1:1"), l.log());
            assertNoStackTrace(l.log());
        }
    }
}
