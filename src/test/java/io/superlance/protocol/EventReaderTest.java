package io.superlance.protocol;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventReaderTest {
    static final String CHINESE = "processname:web groupname:web pid:7 channel:stdout\n错误：数据库连接失败 ✓ 🚀";

    /** The header as supervisord 4 (Python 3) writes it: len counts characters. */
    static String charCounted(String event, String payload) {
        return "ver:3.0 server:supervisor serial:1 pool:p poolserial:1 eventname:" + event
                + " len:" + payload.codePointCount(0, payload.length()) + "\n" + payload;
    }

    /** The header as supervisord 3 (Python 2) writes it: len counts bytes. */
    static String byteCounted(String event, String payload) {
        return "ver:3.0 server:supervisor serial:1 pool:p poolserial:1 eventname:" + event
                + " len:" + payload.getBytes(StandardCharsets.UTF_8).length + "\n" + payload;
    }

    static EventReader reader(String wire) {
        return new EventReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), Duration.ofMillis(50));
    }

    @Test
    void readsConsecutiveEnvelopes() throws Exception {
        EventReader r = reader(charCounted("TICK_60", "when:1700000000")
                + charCounted("PROCESS_STATE_EXITED", "processname:a groupname:a from_state:RUNNING expected:0 pid:9"));
        Envelope first = r.next();
        assertEquals("TICK_60", first.header().eventName());
        assertEquals("when:1700000000", first.payload());
        Envelope second = r.next();
        assertEquals("processname:a groupname:a from_state:RUNNING expected:0 pid:9", second.payload());
        assertNull(r.next(), "EOF after the last event");
    }

    @Test
    void multiByteCountedInCharacters_supervisord4() throws Exception {
        // Two events back to back: the first must end exactly where the second header starts.
        EventReader r = reader(charCounted("PROCESS_LOG_STDOUT", CHINESE) + charCounted("TICK_5", "when:1"));
        assertEquals(CHINESE, r.next().payload());
        assertEquals("when:1", r.next().payload());
        assertFalse(r.byteCounting());
    }

    @Test
    void multiByteCountedInBytes_supervisord3() throws Exception {
        // supervisord 3 waits for our answer after each envelope, so nothing follows the payload.
        EventReader r = reader(byteCounted("PROCESS_LOG_STDOUT", CHINESE));
        assertEquals(CHINESE, r.next().payload());
        assertTrue(r.byteCounting());
        assertNull(r.next());
    }

    @Test
    void byteCountingIsLearnedAndThenNeedsNoWait() throws Exception {
        Pipe pipe = new Pipe();
        EventReader r = new EventReader(pipe.in, Duration.ofMillis(200));
        pipe.write(byteCounted("PROCESS_LOG_STDOUT", CHINESE));
        assertEquals(CHINESE, r.next().payload());
        pipe.write(byteCounted("PROCESS_LOG_STDOUT", CHINESE));
        long start = System.nanoTime();
        assertEquals(CHINESE, r.next().payload());
        assertTrue(System.nanoTime() - start < Duration.ofMillis(150).toNanos(), "second payload waited for the grace time");
    }

    @Test
    void framingSurvivesSplitReads() throws Exception {
        String wire = charCounted("PROCESS_LOG_STDERR", CHINESE) + charCounted("TICK_60", "when:5");
        EventReader r = new EventReader(new OneByteAtATime(wire.getBytes(StandardCharsets.UTF_8)), Duration.ofMillis(50));
        assertEquals(CHINESE, r.next().payload());
        assertEquals("when:5", r.next().payload());
        assertNull(r.next());
    }

    @Test
    void payloadArrivingInSlowPiecesIsStillCountedInCharacters() throws Exception {
        Pipe pipe = new Pipe();
        EventReader r = new EventReader(pipe.in, Duration.ofMillis(300));
        byte[] wire = charCounted("PROCESS_LOG_STDOUT", CHINESE).getBytes(StandardCharsets.UTF_8);
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < wire.length; i += 7) {
                    pipe.out.write(wire, i, Math.min(7, wire.length - i));
                    pipe.out.flush();
                    Thread.sleep(2);
                }
            } catch (Exception ignored) {
                // the test fails on the reader side
            }
        });
        writer.start();
        assertEquals(CHINESE, r.next().payload());
        writer.join();
    }

    @Test
    void emptyPayload() throws Exception {
        EventReader r = reader(charCounted("SUPERVISOR_STATE_CHANGE_RUNNING", "") + charCounted("TICK_5", "when:1"));
        assertEquals("", r.next().payload());
        assertEquals("when:1", r.next().payload());
    }

    @Test
    void unknownHeaderTokensAreTolerated() throws Exception {
        EventReader r = reader("ver:3.0 future:yes eventname:TICK_5 len:6 extra:1\nwhen:1");
        Envelope e = r.next();
        assertEquals("TICK_5", e.header().eventName());
        assertEquals("when:1", e.payload());
    }

    @Test
    void eofBeforeAnyHeaderIsAnOrderlyEnd() throws Exception {
        assertNull(reader("").next());
    }

    @Test
    void headerWithoutLenCannotBeFramed() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> reader("ver:3.0 eventname:TICK_5\nwhen:1").next());
        assertTrue(e.getMessage().contains("eventname and len are required"), e.getMessage());
    }

    @Test
    void garbageHeaderCannotBeFramed() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> reader("hello world\n").next());
        assertTrue(e.getMessage().startsWith("cannot frame header line \"hello world\""), e.getMessage());
    }

    @Test
    void negativeOrHugeLenCannotBeFramed() {
        assertThrows(ProtocolException.class, () -> reader("eventname:TICK_5 len:-1\n").next());
        assertThrows(ProtocolException.class, () -> reader("eventname:TICK_5 len:99999999999\n").next());
        assertThrows(ProtocolException.class, () -> reader("eventname:TICK_5 len:abc\n").next());
    }

    @Test
    void endlessHeaderLineIsRejectedNotBuffered() {
        String junk = "x".repeat(100_000);
        assertThrows(ProtocolException.class, () -> reader(junk).next());
    }

    @Test
    void eofInsidePayloadIsAProtocolError() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> reader("eventname:TICK_5 len:50\nwhen:1").next());
        assertTrue(e.getMessage().contains("middle of a payload"), e.getMessage());
    }

    static final class Pipe {
        final PipedOutputStream out = new PipedOutputStream();
        final PipedInputStream in;

        Pipe() throws IOException {
            in = new PipedInputStream(out, 1 << 16);
        }

        void write(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /** Hands out one byte per read, the worst split a pipe can produce. */
    @Test
    void aPayloadAboveTheLimitIsDiscardedAsItStreamsBy_andTheNextEventIsFramed() throws Exception {
        // 16 MB of two-byte characters, generated as read: neither the test nor the reader holds them.
        int chars = 8 * 1024 * 1024;
        String head = "ver:3.0 server:supervisor serial:7 pool:p poolserial:7 eventname:PROCESS_LOG_STDOUT len:" + chars + "\n";
        String next = charCounted("TICK_5", "when:1");
        EventReader r = new EventReader(new Generated(head, "é", chars, next), Duration.ofMillis(50));
        Envelope big = r.next();
        assertEquals("PROCESS_LOG_STDOUT", big.header().eventName());
        assertTrue(big.discarded());
        assertEquals("when:1", r.next().payload(), "framed in characters to the last byte of the big payload");
        assertFalse(r.byteCounting());
    }

    @Test
    void anEventNobodyWantsIsFramedButNotKept() throws Exception {
        EventReader r = reader(charCounted("PROCESS_LOG_STDOUT", CHINESE) + charCounted("TICK_5", "when:1"));
        assertTrue(r.next(name -> name.startsWith("TICK")).discarded());
        assertEquals("when:1", r.next(name -> name.startsWith("TICK")).payload());
    }

    @Test
    void aKnownCharacterCountWaitsForAPayloadPausingAtByteLen() throws Exception {
        String payload = "processname:网站 groupname:网站 from_state:RUNNING pid:1 expected:0";
        byte[] wire = charCounted("PROCESS_STATE_EXITED", payload).getBytes(StandardCharsets.UTF_8);
        int pauseAt = wire.length - (payload.getBytes(StandardCharsets.UTF_8).length - payload.length());
        PipedOutputStream supervisord = new PipedOutputStream();
        PipedInputStream pipe = new PipedInputStream(supervisord, wire.length);
        supervisord.write(wire, 0, pauseAt); // exactly len bytes of the payload, then a pause longer than the grace
        Thread rest = new Thread(() -> {
            try {
                Thread.sleep(300);
                supervisord.write(wire, pauseAt, wire.length - pauseAt);
                supervisord.close();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        rest.start();
        EventReader r = new EventReader(pipe, Duration.ofMillis(50), EventReader.LenUnit.CHARACTERS);
        assertEquals(payload, r.next().payload());
        assertFalse(r.byteCounting());
        rest.join();
    }

    /**
     * The unit guessed from the parent's Python says characters, but the peer counts bytes and then waits
     * for our answer: the payload ends at len bytes after a longer wait instead of hanging the listener,
     * whether it is kept or, above the limit, discarded; later payloads then need no wait.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aWrongCharacterGuessEndsAtLenBytesInsteadOfHanging_alsoAboveTheLimit() throws Exception {
        String big = "processname:web groupname:web pid:1 channel:stdout\n" + "错".repeat(400_000);
        Pipe supervisord = new Pipe();
        EventReader r = new EventReader(supervisord.in, Duration.ofMillis(20), EventReader.LenUnit.CHARACTERS);
        supervisord.write(byteCounted("PROCESS_LOG_STDOUT", CHINESE)); // then nothing until answered
        assertEquals(CHINESE, r.next().payload());
        assertTrue(r.byteCounting());
        Thread writer = new Thread(() -> {
            try {
                supervisord.write(byteCounted("PROCESS_LOG_STDOUT", big));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        assertTrue(r.next().discarded(), "above the limit, framed in bytes");
        writer.join();
        supervisord.write(byteCounted("PROCESS_LOG_STDOUT", CHINESE));
        long t0 = System.nanoTime();
        assertEquals(CHINESE, r.next().payload());
        assertTrue(System.nanoTime() - t0 < Duration.ofMillis(300).toNanos(), "no wait once bytes were seen");
    }

    /** supervisord's version is asked beside the loop: a payload pausing at byte len meanwhile is not cut there. */
    @Test
    void whileTheUnitIsBeingAskedAPayloadPausingAtByteLenIsWaitedFor() throws Exception {
        String payload = "processname:网站 groupname:网站 from_state:RUNNING pid:1 expected:0";
        byte[] wire = charCounted("PROCESS_STATE_EXITED", payload).getBytes(StandardCharsets.UTF_8);
        int pauseAt = wire.length - (payload.getBytes(StandardCharsets.UTF_8).length - payload.length());
        PipedOutputStream supervisord = new PipedOutputStream();
        PipedInputStream pipe = new PipedInputStream(supervisord, wire.length);
        supervisord.write(wire, 0, pauseAt);
        EventReader r = new EventReader(pipe, Duration.ofMillis(50), null);
        r.asking();
        Thread rest = new Thread(() -> {
            try {
                Thread.sleep(300);
                r.learn(EventReader.LenUnit.CHARACTERS);
                Thread.sleep(200);
                supervisord.write(wire, pauseAt, wire.length - pauseAt);
                supervisord.close();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        rest.start();
        assertEquals(payload, r.next().payload());
        assertFalse(r.byteCounting());
        rest.join();
    }

    @Test
    void aKnownByteCountNeverWaits() throws Exception {
        EventReader r = new EventReader(new OneByteAtATime(byteCounted("PROCESS_LOG_STDOUT", CHINESE).getBytes(StandardCharsets.UTF_8)),
                Duration.ofSeconds(30), EventReader.LenUnit.BYTES);
        long t0 = System.nanoTime();
        assertEquals(CHINESE, r.next().payload());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
    }

    @Test
    void theLenUnitFollowsSupervisordsPythonThenItsVersion() {
        assertEquals(EventReader.LenUnit.CHARACTERS, EventReader.LenUnit.of("4.2.5", "/usr/bin/python3.11"));
        assertEquals(EventReader.LenUnit.BYTES, EventReader.LenUnit.of("4.2.5", "/usr/bin/python2.7"));
        assertEquals(EventReader.LenUnit.BYTES, EventReader.LenUnit.of("3.4.0", "/usr/lib/jvm/bin/java"));
        assertEquals(EventReader.LenUnit.CHARACTERS, EventReader.LenUnit.of("4.2.5", null));
        assertEquals(EventReader.LenUnit.CHARACTERS, EventReader.LenUnit.of(null, "/usr/bin/python3"));
        assertNull(EventReader.LenUnit.of(null, "/bin/sh"));
    }

    /** {@code head}, then {@code unit} {@code times}, then {@code tail}, produced as read; everything is "already written". */
    static final class Generated extends InputStream {
        private final byte[] head;
        private final byte[] unit;
        private final byte[] tail;
        private final long total;
        private long pos;

        Generated(String head, String unit, long times, String tail) {
            this.head = head.getBytes(StandardCharsets.UTF_8);
            this.unit = unit.getBytes(StandardCharsets.UTF_8);
            this.tail = tail.getBytes(StandardCharsets.UTF_8);
            this.total = this.head.length + this.unit.length * times + this.tail.length;
        }

        @Override
        public int read() {
            if (pos >= total) {
                return -1;
            }
            long p = pos++;
            if (p < head.length) {
                return head[(int) p] & 0xff;
            }
            long body = total - head.length - tail.length;
            p -= head.length;
            if (p < body) {
                return unit[(int) (p % unit.length)] & 0xff;
            }
            return tail[(int) (p - body)] & 0xff;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, total - pos);
        }
    }

    static final class OneByteAtATime extends InputStream {
        private final byte[] data;
        private int pos;

        OneByteAtATime(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            b[off] = data[pos++];
            return 1;
        }

        @Override
        public int available() {
            return Math.min(1, data.length - pos);
        }
    }
}
