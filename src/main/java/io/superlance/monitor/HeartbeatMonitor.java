package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Asctime;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventNames;
import io.superlance.protocol.ProcessId;
import io.superlance.protocol.ProcessState;
import io.superlance.rpc.ProcessInfo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * heartbeat: a dead man's switch. Every {@code every}-th TICK it asks supervisord for the processes'
 * states and pings an external monitor: the success URL when every watched program is RUNNING (and no
 * {@code --within} job is overdue), else the failure URL with what is wrong. The pings ride on
 * supervisord's own TICK events, so they stop when the host, supervisord or its event dispatch dies or
 * hangs, and the external monitor raises the alarm no listener on this host could. Besides the pings,
 * each change (a program went down, it came back, a job became overdue, it succeeded again) is one alert.
 */
public final class HeartbeatMonitor implements CheckingMonitor {
    /** How much failure text goes into a query parameter; URLs much longer are refused by some servers. */
    static final int MAX_QUERY_TEXT = 1000;
    /** How much failure text goes into a POST body (healthchecks.io keeps the first 10 KB). */
    static final int MAX_BODY_TEXT = 10_000;

    /**
     * @param tick      the TICK event to count, e.g. {@code TICK_60}
     * @param programs  which programs must be RUNNING
     * @param failUrl   where failure pings go; ignored with {@code failParam}
     * @param failParam null, or the query parameter of {@code url} that carries the failure text
     * @param method    GET or POST
     * @param host      this host's name, for the failure text
     * @param zone      for times in texts; null for the system's
     */
    public record Settings(String tick, ProgramSelector programs, int every, String url, String failUrl, String failParam,
                           String method, Duration timeout, int retries, List<Within> within, String host, ZoneId zone) {
        public Settings {
            within = List.copyOf(within);
        }
    }

    /** {@code --within PATTERN=DURATION}: the job must exit successfully at least once per {@code period}. */
    public record Within(String pattern, Duration period, String text) {
    }

    private record Down(Instant since, String state) {
    }

    private final Settings s;
    private final HeartbeatJobs jobs;
    private final Set<String> events;

    private long ticks;
    // Watched programs seen not RUNNING, since when we first saw them so.
    private final Map<ProcessId, Down> down = new LinkedHashMap<>();

    public HeartbeatMonitor(Settings settings) {
        this.s = settings;
        List<HeartbeatJobs.Rule> rules = new ArrayList<>();
        for (Within w : settings.within()) {
            rules.add(new HeartbeatJobs.Rule(w.pattern(), ProgramSelector.of(List.of(w.pattern()), false), w.period(), w.text()));
        }
        this.jobs = new HeartbeatJobs(rules);
        this.events = jobs.isEmpty() ? Set.of(settings.tick()) : Set.of(settings.tick(), EventNames.PROCESS_STATE_EXITED);
    }

    @Override
    public String name() {
        return "heartbeat";
    }

    @Override
    public Set<String> events() {
        return events;
    }

    @Override
    public List<Action> onEvent(Event event, Instant now) {
        if (event instanceof Event.Tick tick && tick.name().equals(s.tick())) {
            if (ticks++ % s.every() != 0) {
                return List.of();
            }
            return List.of(new Action.Check(tick.name(), List.of(new Probe.Processes())));
        }
        if (event instanceof Event.ProcessStateChange c && c.state() == ProcessState.EXITED) {
            if (!Boolean.TRUE.equals(c.expected())) {
                jobs.exited();
                return List.of();
            }
            HeartbeatJobs.Rule cleared = jobs.succeeded(c.process(), now);
            if (cleared != null) {
                String ns = c.process().namespec();
                return List.of(new Action.Notify(alert(AlertKind.JOB_OVERDUE, "heartbeat: " + ns + " succeeded again",
                        ns + " exited successfully at " + time(now) + " (--within " + cleared.text() + ").",
                        c.process(), "EXITED", true, now)));
            }
        }
        return List.of();
    }

    @Override
    public List<Action> decide(Snapshot snapshot, Instant now) {
        if (snapshot.processes() == null) {
            return List.of();
        }
        List<Action> actions = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<ProcessId> seen = new HashSet<>();
        for (ProcessInfo info : snapshot.processes()) {
            ProcessId id = info.id();
            if (jobs.rule(id) != null || !s.programs().matches(id)) {
                continue;
            }
            seen.add(id);
            String ns = id.namespec();
            if (info.running()) {
                Down was = down.remove(id);
                if (was != null) {
                    actions.add(new Action.Notify(alert(AlertKind.PROGRAM_DOWN, "heartbeat: " + ns + " is RUNNING again",
                            ns + " is RUNNING again; it was " + was.state() + " since " + time(was.since()) + ".",
                            id, info.stateName(), true, now)));
                }
                continue;
            }
            Down d = down.get(id);
            if (d == null) {
                d = new Down(now, info.stateName());
                down.put(id, d);
                actions.add(new Action.Notify(alert(AlertKind.PROGRAM_DOWN, "heartbeat: " + ns + " is " + info.stateName(),
                        downLine(info, d), id, info.stateName(), false, now)));
            }
            problems.add(downLine(info, d));
        }
        // A program that left supervisord's configuration is no longer down.
        for (var it = down.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!seen.contains(e.getKey())) {
                it.remove();
                actions.add(new Action.Notify(alert(AlertKind.PROGRAM_DOWN, "heartbeat: " + e.getKey().namespec() + " is no longer supervised",
                        e.getKey().namespec() + " is no longer in supervisord's configuration.", e.getKey(), null, true, now)));
            }
        }
        for (HeartbeatJobs.Overdue o : jobs.overdue(snapshot.processes(), now)) {
            String ns = o.info().id().namespec();
            String line = ns + " has not exited successfully since " + time(o.lastSuccess()) + " (--within " + o.rule().text()
                    + "); it is " + o.info().stateName() + " now";
            problems.add(line);
            if (o.alert()) {
                String hint = jobs.sawExit() ? "" : "\nNo PROCESS_STATE_EXITED event has reached heartbeat yet:"
                        + " --within needs it in the listener's events= line.";
                actions.add(new Action.Notify(alert(AlertKind.JOB_OVERDUE, "heartbeat: " + ns + " has not succeeded within "
                        + o.rule().text().substring(o.rule().text().lastIndexOf('=') + 1), line + "." + hint, o.info().id(),
                        o.info().stateName(), false, now)));
            }
        }
        for (String pattern : missing(snapshot.processes())) {
            problems.add(pattern + ": no such program in supervisord");
        }
        actions.add(problems.isEmpty() ? successPing() : failurePing(problems));
        return actions;
    }

    private String downLine(ProcessInfo info, Down d) {
        String description = info.description() == null || info.description().isBlank() ? "" : " (" + info.description() + ")";
        return info.id().namespec() + " is " + info.stateName() + description + ", not RUNNING since " + time(d.since());
    }

    /** Patterns of -p and --within that match no process: a typo must not pass for health. */
    private List<String> missing(List<ProcessInfo> processes) {
        Set<String> patterns = new LinkedHashSet<>();
        if (!s.programs().any()) {
            patterns.addAll(s.programs().patterns());
        }
        for (HeartbeatJobs.Rule r : jobs.rules()) {
            patterns.add(r.pattern());
        }
        List<String> out = new ArrayList<>();
        for (String p : patterns) {
            ProgramSelector one = ProgramSelector.of(List.of(p), false);
            if (processes.stream().noneMatch(i -> one.matches(i.id()))) {
                out.add(p);
            }
        }
        return out;
    }

    /** The ping sent when all is well; {@code --test-alert} sends it once. */
    public Action.Ping successPing() {
        return new Action.Ping(s.url(), s.method(), "", s.timeout(), s.retries(), budget(), false);
    }

    private Action.Ping failurePing(List<String> problems) {
        String text = "heartbeat on " + s.host() + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "\n" + String.join("\n", problems);
        if (s.failParam() != null) {
            String q = URLEncoder.encode(cut(text, MAX_QUERY_TEXT), StandardCharsets.UTF_8);
            String url = s.url() + (s.url().contains("?") ? "&" : "?") + s.failParam() + "=" + q;
            return new Action.Ping(url, s.method(), "", s.timeout(), s.retries(), budget(), true);
        }
        return new Action.Ping(s.failUrl(), s.method(), cut(text, MAX_BODY_TEXT), s.timeout(), s.retries(), budget(), true);
    }

    /** A ping's attempts end before the next check is due: the tick's period times --every. */
    private Duration budget() {
        return Duration.ofSeconds(Long.parseLong(s.tick().substring(s.tick().indexOf('_') + 1)) * s.every());
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never half an emoji
        }
        return text.substring(0, end) + "…";
    }

    @Override
    public Alert sampleAlert(Instant now) {
        return alert(AlertKind.PROGRAM_DOWN, "heartbeat: web is STOPPED", "web is STOPPED (" + "sample" + "), not RUNNING since " + time(now),
                new ProcessId("web", "web"), "STOPPED", false, now);
    }

    private Alert alert(AlertKind kind, String subject, String body, ProcessId id, String state, boolean resolved, Instant now) {
        return Alert.of(name(), kind, now).subject(subject).body(body).process(id).state(state)
                .resolved(resolved).build();
    }

    private String time(Instant t) {
        return Asctime.format(t, s.zone());
    }
}
