package io.superlance.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * supervisord's side of the protocol against one listener process of the built image: waits for READY,
 * writes an event, reads {@code RESULT 2\nOK} and the next READY, and times each acknowledgement from
 * the event's first byte written to the RESULT read. Any other byte on stdout is a protocol error.
 * stderr goes to a file, so a chatty listener costs nothing here and its lines can be counted.
 */
final class Driver implements AutoCloseable {
    private static final byte[] READY = "READY\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESULT = "RESULT 2\nOK".getBytes(StandardCharsets.US_ASCII);

    private final Process process;
    private final OutputStream in;
    private final InputStream out;
    private int serial;

    private Driver(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
        this.out = process.getInputStream();
    }

    /** Starts {@code cmd} with supervisord's environment plus {@code env}; does not wait for READY. */
    static Driver start(List<String> cmd, Map<String, String> env, Path stderr) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("SUPERVISOR_SERVER_URL", "unix:///nonexistent/supervisor.sock");
        pb.environment().put("SUPERVISOR_PROCESS_NAME", "bench");
        pb.environment().put("SUPERVISOR_ENABLED", "1");
        pb.environment().putAll(env);
        pb.redirectError(stderr == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        return new Driver(pb.start());
    }

    long pid() {
        return process.pid();
    }

    /** Reads the first READY; throws when anything else comes. */
    void awaitReady() throws IOException {
        expect(READY);
    }

    /**
     * Sends one framed event. Its len counts characters, as supervisord on Python 3 does (see COMPAT.md).
     * @return nanoseconds from its first byte written to the RESULT read */
    long send(String eventName, String payload) throws IOException {
        serial++;
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        byte[] header = ("ver:3.0 server:supervisor serial:" + serial + " pool:bench poolserial:" + serial
                + " eventname:" + eventName + " len:" + payload.codePointCount(0, payload.length()) + "\n").getBytes(StandardCharsets.US_ASCII);
        long t0 = System.nanoTime();
        in.write(header);
        in.write(body);
        in.flush();
        expect(RESULT);
        long t = System.nanoTime() - t0;
        expect(READY);
        return t;
    }

    /** EOF on stdin, as when supervisord stops; @return the exit status, -1 if it did not exit in time */
    int closeAndWait(long seconds) throws IOException, InterruptedException {
        in.close();
        int trailing = out.read();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return -1;
        }
        if (trailing != -1) {
            throw new IOException("stdout byte after EOF: " + trailing);
        }
        return process.exitValue();
    }

    private void expect(byte[] token) throws IOException {
        byte[] got = out.readNBytes(token.length);
        if (!Arrays.equals(token, got)) {
            throw new IOException("protocol error: expected '" + show(token) + "' on stdout, got '" + show(got) + "'");
        }
    }

    private static String show(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).replace("\n", "\\n");
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
