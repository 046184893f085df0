package io.superlance.monitor;

import io.superlance.protocol.ProcessId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matching lines grouped per program: the first line opens a window of {@code length} and is not kept
 * (the caller sends it at once); lines until the window closes join it; only the first {@code maxLines}
 * are kept, each cut to {@code maxChars}, the rest counted. So a burst of a thousand errors is two alerts:
 * its first line at once, the rest folded. Pure: the caller says what time it is.
 */
final class LogWindows {
    /** A closed window: {@code count} lines matched after the one that opened it, {@code lines} are the first of them. */
    record Group(ProcessId process, Instant start, Instant end, int count, List<String> lines, Integer pid) {
    }

    private static final class Open {
        final Instant start;
        final Instant end;
        final List<String> lines = new ArrayList<>();
        int count;
        Integer pid;

        Open(Instant start, Instant end) {
            this.start = start;
            this.end = end;
        }
    }

    private final Duration length;
    private final int maxLines;
    private final int maxChars;
    private final Map<ProcessId, Open> open = new LinkedHashMap<>();

    LogWindows(Duration length, int maxLines, int maxChars) {
        this.length = length;
        this.maxLines = maxLines;
        this.maxChars = maxChars;
    }

    /**
     * Adds a matching line; call {@link #close} first, so that a window past its end is not joined.
     *
     * @return when the window closes if this line opened it (it is then neither kept nor counted: the
     *         caller sends it on its own), else null (it joined an open one)
     */
    Instant add(ProcessId process, String line, Integer pid, Instant now) {
        Open w = open.get(process);
        if (w == null) {
            w = new Open(now, now.plus(length));
            w.pid = pid;
            open.put(process, w);
            return w.end;
        }
        w.count++;
        w.pid = pid;
        if (w.lines.size() < maxLines) {
            w.lines.add(cut(line, maxChars));
        }
        return null;
    }

    /** Closes and returns the windows whose end has come. */
    List<Group> close(Instant now) {
        List<Group> out = new ArrayList<>();
        for (Iterator<Map.Entry<ProcessId, Open>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<ProcessId, Open> e = it.next();
            Open w = e.getValue();
            if (!now.isBefore(w.end)) {
                it.remove();
                out.add(new Group(e.getKey(), w.start, w.end, w.count, List.copyOf(w.lines), w.pid));
            }
        }
        return out;
    }

    /** Closes every open window, ending it at {@code now} if that comes before its end. */
    List<Group> closeAll(Instant now) {
        List<Group> out = new ArrayList<>();
        for (Map.Entry<ProcessId, Open> e : open.entrySet()) {
            Open w = e.getValue();
            out.add(new Group(e.getKey(), w.start, now.isBefore(w.end) ? now : w.end, w.count, List.copyOf(w.lines), w.pid));
        }
        open.clear();
        return out;
    }

    /** The open windows, as they would close ({@code end} is when they will). */
    List<Group> openWindows() {
        List<Group> out = new ArrayList<>();
        for (Map.Entry<ProcessId, Open> e : open.entrySet()) {
            Open w = e.getValue();
            out.add(new Group(e.getKey(), w.start, w.end, w.count, List.copyOf(w.lines), w.pid));
        }
        return out;
    }

    /** Opens again a window an earlier run had open (see {@link #openWindows()}). */
    void reopen(Group g) {
        Open w = new Open(g.start(), g.end());
        w.count = g.count();
        w.pid = g.pid();
        w.lines.addAll(g.lines());
        open.put(g.process(), w);
    }

    /** The earliest end of an open window, or null when none is open. */
    Instant nextEnd() {
        Instant next = null;
        for (Open w : open.values()) {
            if (next == null || w.end.isBefore(next)) {
                next = w.end;
            }
        }
        return next;
    }

    static String cut(String line, int max) {
        if (line.length() <= max) {
            return line;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end) + "…";
    }
}
