package io.superlance.monitor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whole lines from the chunks of one process's channel. supervisord sends whatever one read of the pipe
 * returned, so a chunk may end in the middle of a line or of a UTF-8 character; lines are cut on bytes and
 * decoded only when whole. A line longer than {@link #MAX_LINE_BYTES} is cut there, so the buffer stays
 * bounded; the rest continues as the next line. A line that never gets its newline is finished by its
 * owner with {@link #flush} after a while.
 */
final class LogLineAssembler {
    static final int MAX_LINE_BYTES = 16 * 1024;
    private static final String UNDECODABLE = "Undecodable: b";

    private byte[] buf = new byte[256];
    private int len;
    private Integer pid;

    /**
     * @param pid the chunk's pid: a different one means the process restarted, and its predecessor's
     *            unfinished line is finished as it stands
     * @return the lines completed by this chunk, without their line ends
     */
    List<String> add(byte[] chunk, Integer pid) {
        List<String> lines = new ArrayList<>();
        if (this.pid != null && pid != null && !this.pid.equals(pid) && len > 0) {
            lines.add(decode(buf, 0, len));
            len = 0;
        }
        if (pid != null) {
            this.pid = pid;
        }
        for (byte b : chunk) {
            if (b == '\n') {
                lines.add(decode(buf, 0, len));
                len = 0;
                continue;
            }
            if (len == MAX_LINE_BYTES) {
                int cut = boundary(buf, len);
                lines.add(decode(buf, 0, cut));
                System.arraycopy(buf, cut, buf, 0, len - cut);
                len -= cut;
            }
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, Math.min(MAX_LINE_BYTES, buf.length * 2));
            }
            buf[len++] = b;
        }
        return lines;
    }

    /** Bytes of the unfinished line held back. */
    int pending() {
        return len;
    }

    /** The unfinished line as it stands, taken as complete (a prompt, a last line without newline); null if none. */
    String flush() {
        if (len == 0) {
            return null;
        }
        String line = decode(buf, 0, len);
        len = 0;
        return line;
    }

    private static String decode(byte[] b, int from, int to) {
        int end = to;
        if (end > from && b[end - 1] == '\r') {
            end--;
        }
        return new String(b, from, end - from, StandardCharsets.UTF_8); // broken sequences become U+FFFD
    }

    /** Where to cut a full buffer without splitting a UTF-8 character. */
    private static int boundary(byte[] b, int len) {
        int i = len;
        while (i > len - 4 && i > 1 && (b[i - 1] & 0xC0) == 0x80) {
            i--;
        }
        // b[i-1] is now the lead byte of the last character (or ASCII); cut before it if that character is incomplete.
        int lead = b[i - 1] & 0xFF;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return len - (i - 1) < need ? i - 1 : len;
    }

    /**
     * The bytes of a payload's data. supervisord on Python 3 decodes each chunk as UTF-8 and, when a chunk
     * splits a character, sends {@code Undecodable: b'...'} (Python's repr of the bytes) instead: that repr
     * is turned back into the bytes so the character can be joined with the next chunk.
     */
    static byte[] bytes(String data) {
        if (data.startsWith(UNDECODABLE)) {
            byte[] raw = fromRepr(data.substring(UNDECODABLE.length()));
            if (raw != null) {
                return raw;
            }
        }
        return data.getBytes(StandardCharsets.UTF_8);
    }

    /** Python's bytes repr without its {@code b}: {@code '...'} or {@code "..."}; null when it is not one. */
    static byte[] fromRepr(String r) {
        if (r.length() < 2) {
            return null;
        }
        char q = r.charAt(0);
        if ((q != '\'' && q != '"') || r.charAt(r.length() - 1) != q) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(r.length());
        int end = r.length() - 1;
        for (int i = 1; i < end; i++) {
            char c = r.charAt(i);
            if (c > 0x7e || c < 0x20) {
                return null; // a repr is printable ASCII
            }
            if (c != '\\') {
                out.write(c);
                continue;
            }
            if (++i >= end) {
                return null;
            }
            char e = r.charAt(i);
            switch (e) {
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case '\\', '\'', '"' -> out.write(e);
                case 'x' -> {
                    if (i + 2 >= end) {
                        return null;
                    }
                    int hi = Character.digit(r.charAt(i + 1), 16);
                    int lo = Character.digit(r.charAt(i + 2), 16);
                    if (hi < 0 || lo < 0) {
                        return null;
                    }
                    out.write(hi * 16 + lo);
                    i += 2;
                }
                default -> {
                    out.write('\\');
                    out.write(e);
                }
            }
        }
        return out.toByteArray();
    }
}
