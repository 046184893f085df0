package io.superlance.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the JVM and the event stream may do to the protocol (issue 15, items 2 and 3): nothing but protocol
 * tokens reaches supervisord, whatever the JVM prints or whatever signal it gets, and no payload size
 * costs the listener its life.
 */
class ProtocolSafetyIT {
    /** What supervisord logs when a listener breaks the protocol. */
    static final List<String> VIOLATIONS = List.of("UNKNOWN", "protocol", "bad result line");

    @TempDir
    Path dir;

    @Test
    void usr2AndAJvmPrintingOnStdout_leaveTheProtocolIntact_andCrashesAreStillMailed() throws Exception {
        Mailbox mailbox = new Mailbox(dir.resolve("mailbox"));
        // -Xlog to stdout makes the JVM itself write on descriptor 1 at every class it loads, alerts included
        SupervisordConfig config = SupervisordConfig.base()
                .program("sample", "/bin/sleep 86400", "startsecs=0")
                .listener("crashmail", "crashmail -a -m ops@example.com -s '" + mailbox.command() + "'",
                        "PROCESS_STATE_EXITED", "environment=SUPERLANCE_JAVA_OPTS=\"-Xlog:class+load=info:stdout\"");
        try (Supervisord s = Supervisord.start(dir, config)) {
            s.awaitState("sample", "RUNNING", Duration.ofSeconds(10));
            s.awaitState("crashmail", "RUNNING", Duration.ofSeconds(10));
            int listener = s.pid("crashmail");
            String signalled = s.ctl("signal", "USR2", "crashmail");
            assertTrue(signalled.contains("signalled"), signalled);
            Thread.sleep(500);
            s.kill9("sample");

            List<String> mails = mailbox.await(1, Duration.ofSeconds(10));
            assertEquals(1, mails.size(), s.log() + s.read("crashmail.log"));
            assertEquals(listener, s.pid("crashmail"), "the listener died\n" + s.read("crashmail.log"));
            assertEquals("RUNNING", s.state("crashmail"));
            String log = s.log();
            for (String v : VIOLATIONS) {
                assertFalse(log.contains(v), v + " in supervisord's log:\n" + log);
            }
            String stderr = s.read("crashmail.log");
            assertTrue(stderr.contains("[class,load]"), "the JVM's stdout lines go to stderr\n" + stderr);
            assertFalse(stderr.contains("fatal error"), stderr);
        }
        try (Stream<Path> files = Stream.concat(Files.list(dir), Files.list(Supervisord.basedir()))) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList());
        }
    }

    @Test
    void a16MbNonAsciiPayloadIsDiscardedOnAFullHeap_acknowledged_andReportedInOneLine() throws Exception {
        Mailbox mailbox = new Mailbox(dir.resolve("mailbox"));
        String big = "processname:web groupname:web pid:7 channel:stdout\n" + "é".repeat(8 * 1024 * 1024);
        // logmon wants the event, crashmail does not: both must survive it on a heap smaller than the payload
        for (String command : List.of("logmon -p web --match x", "crashmail -a")) {
            List<String> args = Stream.concat(Stream.of(command.split(" ")),
                    Stream.of("-m", "ops@example.com", "-s", mailbox.command())).toList();
            try (ListenerDriver l = ListenerDriver.superlance(dir, args.toArray(String[]::new))
                    .env("SUPERLANCE_JAVA_OPTS", "-Xmx24m").start()) {
                l.send("PROCESS_LOG_STDOUT", big);
                l.crash("web", "web", 4242);
                if (command.startsWith("crashmail")) {
                    // mailed before stdin closes: at its end a listener starts no more deliveries (the alert would
                    // wait in the spool for the next start), and on a loaded machine the end can come first
                    mailbox.await(1, Duration.ofSeconds(10));
                }
                l.closeAndWait(10);
                String stderr = l.log();
                assertFalse(stderr.contains("OutOfMemoryError") || stderr.contains("\tat "), stderr);
                assertEquals(1, Await.occurrences(stderr, "above the limit"), stderr);
            }
        }
        assertEquals(1, mailbox.await(1, Duration.ofSeconds(5)).size(), "crashmail handled the crash after it");
    }

    @Test
    void aMultibyteCrashPausingAtByteLen_isMailedWhenSupervisordsVersionIsKnown() throws Exception {
        Mailbox mailbox = new Mailbox(dir.resolve("mailbox"));
        String payload = "processname:网站 groupname:网站 from_state:RUNNING pid:1 expected:0";
        String header = "ver:3.0 server:supervisor serial:1 pool:crashmail poolserial:1 eventname:PROCESS_STATE_EXITED len:"
                + payload.length() + "\n";
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        String first = new String(body, 0, payload.length(), StandardCharsets.UTF_8);
        String rest = new String(body, payload.length(), body.length - payload.length(), StandardCharsets.UTF_8);
        try (Supervisord s = Supervisord.start(dir, SupervisordConfig.base());
             ListenerDriver l = ListenerDriver.superlance(dir, "crashmail", "-a", "-m", "ops@example.com", "-s", mailbox.command())
                     .named("crashmail").rpc(s).start()) {
            l.write(header + first); // exactly len bytes, all ASCII at the cut: a reader guessing would stop here and take them as bytes
            Thread.sleep(500);
            l.write(rest);
            List<String> mails = mailbox.await(1, Duration.ofSeconds(10));
            assertEquals(1, mails.size(), l.log());
            assertTrue(mails.get(0).contains("Subject: =?UTF-8?Q?_=E7=BD=91=E7=AB=99_crashed"), mails.get(0));
            l.term(10);
            assertEquals("RESULT 2\nOKREADY\n", l.restOfStdout(), l.log());
        }
    }
}
