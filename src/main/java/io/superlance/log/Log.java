package io.superlance.log;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TimeZone;

/**
 * One line per message on stderr, which supervisord keeps in the listener's log.
 * Never stdout: that belongs to the protocol.
 */
public final class Log {
    private static volatile PrintStream err = System.err;
    private static volatile String prefix = "superlance";
    private static volatile boolean several; // more than one monitor in this process: their lines name them

    private Log() {
    }

    /**
     * Names the process in every line by its monitors, e.g. {@code crashmail}, or {@code crashmail+memmon}
     * when it runs several; then each {@link #of monitor's} lines name that monitor too.
     */
    public static void name(List<String> monitors) {
        prefix = String.join("+", monitors);
        several = monitors.size() > 1;
    }

    /** The lines said on behalf of one monitor. */
    public static MonitorLog of(String monitor) {
        return new MonitorLog(monitor);
    }

    /** What goes before a monitor's message: its name when the process runs several, else nothing (the prefix names it). */
    static String speaker(String monitor) {
        return several ? monitor + ": " : "";
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

    /**
     * A time inside a log line, written as the lines' own times are (local, {@code 2026-12-01 06:41:46,975}),
     * never as {@code Instant.toString()} (UTC, nanoseconds), which would sit beside them in another zone.
     */
    public static String time(Instant t) {
        return timestamp(LocalDateTime.ofInstant(t, ZoneId.systemDefault()));
    }

    /**
     * supervisord's own log format, also the TIME of alert texts; formatted by hand because a
     * DateTimeFormatter costs start-up time and, in the interpreter, much of an alerting event's time.
     */
    public static String timestamp(LocalDateTime t) {
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

    /**
     * The local time now, by java.util's time zone: java.time's zone rules ({@code LocalDateTime.now()}) read the
     * time zone database a second time, some 7 ms of a listener's start, where the first lines are written.
     */
    private static LocalDateTime now() {
        long now = System.currentTimeMillis();
        int offset = TimeZone.getDefault().getOffset(now);
        return LocalDateTime.ofEpochSecond(Math.floorDiv(now, 1000), (int) Math.floorMod(now, 1000) * 1_000_000,
                ZoneOffset.ofTotalSeconds(offset / 1000));
    }

    private static void write(String level, String message) {
        String line = timestamp(now()) + " " + level + " " + prefix + ": "
                + message.replace('\n', ' ').replace('\r', ' ');
        PrintStream out = err;
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
