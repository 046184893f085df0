package io.superlance.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.superlance.listener.Listener;
import io.superlance.listener.MonitorRuntime;
import io.superlance.monitor.CrashMailMonitor;
import io.superlance.monitor.ProgramSelector;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Coverage-guided fuzzing of framing, event parsing and the listener loop: whatever arrives on stdin,
 * no exception escapes but a ProtocolException (an unframeable stream, on which we exit), and stdout
 * holds nothing but READY and RESULT tokens, one RESULT per framed event.
 */
class ProtocolFuzzTest {
    private static final String READY = "READY\n";
    private static final String OK = "RESULT 2\nOK";

    /** The bounded run inside `mvn verify`, starting from the seed inputs (the coverage of longer runs). */
    @FuzzTest(maxDuration = "10s")
    void anyInputKeepsStdoutFramed(byte[] input) {
        check(input);
    }

    /** Jazzer's standalone driver's entry, for keeping the seed inputs minimal: docs/FUZZING.md. */
    public static void fuzzerTestOneInput(byte[] input) {
        check(input);
    }

    /** The long run, by hand: docs/FUZZING.md. */
    @FuzzTest(maxDuration = "30m")
    void longRun(byte[] input) {
        check(input);
    }

    static {
        // millions of malformed inputs would each log a line: keep the fuzzer's output readable
        io.superlance.log.Log.to(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    /** One for every input: a runtime is a thread. */
    private static final MonitorRuntime CRASHMAIL = new MonitorRuntime(new CrashMailMonitor(ProgramSelector.all(), "fuzz", ZoneOffset.UTC),
            alert -> { }, null, null, Clock.fixed(java.time.Instant.EPOCH, ZoneOffset.UTC));

    private static void check(byte[] input) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        EventReader reader = new EventReader(new ByteArrayInputStream(input), Duration.ZERO);
        Listener listener = new Listener(reader, new ProtocolWriter(stdout), List.of(CRASHMAIL));
        try {
            listener.run();
        } catch (ProtocolException expected) {
            // the stream could not be framed: the listener exits and supervisord restarts it
        } catch (IOException e) {
            fail("I/O error on in-memory streams: " + e);
        }
        String out = stdout.toString(StandardCharsets.US_ASCII);
        // READY, then (OK READY)* : every framed event got exactly one OK and the listener asked for the next
        String rest = out;
        assertEquals(READY, rest.substring(0, Math.min(READY.length(), rest.length())));
        rest = rest.substring(READY.length());
        while (!rest.isEmpty()) {
            assertEquals(OK + READY, rest.substring(0, Math.min(OK.length() + READY.length(), rest.length())), out);
            rest = rest.substring(OK.length() + READY.length());
        }
    }
}
