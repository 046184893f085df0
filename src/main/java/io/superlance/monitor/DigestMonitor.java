package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Asctime;
import io.superlance.alert.Facts;
import io.superlance.alert.sms.SmsText;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventNames;
import io.superlance.protocol.ProcessId;
import io.superlance.protocol.ProcessState;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * crashmailbatch, fatalmailbatch and crashsms: gathers one line per matching state change and sends
 * them as one alert when the ticks counted since the last digest add up to the interval, as superlance
 * does (each tick adds its minutes; nothing gathered, nothing sent; the count restarts either way).
 * With {@code --tail}, each line's program's last output, read at the crash, follows superlance's lines
 * (crashsms: on the line itself, cut so that it fits in one SMS).
 */
public final class DigestMonitor implements ShowsOutput, KeepsState {
    /** Most lines one digest quotes; more are counted in its last line (and the kept state stays small). */
    static final int MAX_LINES = 1000;

    /** What a command gathers and how it words each line. */
    public enum Kind {
        /** crashmailbatch */
        CRASH("crashmailbatch", EventNames.PROCESS_STATE_EXITED, "Crash alert from supervisord", AlertKind.PROCESS_CRASHED, "EXITED"),
        /** fatalmailbatch */
        FATAL("fatalmailbatch", EventNames.PROCESS_STATE_FATAL, "Fatal start alert from supervisord", AlertKind.PROCESS_FATAL, "FATAL"),
        /** crashsms */
        CRASH_SMS("crashsms", EventNames.PROCESS_STATE_EXITED, "", AlertKind.PROCESS_CRASHED, "EXITED");

        final String command;
        final String event;
        public final String defaultSubject;
        final AlertKind alertKind;
        final String state;

        Kind(String command, String event, String defaultSubject, AlertKind alertKind, String state) {
            this.command = command;
            this.event = event;
            this.defaultSubject = defaultSubject;
            this.alertKind = alertKind;
            this.state = state;
        }

        /** The line for this change, or null when it is not one this command reports. */
        String line(Event.ProcessStateChange change, String time) {
            ProcessId p = change.process();
            return switch (this) {
                case CRASH -> change.isCrash()
                        ? time + " -- Process " + p.qualified() + " (pid " + change.pid() + ") died unexpectedly" : null;
                case FATAL -> time + " -- Process " + p.qualified() + " failed to start too many times";
                case CRASH_SMS -> change.isCrash()
                        ? "[" + p.qualified() + "](" + change.pid() + ") exited unexpectedly " + time : null;
            };
        }
    }

    private final Kind kind;
    private final ProgramSelector programs;
    private final String tickEvent;
    private final double tickMinutes;
    private final double intervalMinutes;
    private final String subject;
    private final ZoneId zone;
    private final OutputTail tail;

    private final List<String> lines = new ArrayList<>();
    // Beside each line: its program's last output as the digest shows it after the lines, or null.
    private final List<String> outputs = new ArrayList<>();
    private ProcessId lastProcess;
    private boolean oneProcess = true;
    private int more;
    private double minutes;

    /**
     * @param tickEvent       TICK_5, TICK_60 or TICK_3600
     * @param intervalMinutes how many minutes of ticks make one digest
     * @param subject         null for the command's default
     * @param zone            for the times in lines; null for the system's zone
     */
    public DigestMonitor(Kind kind, ProgramSelector programs, String tickEvent, double intervalMinutes,
                         String subject, ZoneId zone) {
        this(kind, programs, tickEvent, intervalMinutes, subject, zone, null);
    }

    /** @param tail {@code --tail}: each program's last output in the digest; null for none */
    public DigestMonitor(Kind kind, ProgramSelector programs, String tickEvent, double intervalMinutes,
                         String subject, ZoneId zone, OutputTail tail) {
        if (!EventNames.TICKS.contains(tickEvent)) {
            throw new IllegalArgumentException("tick event must be one of " + String.join(", ", EventNames.TICKS)
                    + ", not '" + tickEvent + "'");
        }
        this.kind = kind;
        this.programs = programs;
        this.tickEvent = tickEvent;
        this.tickMinutes = Event.Tick.period(tickEvent).toSeconds() / 60.0;
        this.intervalMinutes = intervalMinutes;
        this.subject = subject != null ? subject : kind.defaultSubject;
        this.zone = zone;
        this.tail = tail;
    }

    @Override
    public OutputTail outputTail() {
        return tail;
    }

    @Override
    public ProcessId outputOf(Event event) {
        return tail != null && event instanceof Event.ProcessStateChange change && change.name().equals(kind.event)
                && programs.matches(change.process()) && kind.line(change, "") != null ? change.process() : null;
    }

    @Override
    public String name() {
        return kind.command;
    }

    @Override
    public Set<String> events() {
        return Set.of(kind.event, tickEvent);
    }

    @Override
    public List<Action> onEvent(Event event, Instant now) {
        return onEvent(event, now, null);
    }

    @Override
    public List<Action> onEvent(Event event, Instant now, String output) {
        if (event instanceof Event.ProcessStateChange change && change.name().equals(kind.event)) {
            if (programs.matches(change.process())) {
                String line = kind.line(change, Asctime.format(now, zone));
                if (line != null) {
                    oneProcess &= lastProcess == null || lastProcess.equals(change.process());
                    lastProcess = change.process();
                    if (lines.size() < MAX_LINES) {
                        if (tail != null && output != null && kind == Kind.CRASH_SMS) {
                            lines.add(smsLine(line, output));
                            outputs.add(null);
                        } else {
                            lines.add(line);
                            outputs.add(tail == null || output == null ? null
                                    : change.process().qualified() + " (pid " + change.pid() + "), " + tail.heading()
                                    .replaceFirst("^L", "l") + "\n" + output);
                        }
                    } else {
                        more++;
                    }
                }
            }
            return List.of();
        }
        if (event instanceof Event.Tick tick && tick.name().equals(tickEvent)) {
            minutes += tickMinutes;
            if (minutes >= intervalMinutes) {
                List<Action> out = lines.isEmpty() ? List.of() : List.of(new Action.Notify(digest(now)));
                lines.clear();
                outputs.clear();
                more = 0;
                lastProcess = null;
                oneProcess = true;
                minutes = 0;
                return out;
            }
        }
        return List.of();
    }

    @Override
    public Map<String, String> state() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("minutes", Double.toString(minutes));
        m.put("more", Integer.toString(more));
        for (int i = 0; i < lines.size(); i++) {
            m.put("line." + i, lines.get(i));
            if (outputs.get(i) != null) {
                m.put("output." + i, outputs.get(i));
            }
        }
        return m;
    }

    @Override
    public List<String> restore(Map<String, String> state) {
        List<String> rejected = new ArrayList<>();
        lines.clear();
        outputs.clear();
        for (int i = 0; state.containsKey("line." + i); i++) {
            lines.add(state.get("line." + i));
            outputs.add(state.get("output." + i));
        }
        // A count that is not a number would stop digests for good (NaN never reaches the interval): 0 instead.
        minutes = 0;
        more = 0;
        KeepsState.restoreEach(state, "minutes", (k, v) -> {
            double m = Double.parseDouble(v);
            if (!(m >= 0 && m < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("not a number of minutes");
            }
            minutes = m;
        }, rejected);
        KeepsState.restoreEach(state, "more", (k, v) -> {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new IllegalArgumentException("not a count of lines");
            }
            more = n;
        }, rejected);
        lastProcess = null;
        oneProcess = lines.isEmpty(); // the restored lines' program is not known
        return rejected;
    }

    /** How many lines wait for the next digest. */
    public int gathered() {
        return lines.size();
    }

    @Override
    public Alert sampleAlert(Instant now) {
        String time = Asctime.format(now, zone);
        Event.ProcessStateChange sample = new Event.ProcessStateChange(kind.event,
                ProcessState.valueOf(kind.state), new ProcessId("example", "example"), "RUNNING", 4242, null, false);
        String line = kind.line(sample, time);
        return Alert.of(name(), kind.alertKind, now).subject(subject).body(line)
                .process(sample.process()).pid(4242).state(kind.state).build();
    }

    private Alert digest(Instant now) {
        // One program only: the structured fields can name it; several: the lines say who.
        ProcessId process = oneProcess ? lastProcess : null;
        String body = String.join("\n", lines) + (more > 0 ? "\n" + more + " more lines not shown" : "");
        List<String> shown = outputs.stream().filter(o -> o != null).toList();
        String output = shown.isEmpty() ? null : String.join("\n\n", shown);
        if (output != null) {
            body += "\n\n" + output;
        }
        return Alert.of(name(), kind.alertKind, now).subject(subject).body(body)
                .process(process).state(kind.state).fact(Facts.TAIL, output).build();
    }

    /** crashsms's line and then the program's last lines on it, cut to one SMS: the end of the output is kept, it says most. */
    private static String smsLine(String line, String output) {
        String flat = output.strip().replaceAll("\\s*[\\r\\n]+\\s*", " / ");
        String head = line + " | ";
        int room = SmsText.MAX - head.codePointCount(0, head.length());
        if (room <= 1) {
            return line;
        }
        int n = flat.codePointCount(0, flat.length());
        return n <= room ? head + flat : head + "…" + flat.substring(flat.offsetByCodePoints(0, n - room + 1));
    }
}
