package io.superlance.log;

import java.io.PrintStream;
import java.time.LocalDateTime;

/**
 * One line per message on stderr, which supervisord keeps in the listener's log.
 * Never stdout: that belongs to the protocol.
 */
public final class Log {
    private static volatile PrintStream err = System.err;
    private static volatile String prefix = "superlance";

    private Log() {
    }

    /** Names the listener in every line, e.g. {@code crashmail}. */
    public static void name(String name) {
        prefix = name;
    }

    /** Where the lines go; stderr unless a test or benchmark says otherwise. */
    public static void to(PrintStream out) {
        err = out;
    }

    public static void info(String message) {
        write("INFO", message);
    }

    public static void warn(String message) {
        write("WARN", message);
    }

    public static void error(String message) {
        write("ERROR", message);
    }

    /** A throwable in one line: its type where the message alone would not say what happened. */
    public static String describe(Throwable t) {
        String m = t.getMessage();
        Throwable cause = t.getCause();
        String own = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
        if (cause != null && cause != t && (m == null || !m.contains(String.valueOf(cause.getMessage())))) {
            return own + ": " + describe(cause);
        }
        return own;
    }

    /** supervisord's own log format; formatted by hand because DateTimeFormatter costs start-up time. */
    static String timestamp(LocalDateTime t) {
        StringBuilder b = new StringBuilder(23);
        b.append(t.getYear()).append('-');
        two(b, t.getMonthValue()).append('-');
        two(b, t.getDayOfMonth()).append(' ');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond()).append(',');
        int ms = t.getNano() / 1_000_000;
        return b.append(ms < 100 ? ms < 10 ? "00" : "0" : "").append(ms).toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append(v < 10 ? "0" : "").append(v);
    }

    private static void write(String level, String message) {
        String line = timestamp(LocalDateTime.now()) + " " + level + " " + prefix + ": "
                + message.replace('\n', ' ').replace('\r', ' ');
        PrintStream out = err;
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
