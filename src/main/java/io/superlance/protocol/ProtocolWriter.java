package io.superlance.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The only writer of the listener's stdout. It writes protocol tokens and nothing else:
 * one stray byte would put the listener in supervisord's UNKNOWN state for good.
 */
public final class ProtocolWriter {
    private static final byte[] READY = "READY\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "RESULT 2\nOK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK_READY = "RESULT 2\nOKREADY\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAIL = "RESULT 4\nFAIL".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;

    public ProtocolWriter(OutputStream out) {
        this.out = out;
    }

    public void ready() throws IOException {
        out.write(READY);
        out.flush();
    }

    public void ok() throws IOException {
        out.write(OK);
        out.flush();
    }

    /**
     * {@link #ok()} and {@link #ready()} in one write: supervisord reads the result and the READY after it in
     * one go (it takes the tokens one after the other from what it has read), so it and the listener each
     * spend one system call and one wake-up less per event.
     */
    public void okAndReady() throws IOException {
        out.write(OK_READY);
        out.flush();
    }

    /** Asks supervisord to send the event again later; only for events that may succeed then. */
    public void fail() throws IOException {
        out.write(FAIL);
        out.flush();
    }
}
