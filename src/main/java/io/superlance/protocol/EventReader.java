package io.superlance.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Reads header lines and payloads from supervisord.
 *
 * <p>{@code len} counts characters on supervisord 4 (Python 3) and bytes on supervisord 3 (Python 2),
 * while both write UTF-8 (Supervisor issue #1243). Both are told apart without configuration: we read
 * {@code len} code points, but when exactly {@code len} bytes are in and nothing more arrives within a
 * short grace time, the payload was counted in bytes. supervisord writes the whole envelope before it
 * waits for our answer, so in the character case the rest is already on its way. Once a byte-counting
 * supervisord has been seen, later payloads end at {@code len} bytes without waiting. That guess can be
 * wrong (a payload pausing at byte {@code len}), so it is only the last resort: when the unit is known
 * ({@link LenUnit#of}), it is used as it is, except that a payload stopping at exactly {@code len} bytes
 * for twenty graces ends there: a known unit is itself a guess, and no payload may hang the listener.
 */
public final class EventReader {
    private static final int MAX_HEADER_LINE = 8 * 1024;
    /**
     * Longest payload kept, in {@code len} units: at most 4 MiB of UTF-8. Longer ones are read and
     * discarded as they stream by, so memory stays bounded whatever {@code len} says; supervisord's own
     * events (state changes, log chunks of at most 128 KiB) are far below it.
     */
    public static final int MAX_PAYLOAD = 1024 * 1024;
    /** How long a payload complete in bytes waits for more before it is taken as counted in bytes. */
    public static final Duration GRACE = Duration.ofMillis(100);
    /** How many graces a payload complete in bytes waits for more when {@code len} is known to count characters. */
    static final int KNOWN_UNIT_PATIENCE = 20;

    private final InputStream in;
    // Bytes read from in and not yet taken: a header line or a payload is scanned here in one pass, not
    // byte by byte through the stream's synchronized read(), which was most of an event's time.
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int limit;
    private final long graceNanos;
    private volatile LenUnit known; // set later by learn() when supervisord's answer comes after the first READY
    private volatile boolean byteCounting;
    private volatile boolean asking; // supervisord's version is being asked: see asking()

    /** What {@code len} counts. */
    public enum LenUnit {
        CHARACTERS, BYTES;

        /**
         * The unit of a supervisord of this version ({@code supervisor.getSupervisorVersion}) run by this
         * Python ({@code /proc/PPID/exe}, e.g. {@code /usr/bin/python3.11}; either may be null): supervisord 3
         * runs only on Python 2, which counts bytes; supervisord 4 on Python 3 (or, rarely, 2.7). Null when unsure.
         */
        public static LenUnit of(String supervisordVersion, String python) {
            String exe = python == null ? "" : python.substring(python.lastIndexOf('/') + 1);
            if (exe.startsWith("python2")) {
                return BYTES;
            }
            if (exe.startsWith("python3")) {
                return CHARACTERS;
            }
            if (supervisordVersion == null || supervisordVersion.isEmpty() || !Character.isDigit(supervisordVersion.charAt(0))) {
                return null;
            }
            int major = Integer.parseInt(supervisordVersion.split("\\D", 2)[0]);
            return major >= 4 ? CHARACTERS : BYTES;
        }
    }

    /** @param in a stream whose {@code available()} reports bytes already written by the peer (a pipe's FileInputStream); the reader buffers it */
    public EventReader(InputStream in, Duration byteCountGrace) {
        this(in, byteCountGrace, null);
    }

    /** @param known what {@code len} counts; null to tell it from the stream */
    public EventReader(InputStream in, Duration byteCountGrace, LenUnit known) {
        this.in = in;
        this.graceNanos = byteCountGrace.toNanos();
        this.known = known;
        this.byteCounting = known == LenUnit.BYTES;
    }

    public EventReader(InputStream in) {
        this(in, GRACE);
    }

    /** The next event, or null when supervisord closed our stdin. */
    public Envelope next() throws IOException, ProtocolException {
        return next(name -> true);
    }

    /**
     * The next event, or null when supervisord closed our stdin. The payload of an event not {@code wanted}
     * or longer than {@link #MAX_PAYLOAD} is read and discarded without being kept: its envelope's payload is null.
     */
    public Envelope next(Predicate<String> wanted) throws IOException, ProtocolException {
        String line = readHeaderLine();
        if (line == null) {
            return null;
        }
        Header header = Header.parse(line);
        if (header.length() > MAX_PAYLOAD || !wanted.test(header.eventName())) {
            readPayload(header.length(), OutputStream.nullOutputStream());
            return new Envelope(header, null);
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream(Math.min(header.length(), 4096));
        readPayload(header.length(), payload);
        return new Envelope(header, payload.toString(StandardCharsets.UTF_8));
    }

    /**
     * What {@code len} counts, learnt after the reader started (supervisord's version, asked beside the
     * loop so that the first READY does not wait for it); until then it is told from the stream. A unit
     * known already is kept.
     */
    public void learn(LenUnit unit) {
        if (known == null && unit != null) {
            known = unit;
            if (unit == LenUnit.BYTES) {
                byteCounting = true;
            }
        }
        asking = false;
    }

    /**
     * What {@code len} counts is being asked ({@link #learn} follows): until the answer, a payload complete
     * in bytes waits as long as for a known character count, since the answer may well say characters.
     */
    public void asking() {
        asking = true;
    }

    /** True once the peer was seen counting {@code len} in bytes (supervisord 3). */
    public boolean byteCounting() {
        return byteCounting;
    }

    private String readHeaderLine() throws IOException, ProtocolException {
        ByteArrayOutputStream line = null; // only for a line that spans two reads
        while (true) {
            if (pos == limit && !fill()) {
                if (line != null && line.size() > 0) {
                    throw new ProtocolException("stdin closed in the middle of a header line");
                }
                return null;
            }
            int start = pos;
            int end = start;
            while (end < limit && buf[end] != '\n') {
                end++;
            }
            int length = (line == null ? 0 : line.size()) + end - start;
            if (length > MAX_HEADER_LINE) {
                ByteArrayOutputStream text = line == null ? new ByteArrayOutputStream() : line;
                text.write(buf, start, Math.min(end - start, MAX_HEADER_LINE - text.size()));
                throw new ProtocolException("header line longer than " + MAX_HEADER_LINE + " bytes: "
                        + Text.quote(text.toString(StandardCharsets.UTF_8)));
            }
            if (end < limit) { // the newline
                pos = end + 1;
                if (line == null) {
                    return new String(buf, start, end - start, StandardCharsets.UTF_8);
                }
                line.write(buf, start, end - start);
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line == null) {
                line = new ByteArrayOutputStream(256);
            }
            line.write(buf, start, end - start);
            pos = limit;
        }
    }

    /** Reads what the stream has (waiting for at least one byte) into the buffer; false at its end. */
    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** Bytes that can be read without waiting: those in the buffer and those the stream has. */
    private int available() throws IOException {
        return limit - pos + in.available();
    }

    /** Reads one payload of {@code len} into {@code sink}, a buffer's worth at a time. */
    private void readPayload(int len, OutputStream sink) throws IOException, ProtocolException {
        long bytes = 0;
        int chars = 0;
        int continuationsDue = 0;
        while (chars < len || continuationsDue > 0) {
            if (bytes == len && !moreArrivesPromptly()) {
                break; // counted in bytes
            }
            if (pos == limit && !fill()) {
                throw new ProtocolException("stdin closed in the middle of a payload (" + bytes + " of len " + len + " read)");
            }
            int start = pos;
            do { // at least one byte; then on until the payload is whole, the buffer empty, or len bytes are in
                int b = buf[pos++] & 0xFF;
                bytes++;
                if (continuationsDue > 0) {
                    if ((b & 0xC0) == 0x80) {
                        if (--continuationsDue == 0) {
                            chars++;
                        }
                        continue;
                    }
                    // A broken sequence counts as one character; supervisord 4 only writes valid UTF-8.
                    continuationsDue = 0;
                    chars++;
                }
                if (b < 0x80) {
                    chars++;
                } else if ((b & 0xE0) == 0xC0) {
                    continuationsDue = 1;
                } else if ((b & 0xF0) == 0xE0) {
                    continuationsDue = 2;
                } else if ((b & 0xF8) == 0xF0) {
                    continuationsDue = 3;
                } else {
                    chars++; // stray continuation or invalid lead byte
                }
            } while (pos < limit && (chars < len || continuationsDue > 0) && bytes != len);
            sink.write(buf, start, pos - start);
        }
    }

    /**
     * True when more of the payload arrives after exactly {@code len} bytes. Where the unit is known to be
     * characters, or is being asked, that wait is {@value #KNOWN_UNIT_PATIENCE} times the grace: supervisord writes the whole
     * envelope at once, so a payload that stops there for that long was counted in bytes after all (a
     * guess from the parent's Python can be wrong), and waiting on would hang the listener for good.
     */
    private boolean moreArrivesPromptly() throws IOException {
        if (available() > 0) {
            return true;
        }
        if (byteCounting) {
            return false;
        }
        long start = System.nanoTime();
        while (System.nanoTime() - start < (known == LenUnit.CHARACTERS || asking ? graceNanos * KNOWN_UNIT_PATIENCE : graceNanos)) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (available() > 0) {
                return true;
            }
            if (byteCounting) {
                return false; // learnt meanwhile: supervisord counts bytes
            }
        }
        byteCounting = true;
        return false;
    }
}
