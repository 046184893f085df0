package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Facts;
import io.superlance.alert.Asctime;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventNames;
import io.superlance.protocol.ProcessId;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * logmon: alerts on programs' output lines that match {@code --match} and no {@code --ignore}, from
 * PROCESS_LOG_STDOUT/STDERR events. Lines are reassembled per process and channel (chunks split lines and
 * UTF-8 characters) and grouped per program: the first match goes out at once, as an alert of its own,
 * and opens a window; the lines that match until it closes go out then as one folded alert with the
 * count and the first lines (none when no more came). On-call hears of an error within a second, and a
 * burst of a thousand is still two messages. The window is closed by a timer
 * ({@link Action.Wake}) rather than by TICK events: a TICK would delay the alert by up to its period
 * on top of the window, needs one more subscription, and waits in supervisord's event buffer behind
 * the very log events of a burst. Open windows are state the listener keeps on disk ({@link KeepsState}), so a {@code kill -9} does not lose them;
 * unfinished lines are not kept. Every alert of a program is one incident: host/logmon/namespec.
 */
public final class LogMonitor implements TimedMonitor, KeepsState, NamesPrograms {
    /** Lines an alert shows; the rest are counted. */
    static final int MAX_LINES = 10;
    /** Characters of a line an alert shows. */
    static final int MAX_LINE_CHARS = 500;
    /** Characters of the line in the subject of the alert it opens: subjects are read in lists. */
    static final int MAX_SUBJECT_CHARS = 160;
    /** How long an unfinished line waits for the rest before it is taken as a line of its own. */
    static final Duration PARTIAL_WAIT = Duration.ofSeconds(2);
    private static final String WINDOW = "window ";

    /**
     * @param channels {@code stdout}, {@code stderr} or both
     * @param self     this listener, never watched (its own log lines must not feed it), or null
     * @param zone     for times in texts; null for the system's
     * @param host     this host's name, the first part of the incident keys
     */
    public record Settings(ProgramSelector programs, List<Pattern> match, List<Pattern> ignore, Set<String> channels,
                           Duration window, ProcessId self, ZoneId zone, String host) {
        public Settings {
            match = List.copyOf(match);
            ignore = List.copyOf(ignore);
            channels = Set.copyOf(channels);
        }
    }

    private record Key(ProcessId process, String channel) {
    }

    private final Settings s;
    private final Set<String> events;
    private final Map<Key, LogLineAssembler> assemblers = new HashMap<>();
    // Since when each unfinished line has waited for its newline.
    private final Map<Key, Instant> partialSince = new HashMap<>();
    private final LogWindows windows;

    public LogMonitor(Settings settings) {
        this.s = settings;
        Set<String> e = new LinkedHashSet<>();
        if (settings.channels().contains("stdout")) {
            e.add(EventNames.PROCESS_LOG_STDOUT);
        }
        if (settings.channels().contains("stderr")) {
            e.add(EventNames.PROCESS_LOG_STDERR);
        }
        this.events = Set.copyOf(e);
        this.windows = new LogWindows(settings.window(), MAX_LINES, MAX_LINE_CHARS);
    }

    @Override
    public String name() {
        return "logmon";
    }

    @Override
    public List<ProgramName> programNames() {
        return s.programs().names("-p");
    }

    @Override
    public Set<String> events() {
        return events;
    }

    @Override
    public List<Action> onEvent(Event event, Instant now) {
        if (!(event instanceof Event.ProcessLog log) || !s.programs().matches(log.process())
                || log.process().equals(s.self())) {
            return List.of();
        }
        String channel = log.name().equals(EventNames.PROCESS_LOG_STDERR) ? "stderr" : "stdout";
        List<Action> actions = new ArrayList<>(closeDue(now));
        Key key = new Key(log.process(), channel);
        LogLineAssembler lines = assemblers.computeIfAbsent(key, k -> new LogLineAssembler());
        List<String> done = lines.add(LogLineAssembler.bytes(log.data()), log.pid());
        for (String line : done) {
            consider(log.process(), channel, line, log.pid(), now, actions);
        }
        Instant since = partialSince.get(key);
        if (lines.pending() == 0) {
            partialSince.remove(key);
        } else if (since == null) {
            partialSince.put(key, now);
            actions.add(new Action.Wake(now.plus(PARTIAL_WAIT)));
        } else if (!done.isEmpty()) {
            partialSince.put(key, now); // a new unfinished line; the wake already asked for looks again
        }
        return actions;
    }

    private void consider(ProcessId process, String channel, String line, Integer pid, Instant now, List<Action> actions) {
        Pattern hit = match(line);
        if (hit != null) {
            String shown = s.channels().size() > 1 ? "[" + channel + "] " + line : line;
            Instant closes = windows.add(process, shown, pid, now);
            if (closes != null) {
                actions.add(new Action.Notify(first(process, LogWindows.cut(shown, MAX_LINE_CHARS), hit, pid, now)));
                actions.add(new Action.Wake(closes));
            }
        }
    }

    @Override
    public List<Action> onTimer(Instant now) {
        List<Action> actions = new ArrayList<>(closeDue(now));
        Instant next = null;
        for (var it = partialSince.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Instant due = e.getValue().plus(PARTIAL_WAIT);
            if (now.isBefore(due)) {
                next = next == null || due.isBefore(next) ? due : next;
                continue;
            }
            it.remove();
            Key key = e.getKey();
            String line = assemblers.get(key).flush();
            if (line != null) {
                consider(key.process(), key.channel(), line, null, now, actions);
            }
        }
        if (next != null) {
            actions.add(new Action.Wake(next));
        }
        return actions;
    }

    /** Unfinished lines count as lines, and every open window closes now: nothing waits for a timer that will not run. */
    @Override
    public List<Action> onStop(Instant now) {
        List<Action> flushed = new ArrayList<>();
        for (Map.Entry<Key, LogLineAssembler> e : assemblers.entrySet()) {
            String line = e.getValue().flush();
            if (line != null) {
                consider(e.getKey().process(), e.getKey().channel(), line, null, now, flushed);
            }
        }
        partialSince.clear();
        // The Wakes of windows the flushed lines open are left out: those windows close just below.
        List<Action> actions = new ArrayList<>(flushed.stream().filter(a -> a instanceof Action.Notify).toList());
        notifyFolded(windows.closeAll(now), now, actions);
        return actions;
    }

    /** The open windows, one value each: {@code START END COUNT PID} and then its lines, one a line. */
    @Override
    public Map<String, String> state() {
        Map<String, String> m = new LinkedHashMap<>();
        for (LogWindows.Group g : windows.openWindows()) {
            StringBuilder v = new StringBuilder().append(g.start()).append(' ').append(g.end()).append(' ')
                    .append(g.count()).append(' ').append(g.pid() == null ? "-" : g.pid().toString());
            for (String line : g.lines()) {
                v.append('\n').append(line);
            }
            m.put(WINDOW + g.process().qualified(), v.toString());
        }
        return m;
    }

    @Override
    public List<String> restore(Map<String, String> state) {
        List<String> rejected = new ArrayList<>();
        KeepsState.restoreEach(state, WINDOW, (key, value) -> {
            String[] lines = value.split("\n", -1);
            String[] f = lines[0].split(" ");
            if (f.length != 4 || Integer.parseInt(f[2]) < 0) {
                throw new IllegalArgumentException("not START END COUNT PID");
            }
            windows.reopen(new LogWindows.Group(ProcessId.ofQualified(key),
                    Instant.parse(f[0]), Instant.parse(f[1]), Integer.parseInt(f[2]),
                    List.of(lines).subList(1, lines.length), f[3].equals("-") ? null : Integer.valueOf(f[3])));
        }, rejected);
        return rejected;
    }

    /** Windows an earlier run left open close when they were due, or now if that has passed. */
    @Override
    public List<Action> resume(Instant now) {
        List<Action> actions = new ArrayList<>();
        for (LogWindows.Group g : windows.openWindows()) {
            actions.add(new Action.Wake(g.end().isAfter(now) ? g.end() : now));
        }
        return actions;
    }

    boolean matches(String line) {
        return match(line) != null;
    }

    /** The first {@code --match} pattern the line matches, or null when none does or an {@code --ignore} does. */
    private Pattern match(String line) {
        Pattern hit = null;
        for (Pattern p : s.match()) {
            if (p.matcher(line).find()) {
                hit = p;
                break;
            }
        }
        if (hit == null) {
            return null;
        }
        for (Pattern p : s.ignore()) {
            if (p.matcher(line).find()) {
                return null;
            }
        }
        return hit;
    }

    private List<Action> closeDue(Instant now) {
        List<Action> out = new ArrayList<>();
        notifyFolded(windows.close(now), now, out);
        return out;
    }

    /** The folded alerts of the closed windows; a window no line joined after its first says nothing. */
    private void notifyFolded(List<LogWindows.Group> closed, Instant now, List<Action> out) {
        for (LogWindows.Group g : closed) {
            if (g.count() > 0) {
                out.add(new Action.Notify(folded(g, now)));
            }
        }
    }

    /** The line that opened a window, on its own, at once. */
    private Alert first(ProcessId process, String line, Pattern hit, Integer pid, Instant now) {
        String ns = process.namespec();
        String body = ns + ": matching line at " + Asctime.format(now, s.zone()) + " (--match " + hit.pattern() + "):\n" + line;
        return Alert.of(name(), AlertKind.LOG_MATCH, now)
                .subject("logmon: " + ns + ": " + LogWindows.cut(line.strip(), MAX_SUBJECT_CHARS))
                .body(body).process(process).pid(pid).incident(Incidents.key(s.host(), name(), ns))
                .fact(Facts.LINES, line).fact(Facts.COUNT, 1).fact(Facts.PATTERN, hit.pattern()).build();
    }

    /** The lines that joined a window after the one that opened it. */
    private Alert folded(LogWindows.Group g, Instant now) {
        String ns = g.process().namespec();
        String count = g.count() == 1 ? "1 more matching line" : g.count() + " more matching lines";
        StringBuilder body = new StringBuilder();
        body.append(ns).append(": ").append(count).append(" between ").append(Asctime.format(g.start(), s.zone()))
                .append(" and ").append(Asctime.format(g.end(), s.zone())).append(" (--match ")
                .append(String.join(" ", s.match().stream().map(Pattern::pattern).toList())).append("):\n");
        for (String line : g.lines()) {
            body.append(line).append('\n');
        }
        if (g.count() > g.lines().size()) {
            body.append("(").append(g.count() - g.lines().size()).append(" more not shown)\n");
        }
        return Alert.of(name(), AlertKind.LOG_MATCH, now).subject("logmon: " + ns + ": " + count)
                .body(body.toString().strip()).process(g.process()).pid(g.pid()).incident(Incidents.key(s.host(), name(), ns))
                .fact(Facts.COUNT, g.count()).fact(Facts.LINES, String.join("\n", g.lines()))
                .fact(Facts.PATTERN, patterns(g.lines())).build();
    }

    /** The patterns the shown lines match, in {@code --match} order (all of them when a cut line matches none). */
    private String patterns(List<String> lines) {
        List<String> hit = new ArrayList<>();
        for (Pattern p : s.match()) {
            if (lines.stream().anyMatch(l -> p.matcher(l).find())) {
                hit.add(p.pattern());
            }
        }
        return String.join(" ", hit.isEmpty() ? s.match().stream().map(Pattern::pattern).toList() : hit);
    }

    /** What the first line of a burst looks like; the folded rest looks like the body's list of lines. */
    @Override
    public Alert sampleAlert(Instant now) {
        return first(new ProcessId("web", "web"), "ERROR 数据库连接失败 database connection refused",
                s.match().get(0), null, now);
    }
}
