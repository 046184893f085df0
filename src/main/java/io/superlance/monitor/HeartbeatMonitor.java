package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Asctime;
import io.superlance.alert.DurationText;
import io.superlance.alert.Facts;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * heartbeat: a dead man's switch. Every {@code every}-th TICK it asks supervisord for the processes'
 * states and pings an external monitor: the success URL when every watched program is RUNNING (and no
 * {@code --within} job is overdue), else the failure URL with what is wrong. The pings ride on
 * supervisord's own TICK events, so they stop when the host, supervisord or its event dispatch dies or
 * hangs, and the external monitor raises the alarm no listener on this host could. Besides the pings,
 * each change (a program went down, it came back, a job became overdue, it succeeded again) is one alert.
 * Jobs are {@code --within} (interval) or {@code --cron} (fixed times in a zone); a job may report for
 * itself through supervisord's PROCESS_COMMUNICATION events ({@link Report}), and its failed runs (its
 * own failure report, or an unexpected exit) are alerted when they happen. One {@link Incidents}
 * incident per watched program and per job; {@code --for} confirms program and overdue conditions. Its
 * incidents, the programs seen down and the jobs' clocks are kept in its journal ({@link KeepsState}): a
 * restarted listener neither alerts a condition that still lasts again nor starts a job's clock anew.
 */
public final class HeartbeatMonitor implements CheckingMonitor, TimedMonitor, NamesPrograms, KeepsState {
    private static final String DOWN = "down ";
    /** How much failure text goes into a query parameter; URLs much longer are refused by some servers. */
    static final int MAX_QUERY_TEXT = 1000;
    /** How much failure text goes into a POST body (healthchecks.io keeps the first 10 KB). */
    static final int MAX_BODY_TEXT = 10_000;
    /**
     * How often an unexpected exit's check is asked for again while its status is unread: the first may be
     * skipped because a tick's check (and its ping) still runs. A few times, then the next tick reads it.
     */
    static final Duration EXIT_RETRY = Duration.ofMillis(300);
    static final int EXIT_RETRIES = 10;

    /**
     * @param tick      the TICK event to count, e.g. {@code TICK_60}
     * @param programs  which programs must be RUNNING
     * @param failUrl   where failure pings go; ignored with {@code failParam}
     * @param failParam null, or the query parameter of {@code url} that carries the failure text
     * @param method    GET or POST
     * @param host      this host's name, for the failure text
     * @param zone      for times in texts; null for the system's
     * @param forChecks {@code --for}: consecutive bad checks before a program or job condition fires
     * @param cron      {@code --cron} jobs
     * @param exitAlerts false for {@code --no-exit-alerts}: a job's unexpected exit waits until the job is overdue
     */
    public record Settings(String tick, ProgramSelector programs, int every, String url, String failUrl, String failParam,
                           String method, Duration timeout, int retries, List<Within> within, String host, ZoneId zone,
                           int forChecks, List<Cron> cron, boolean exitAlerts) {
        public Settings {
            within = List.copyOf(within);
            cron = List.copyOf(cron);
        }

        /** Only --within jobs; failed runs alerted at once. */
        public Settings(String tick, ProgramSelector programs, int every, String url, String failUrl, String failParam,
                        String method, Duration timeout, int retries, List<Within> within, String host, ZoneId zone,
                        int forChecks) {
            this(tick, programs, every, url, failUrl, failParam, method, timeout, retries, within, host, zone, forChecks,
                    List.of(), true);
        }

        /** Without confirmation: every condition fires on its first bad check. */
        public Settings(String tick, ProgramSelector programs, int every, String url, String failUrl, String failParam,
                        String method, Duration timeout, int retries, List<Within> within, String host, ZoneId zone) {
            this(tick, programs, every, url, failUrl, failParam, method, timeout, retries, within, host, zone, 1);
        }
    }

    /** {@code --within PATTERN=DURATION}: the job must exit successfully at least once per {@code period}. */
    public record Within(String pattern, Duration period, String text) {
    }

    /**
     * {@code --cron PATTERN=SCHEDULE}: after each scheduled time the job must succeed within {@code grace},
     * or by the end of that day (in the schedule's zone) when {@code grace} is null.
     */
    public record Cron(String pattern, CronSchedule schedule, Duration grace, String text) {
    }

    /** The state a watched program was first seen in, not RUNNING. */
    private record Down(String state) {
    }

    private final Settings s;
    private final HeartbeatJobs jobs;
    private final Set<String> events;
    // One incident per program condition (WHAT = its namespec) and per job (job=NAMESPEC).
    private final Incidents incidents;

    private long ticks;
    private int exitRetries;
    // Watched programs seen not RUNNING, confirmed or not yet.
    private final Map<ProcessId, Down> down = new LinkedHashMap<>();

    /** What it was made with. */
    public Settings settings() {
        return s;
    }

    /** Without reminders; resolutions on. */
    public HeartbeatMonitor(Settings settings) {
        this(settings, new Incidents(settings.host(), "heartbeat", settings.forChecks(), null, true));
    }

    /** @param incidents {@code --for}, {@code --repeat} and {@code --no-resolved} for its program and job conditions */
    public HeartbeatMonitor(Settings settings, Incidents incidents) {
        this.s = settings;
        List<HeartbeatJobs.Rule> rules = new ArrayList<>();
        for (Within w : settings.within()) {
            rules.add(new HeartbeatJobs.Rule(w.pattern(), ProgramSelector.of(List.of(w.pattern()), false), w.period(), null, null,
                    "--within " + w.text()));
        }
        for (Cron c : settings.cron()) {
            rules.add(new HeartbeatJobs.Rule(c.pattern(), ProgramSelector.of(List.of(c.pattern()), false), null, c.schedule(), c.grace(),
                    "--cron " + c.text()));
        }
        this.jobs = new HeartbeatJobs(rules);
        this.incidents = incidents;
        Set<String> names = new LinkedHashSet<>(List.of(settings.tick()));
        if (!jobs.isEmpty()) {
            names.addAll(List.of(EventNames.PROCESS_STATE_EXITED, EventNames.PROCESS_COMMUNICATION_STDOUT,
                    EventNames.PROCESS_COMMUNICATION_STDERR));
            if (settings.exitAlerts()) {
                names.addAll(List.of(EventNames.PROCESS_STATE_BACKOFF, EventNames.PROCESS_STATE_FATAL));
            }
        }
        this.events = Set.copyOf(names);
    }

    @Override
    public String name() {
        return "heartbeat";
    }

    @Override
    public Set<String> events() {
        return events;
    }

    /** {@code -p NAME}, {@code --within NAME=..} and {@code --cron NAME=..}: besides the alert, the failure ping says so too. */
    @Override
    public List<ProgramName> programNames() {
        List<ProgramName> names = new ArrayList<>();
        if (!s.programs().any()) {
            s.programs().patterns().forEach(p -> names.add(new ProgramName("-p", p, false)));
        }
        s.within().forEach(w -> names.add(new ProgramName("--within", w.pattern(), false)));
        s.cron().forEach(c -> names.add(new ProgramName("--cron", c.pattern(), false)));
        return names;
    }

    @Override
    public List<Action> onEvent(Event event, Instant now) {
        if (event instanceof Event.Tick tick && tick.name().equals(s.tick())) {
            if (ticks++ % s.every() != 0) {
                return List.of();
            }
            return List.of(new Action.Check(tick.name(), List.of(new Probe.Processes())));
        }
        if (event instanceof Event.ProcessStateChange c) {
            boolean failed = c.state() == ProcessState.BACKOFF || c.state() == ProcessState.FATAL
                    || (c.state() == ProcessState.EXITED && !Boolean.TRUE.equals(c.expected()));
            if (failed) {
                if (c.state() == ProcessState.EXITED) {
                    jobs.exited();
                }
                // a check reads its exit status from supervisord at once, and alerts
                if (s.exitAlerts() && jobs.exitedUnexpectedly(c.process(), c.state().name(), c.pid(), now)) {
                    exitRetries = 0;
                    return List.of(new Action.Check(c.name(), List.of(new Probe.Processes())), new Action.Wake(now.plus(EXIT_RETRY)));
                }
                return List.of();
            }
            if (c.state() == ProcessState.EXITED) {
                HeartbeatJobs.Success done = jobs.exitedExpectedly(c.process(), now);
                return done == null ? List.of() : succeeded(c.process(), done, "exited successfully", now);
            }
            return List.of();
        }
        if (event instanceof Event.ProcessCommunication m) {
            return report(m, now);
        }
        return List.of();
    }

    /** An unexpected exit's status still unread: ask again (a check asked for while another runs is skipped). */
    @Override
    public List<Action> onTimer(Instant now) {
        if (!jobs.exitsPending() || ++exitRetries > EXIT_RETRIES) {
            return List.of();
        }
        return List.of(new Action.Check("exit status", List.of(new Probe.Processes())), new Action.Wake(now.plus(EXIT_RETRY)));
    }

    @Override
    public List<Action> onStop(Instant now) {
        return List.of();
    }

    /** Its incidents, the watched programs seen down ({@code down GROUP:NAME} = the state first seen) and the jobs' clocks. */
    @Override
    public Map<String, String> state() {
        Map<String, String> m = new LinkedHashMap<>(incidents.state());
        down.forEach((id, d) -> m.put(DOWN + id.qualified(), d.state()));
        m.putAll(jobs.state());
        return m;
    }

    @Override
    public List<String> restore(Map<String, String> state) {
        List<String> rejected = new ArrayList<>(incidents.restore(state));
        KeepsState.restoreEach(state, DOWN, (qualified, value) -> {
            if (value.isBlank() || value.contains(" ")) {
                throw new IllegalArgumentException("not a process state");
            }
            down.put(ProcessId.ofQualified(qualified), new Down(value));
        }, rejected);
        jobs.restore(state, rejected);
        return rejected;
    }

    /** The vocabulary of a job's own reports, each the text between supervisord's XSUPERVISOR tags. */
    enum Report {
        START, SUCCESS, FAILURE;

        /** {@code start}, {@code success}, {@code failure MESSAGE} (or {@code fail MESSAGE}); any other text is a failure saying it. */
        static Report of(String text) {
            String word = firstWord(text).toLowerCase(Locale.ROOT);
            return switch (word) {
                case "start" -> START;
                case "success" -> SUCCESS;
                default -> FAILURE;
            };
        }

        /** The message of a failure: the text after {@code failure}, or all of it when it says something else. */
        static String message(String text) {
            String t = text.strip();
            String word = firstWord(t).toLowerCase(Locale.ROOT);
            if (word.equals("failure") || word.equals("fail")) {
                t = t.substring(word.length()).strip();
            }
            return t.isEmpty() ? "(no message)" : t;
        }

        private static String firstWord(String text) {
            String t = text.strip();
            int end = 0;
            while (end < t.length() && !Character.isWhitespace(t.charAt(end))) {
                end++;
            }
            return t.substring(0, end);
        }
    }

    private List<Action> report(Event.ProcessCommunication m, Instant now) {
        ProcessId id = m.process();
        String ns = id.namespec();
        if (jobs.rule(id) == null) {
            return List.of(new Action.Log("ignoring a report from " + ns + ": it is no --within or --cron job"));
        }
        return switch (Report.of(m.data())) {
            case START -> {
                jobs.reportedStart(id, now);
                yield List.of();
            }
            case SUCCESS -> succeeded(id, jobs.reportedSuccess(id, now), "reported success", now);
            case FAILURE -> {
                HeartbeatJobs.Failure f = jobs.reportedFailure(id, Report.message(m.data()), now);
                List<Action> out = new ArrayList<>(failed(id, f, null, now));
                out.add(new Action.Check(m.name(), List.of(new Probe.Processes()))); // the failure ping, now
                yield out;
            }
        };
    }

    /**
     * A job's success resolves its incident, if any, saying how long the run took when it reported its start:
     * one resolution per kind the incident was told as (a failed run, then overdue), so each ends its alert.
     */
    private List<Action> succeeded(ProcessId id, HeartbeatJobs.Success done, String how, Instant now) {
        Incidents.Verdict v = incidents.good(jobKey(id), now);
        if (v.step() != Incidents.Step.RESOLVE) {
            return List.of();
        }
        String ns = id.namespec();
        String took = done.ranFor() == null ? "" : " in " + DurationText.of(done.ranFor());
        List<Action> out = new ArrayList<>();
        for (AlertKind kind : v.told().isEmpty() ? List.of(AlertKind.JOB_OVERDUE) : v.told()) {
            Alert a = alert(kind, "heartbeat: " + ns + " succeeded again",
                    ns + " " + how + " at " + time(now) + took + " (" + done.rule().text() + ").", id, null, v, now);
            out.add(new Action.Notify(withRun(a, done.ranFor())));
        }
        return out;
    }

    /** A failed run fires the job's incident at once: it is a fact, not a sample to confirm. */
    private List<Action> failed(ProcessId id, HeartbeatJobs.Failure f, ProcessInfo info, Instant now) {
        String key = jobKey(id);
        Incidents.Verdict v = incidents.fire(key, now);
        if (v.step() != Incidents.Step.FIRE) {
            return List.of(); // told already; the failure pings carry the latest
        }
        incidents.told(key, AlertKind.JOB_FAILED);
        String ns = id.namespec();
        Alert a = Alert.of(name(), AlertKind.JOB_FAILED, now).subject("heartbeat: " + ns + " failed")
                .body(failureLine(id, f) + ".").process(id).state(info == null ? null : info.stateName())
                .incident(v.key()).fact(Facts.JOB, ns).fact(Facts.MESSAGE, f.message()).build();
        return List.of(new Action.Notify(withRun(a, f.ranFor())));
    }

    private static Alert withRun(Alert a, Duration ranFor) {
        if (ranFor == null) {
            return a;
        }
        Map<String, String> facts = new LinkedHashMap<>(a.facts());
        facts.put(Facts.DURATION, DurationText.of(ranFor));
        return new Alert(a.id(), a.time(), a.source(), a.kind(), a.subject(), a.body(), a.process(), a.pid(), a.state(),
                a.resolved(), a.incident(), facts);
    }

    private String failureLine(ProcessId id, HeartbeatJobs.Failure f) {
        String took = f.ranFor() == null ? "" : " after " + DurationText.of(f.ranFor());
        return id.namespec() + " failed at " + time(f.at()) + took + ": " + f.message();
    }

    /** What supervisord tells of a job that exited unexpectedly, read as soon as the exit was seen. */
    private String exitStatus(ProcessInfo info, String state) {
        if ("BACKOFF".equals(state)) {
            return "exited within startsecs (BACKOFF)" + (info.description() == null || info.description().isBlank()
                    ? "" : ": " + info.description());
        }
        if ("FATAL".equals(state)) {
            return "could not be started (FATAL)";
        }
        if (info.pid() == 0 && (info.state() == 100 || info.state() == 200 || info.state() == 30)) {
            return "exited unexpectedly with exit status " + info.exitStatus();
        }
        return "exited unexpectedly (its exit status is gone: supervisord has started it again)";
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
                Incidents.Verdict v = incidents.good(ns, now);
                if (v.step() == Incidents.Step.RESOLVE) {
                    actions.add(new Action.Notify(alert(AlertKind.PROGRAM_DOWN, "heartbeat: " + ns + " is RUNNING again",
                            ns + " is RUNNING again; it was " + (was == null ? "down" : was.state()) + " since " + time(v.since()) + ".",
                            id, info.stateName(), v, now)));
                }
                continue;
            }
            down.putIfAbsent(id, new Down(info.stateName()));
            Incidents.Verdict v = incidents.bad(ns, now);
            if (v.alerts()) {
                actions.add(new Action.Notify(alert(AlertKind.PROGRAM_DOWN, "heartbeat: " + ns + " is " + info.stateName()
                        + v.reminderNote(), downLine(info, v.since()), id, info.stateName(), v, now)));
            }
            if (incidents.firing(ns)) {
                problems.add(downLine(info, v.since()));
            }
        }
        // A program that left supervisord's configuration is no longer down.
        for (var it = down.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!seen.contains(e.getKey())) {
                it.remove();
                String ns = e.getKey().namespec();
                boolean fired = incidents.firing(ns);
                incidents.forget(ns);
                if (fired) {
                    actions.add(new Action.Notify(alert(AlertKind.PROGRAM_DOWN, "heartbeat: " + ns + " is no longer supervised",
                            ns + " is no longer in supervisord's configuration.", e.getKey(), null, true, now)));
                }
            }
        }
        for (ProcessInfo info : snapshot.processes()) {
            String state = jobs.pendingExit(info);
            if (state != null) {
                actions.addAll(failed(info.id(), jobs.exitFailure(info.id(), exitStatus(info, state)), info, now));
            }
        }
        Set<ProcessId> overdueJobs = new HashSet<>();
        for (HeartbeatJobs.Overdue o : jobs.overdue(snapshot.processes(), now)) {
            overdueJobs.add(o.info().id());
            String ns = o.info().id().namespec();
            Incidents.Verdict v = incidents.bad(jobKey(o.info().id()), now);
            if (!incidents.firing(jobKey(o.info().id()))) {
                continue; // not confirmed yet
            }
            String started = o.started() == null ? "" : "; its run started at " + time(o.started()) + ", "
                    + DurationText.of(Duration.between(o.started(), now)) + " ago";
            String line;
            String subject;
            if (o.missed() != null) {
                Instant deadline = o.rule().deadline(o.missed());
                line = ns + " has not succeeded since its run due at " + time(o.missed()) + " (deadline " + time(deadline) + ", "
                        + o.rule().text() + ", " + o.rule().cron().zone().getId() + "); it is " + o.info().stateName() + " now" + started;
                subject = "heartbeat: " + ns + " missed its run due at " + time(o.missed());
            } else {
                line = ns + " has not exited successfully since " + time(o.lastSuccess()) + " (" + o.rule().text()
                        + "); it is " + o.info().stateName() + " now" + started;
                subject = "heartbeat: " + ns + " has not succeeded within " + o.rule().text().substring(o.rule().text().lastIndexOf('=') + 1);
            }
            HeartbeatJobs.Failure failure = jobs.failure(o.info().id());
            if (failure != null) {
                line += "\n" + failureLine(o.info().id(), failure);
            }
            problems.add(line);
            // fired now, or a further period or window has passed since the last alert
            if (v.step() == Incidents.Step.FIRE || (v.step() == Incidents.Step.NONE && o.alert())) {
                String hint = jobs.sawExit() ? "" : "\nNo PROCESS_STATE_EXITED event has reached heartbeat yet: if the job did run,"
                        + " --within and --cron need PROCESS_STATE in the listener's events= line.";
                actions.add(new Action.Notify(alert(AlertKind.JOB_OVERDUE, subject, line + "." + hint, o.info().id(),
                        o.info().stateName(), v, now)));
                incidents.told(jobKey(o.info().id()), AlertKind.JOB_OVERDUE);
            }
        }
        // failed runs of jobs not overdue (yet): listed until the job succeeds
        for (ProcessInfo info : snapshot.processes()) {
            HeartbeatJobs.Failure failure = jobs.failure(info.id());
            if (failure != null && !overdueJobs.contains(info.id()) && incidents.firing(jobKey(info.id()))) {
                problems.add(failureLine(info.id(), failure));
            }
        }
        for (String pattern : missing(snapshot.processes())) {
            problems.add(pattern + ": no such program in supervisord");
        }
        actions.add(new Action.CheckResult(jobs.isEmpty() ? "the watched programs" : "the watched programs and jobs",
                problems.isEmpty(), problems.isEmpty() ? seen.size() + " RUNNING" : String.join("; ", problems)));
        actions.add(problems.isEmpty() ? successPing() : failurePing(problems));
        return actions;
    }

    private String downLine(ProcessInfo info, Instant since) {
        String description = info.description() == null || info.description().isBlank() ? "" : " (" + info.description() + ")";
        return info.id().namespec() + " is " + info.stateName() + description + ", not RUNNING since " + time(since);
    }

    /** The incident of a job's condition, apart from the program condition of the same namespec. */
    private static String jobKey(ProcessId id) {
        return "job=" + id.namespec();
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
        return Event.Tick.period(s.tick()).multipliedBy(s.every());
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

    /** An alert of an incident: its key, and how long it lasted when it resolves. */
    private Alert alert(AlertKind kind, String subject, String body, ProcessId id, String state, Incidents.Verdict v, Instant now) {
        boolean resolved = v.step() == Incidents.Step.RESOLVE;
        Alert.Builder b = Alert.of(name(), kind, now).subject(subject).body(body).process(id).state(state)
                .resolved(resolved).incident(v.key());
        if (kind == AlertKind.JOB_OVERDUE || kind == AlertKind.JOB_FAILED) {
            b.fact(Facts.JOB, id.namespec());
        }
        if (resolved) {
            b.fact(Facts.DURATION, DurationText.of(v.lasted()));
        }
        return b.build();
    }

    private String time(Instant t) {
        return Asctime.format(t, s.zone());
    }
}
