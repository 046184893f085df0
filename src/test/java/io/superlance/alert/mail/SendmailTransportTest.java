package io.superlance.alert.mail;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.DeliveryException;
import io.superlance.protocol.ProcessId;
import jakarta.mail.internet.InternetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the sendmail command's exit status means: sent, try again, or it cannot run at all. */
class SendmailTransportTest {
    static Alert alert(String body) {
        return Alert.of("crashmail", AlertKind.PROCESS_CRASHED, Instant.parse("2026-11-21T02:03:04Z")).id("id-1")
                .subject(" web crashed at 2026-11-21 10:03:04,000").body(body)
                .process(new ProcessId("web", "web")).pid(1).state("EXITED").build();
    }

    static void send(String command, Alert alert) throws Exception {
        new MailChannel(new MailComposer(List.of(new InternetAddress("ops@example.com")), null, "host"),
                new SendmailTransport(command, Duration.ofSeconds(20))).send(alert);
    }

    /** The command's output is read by threads kept between mails, not by a thread started for each. */
    @Test
    void mailsInARowStartNoOutputThreadEach() throws Exception {
        send("cat > /dev/null", alert("first")); // starts what is started once
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getTotalStartedThreadCount();
        for (int i = 0; i < 10; i++) {
            send("cat > /dev/null", alert("x" + i));
        }
        long started = threads.getTotalStartedThreadCount() - before;
        assertTrue(started <= 2, started + " threads started for 10 mails");
    }

    /**
     * A command that is only words (the default /usr/sbin/sendmail -t -i) is run directly, one process
     * less per mail than through sh; one with shell syntax still goes through sh, as superlance's popen did.
     */
    @Test
    void aCommandOfWordsRunsWithoutAShell_shellSyntaxStillGetsOne(@TempDir Path dir) throws Exception {
        Path parent = dir.resolve("parent");
        Path script = Files.writeString(dir.resolve("sendmail"), "#!/bin/sh\ncat > /dev/null\ncat /proc/$PPID/comm > \"$1\"\n");
        script.toFile().setExecutable(true);
        send(script + " " + parent, alert("x"));
        assertFalse(Files.readString(parent).strip().matches("sh|dash|bash"), "run by " + Files.readString(parent));
        send(script + " " + parent + " && true", alert("x"));
        assertTrue(Files.readString(parent).strip().matches("sh|dash|bash"), "run by " + Files.readString(parent));
        assertEquals(List.of("/usr/sbin/sendmail", "-t", "-i"), SendmailTransport.argv(" /usr/sbin/sendmail  -t -i "));
        assertEquals(List.of("/bin/sh", "-c", "cat > ~/mail"), SendmailTransport.argv("cat > ~/mail"));
        assertEquals(List.of("/bin/sh", "-c", "sendmail -t -i"), SendmailTransport.argv("sendmail -t -i"), "a bare name: the shell's PATH");
    }

    @Test
    void aProgramThatIsNotExecutableIsAnErrorNotADayOfRetries(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("sendmail"), "#!/bin/sh\n");
        DeliveryException e = assertThrows(DeliveryException.class, () -> send(plain + " -t -i", alert("x")));
        assertFalse(e.retryable(), e.getMessage());
    }

    @Test
    void aCommandThatCannotBeFoundIsAnErrorNotADayOfRetries() {
        // run directly (a path and words), and through the shell (its status 127 and 126)
        for (String command : List.of("/nonexistent/sendmail -t -i", "/nonexistent/sendmail -t -i > /dev/null")) {
            DeliveryException e = assertThrows(DeliveryException.class, () -> send(command, alert("x")));
            assertFalse(e.retryable(), e.getMessage());
            assertTrue(e.getMessage().contains("not found"), e.getMessage());
        }
        assertTrue(assertThrows(DeliveryException.class, () -> send("/nonexistent/sendmail > /dev/null", alert("x")))
                .getMessage().contains("status 127"));
        assertFalse(assertThrows(DeliveryException.class, () -> send("/dev/null -t", alert("x"))).retryable(), "not executable");
        assertFalse(assertThrows(DeliveryException.class, () -> send("/dev/null -t > /dev/null", alert("x"))).retryable(), "126");
    }

    /** A wrapper that sends and then fails (on a log, a copy) must not mail the alert again and again. */
    @Test
    void aCommandThatTookTheWholeMessageAndThenFailedCountsAsSent(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("mail");
        send("cat > '" + out + "'; echo cannot write the copy >&2; exit 1", alert("Process web in group web exited"));
        assertTrue(Files.readString(out).contains("Process web in group web exited"));
    }

    @Test
    void temporaryFailureAndAMessageNotTakenAreRetried() {
        assertTrue(assertThrows(DeliveryException.class, () -> send("cat > /dev/null; exit 75", alert("x"))).retryable(),
                "EX_TEMPFAIL: not accepted");
        // a command that exits without reading: the message (larger than a pipe's buffer) cannot have gone out
        String big = "x".repeat(1 << 20);
        DeliveryException e = assertThrows(DeliveryException.class, () -> send("exit 1", alert(big)));
        assertTrue(e.retryable(), e.getMessage());
    }

    @Test
    void aMissingProgramIsSeenBeforeTheFirstAlert(@TempDir Path dir) throws Exception {
        assertEquals("/nonexistent/sendmail does not exist", SendmailTransport.problem("/nonexistent/sendmail -t -i"));
        Path plain = Files.writeString(dir.resolve("sendmail"), "#!/bin/sh\n");
        assertEquals(plain + " is not executable", SendmailTransport.problem(plain + " -t"));
        assertEquals("the sendmail command is empty", SendmailTransport.problem("  "));
        // what the shell finds or interprets is left for the first use
        assertNull(SendmailTransport.problem("cat > /tmp/mail"));
        assertNull(SendmailTransport.problem("/bin/cat"));
        assertNull(SendmailTransport.problem("MAILRC=/x /usr/bin/mail -t"));
    }

    /**
     * At exit the command still running is killed with what it started: a pipeline that delivered after
     * the listener's exit would be sent again by the next start. Its delivery counts as failed.
     */
    @Test
    void aCommandStillRunningAtExitIsKilledWithItsChildren_andNotCountedAsSent(@TempDir Path dir) throws Exception {
        Path started = dir.resolve("started");
        Path delivered = dir.resolve("delivered");
        // the shell's child (a subshell) would deliver after a kill of the shell alone
        String command = "cat > /dev/null; ( touch '" + started + "'; sleep 1; touch '" + delivered + "' ) & wait";
        java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread sender = new Thread(() -> {
            try {
                send(command, alert("x"));
                outcome.set(new AssertionError("counted as sent"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        sender.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(started) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(Files.exists(started));
        assertEquals(1, SendmailTransport.killRunning());
        sender.join(5000);
        assertTrue(outcome.get() instanceof DeliveryException d && d.retryable() && d.getMessage().contains("killed at exit"),
                String.valueOf(outcome.get()));
        Thread.sleep(1500);
        assertFalse(Files.exists(delivered), "the command's child delivered after the kill");
        assertEquals(0, SendmailTransport.killRunning(), "nothing left running");
    }

    /**
     * A delivery that was still composing its message when the exit killed the commands starts none: it would
     * outlive the listener and mail after it, and the next start would mail the alert again (seen as one mail
     * too many after a SIGTERM on a loaded machine).
     */
    @Test
    void noCommandIsStartedOnceTheExitKilledTheRunningOnes(@TempDir Path dir) throws Exception {
        Path ran = dir.resolve("ran");
        SendmailTransport.killRunning();
        DeliveryException e = assertThrows(DeliveryException.class, () -> send("touch '" + ran + "'", alert("x")));
        assertTrue(e.retryable() && e.getMessage().contains("not started: the listener is exiting"), e.getMessage());
        Thread.sleep(200);
        assertFalse(Files.exists(ran), "the command ran");
    }

    @org.junit.jupiter.api.AfterEach
    void commandsMayStartAgain() {
        SendmailTransport.startAgain(); // the next test in this JVM sends
    }
}
