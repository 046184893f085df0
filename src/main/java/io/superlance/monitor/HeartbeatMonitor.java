package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Asctime;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventNames;
import io.superlance.protocol.ProcessId;
import io.superlance.protocol.ProcessState;
import io.superlance.rpc.ProcessInfo;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
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
 * Jobs are {@code --within} (interval) or {@code --cron} (fixed times in a zone); a job may report for
 * itself through supervisord's PROCESS_COMMUNICATION events ({@link JobReport}), and its failed runs (its
 * own failure report, or an unexpected exit) are alerted when they happen. One {@link Incidents}
 * incident per watched program and per job; {@code --for} confirms program and overdue conditions. Its
 * incidents, the programs seen down and the jobs' clocks are kept in its journal ({@link KeepsState}): a
 * restarted listener neither alerts a condition that still lasts again nor starts a job's clock anew.
 */
public final class HeartbeatMonitor implements CheckingMonitor, TimedMonitor, NamesPrograms, KeepsState {
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

        /** Settings pinging {@code url}, with the defaults of the command's options; change what differs. */
        public static Builder of(String url) {
            return new Builder(url);
        }
    }

    /** {@link Settings} with the command's defaults: every program, TICK_60, POST, 10 s, 2 retries, {@code --for 1}. */
    public static final class Builder {
        private final String url;
        private String tick = EventNames.TICK_60;
        private ProgramSelector programs = ProgramSelector.of(List.of(), true);
        private int every = 1;
        private String failUrl;
        private String failParam;
        private String method = "POST";
        private Duration timeout = Duration.ofSeconds(10);
        private int retries = 2;
        private List<Within> within = List.of();
        private String host = io.superlance.alert.LocalHost.name();
        private ZoneId zone;
        private int forChecks = 1;
        private List<Cron> cron = List.of();
        private boolean exitAlerts = true;

        private Builder(String url) {
            this.url = url;
            this.failUrl = url + "/fail";
        }

        public Builder tick(String tick) {
            this.tick = tick;
            return this;
        }
        public Builder programs(ProgramSelector programs) {
            this.programs = programs;
            return this;
        }
        public Builder every(int every) {
            this.every = every;
            return this;
        }
        public Builder failUrl(String failUrl) {
            this.failUrl = failUrl;
            return this;
        }
        public Builder failParam(String failParam) {
            this.failParam = failParam;
            return this;
        }
        public Builder method(String method) {
            this.method = method;
            return this;
        }
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }
        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }
        public Builder within(List<Within> within) {
            this.within = within;
            return this;
        }
        public Builder host(String host) {
            this.host = host;
            return this;
        }
        public Builder zone(ZoneId zone) {
            this.zone = zone;
            return this;
        }
        public Builder forChecks(int forChecks) {
            this.forChecks = forChecks;
            return this;
        }
        public Builder cron(List<Cron> cron) {
            this.cron = cron;
            return this;
        }
        public Builder exitAlerts(boolean exitAlerts) {
            this.exitAlerts = exitAlerts;
            return this;
        }

        public Settings build() {
            return new Settings(tick, programs, every, url, failUrl, failParam, method, timeout, retries, within, host, zone,
                    forChecks, cron, exitAlerts);
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

    private final Settings s;
    private final HeartbeatJobs jobs;
    private final Set<String> events;
    // One incident per program condition (WHAT = its namespec) and per job (job=NAMESPEC).
    private final Incidents incidents;
    private final ProgramsDown programsDown;
    private final JobAlerts jobAlerts;
    private final HeartbeatPings pings;

    private long ticks;
    private int exitRetries;

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
        this.programsDown = new ProgramsDown(settings.programs(), incidents, settings.zone());
        this.jobAlerts = new JobAlerts(jobs, incidents, settings.zone());
        this.pings = new HeartbeatPings(settings);
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
        List<ProgramName> names = new ArrayList<>(s.programs().names("-p"));
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
            return List.of(new Action.Check(tick.name()));
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
                    return List.of(new Action.Check(c.name()), new Action.Wake(now.plus(EXIT_RETRY)));
                }
                return List.of();
            }
            if (c.state() == ProcessState.EXITED) {
                HeartbeatJobs.Success done = jobs.exitedExpectedly(c.process(), now);
                return done == null ? List.of() : jobAlerts.succeeded(c.process(), done, "exited successfully", now);
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
        return List.of(new Action.Check("exit status"), new Action.Wake(now.plus(EXIT_RETRY)));
    }

    @Override
    public List<Action> onStop(Instant now) {
        return List.of();
    }

    /** Its incidents, the watched programs seen down ({@code down GROUP:NAME} = the state first seen) and the jobs' clocks. */
    @Override
    public Map<String, String> state() {
        Map<String, String> m = new LinkedHashMap<>(incidents.state());
        m.putAll(programsDown.state());
        m.putAll(jobs.state());
        return m;
    }

    @Override
    public List<String> restore(Map<String, String> state) {
        List<String> rejected = new ArrayList<>(incidents.restore(state));
        programsDown.restore(state, rejected);
        jobs.restore(state, rejected);
        return rejected;
    }

    private List<Action> report(Event.ProcessCommunication m, Instant now) {
        ProcessId id = m.process();
        String ns = id.namespec();
        if (jobs.rule(id) == null) {
            return List.of(new Action.Log("ignoring a report from " + ns + ": it is no --within or --cron job"));
        }
        return switch (JobReport.of(m.data())) {
            case START -> {
                jobs.reportedStart(id, now);
                yield List.of();
            }
            case SUCCESS -> jobAlerts.succeeded(id, jobs.reportedSuccess(id, now), "reported success", now);
            case FAILURE -> {
                HeartbeatJobs.Failure f = jobs.reportedFailure(id, JobReport.message(m.data()), now);
                List<Action> out = new ArrayList<>(jobAlerts.failed(id, f, null, now));
                out.add(new Action.Check(m.name())); // the failure ping, now
                yield out;
            }
        };
    }

    /** The process list, the judgement of programs and jobs, then the success or failure ping. */
    @Override
    public void check(String trigger, CheckOperations ops, Guard guard) throws IOException {
        List<ProcessInfo> processes = ops.processes();
        Action.Ping ping = guard.decide((now, actions) -> judge(processes, now, actions));
        if (ping != null) {
            ops.ping(ping);
        }
    }

    /** What the process list says of the watched programs and jobs, under the monitor's lock. @return the ping to send */
    private Action.Ping judge(List<ProcessInfo> processes, Instant now, List<Action> actions) {
        List<String> problems = new ArrayList<>();
        int running = programsDown.judge(processes, id -> jobs.rule(id) != null, now, actions, problems);
        actions.addAll(jobAlerts.exitsRead(processes, now));
        jobAlerts.overdue(processes, now, actions, problems);
        for (String pattern : missing(processes)) {
            problems.add(pattern + ": no such program in supervisord");
        }
        actions.add(new Action.CheckResult(jobs.isEmpty() ? "the watched programs" : "the watched programs and jobs",
                problems.isEmpty(), problems.isEmpty() ? running + " RUNNING" : String.join("; ", problems)));
        return problems.isEmpty() ? pings.success() : pings.failure(problems);
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
        return pings.success();
    }

    @Override
    public Alert sampleAlert(Instant now) {
        return Alert.of(name(), AlertKind.PROGRAM_DOWN, now).subject("heartbeat: web is STOPPED")
                .body("web is STOPPED (sample), not RUNNING since " + Asctime.format(now, s.zone()))
                .process(new ProcessId("web", "web")).state("STOPPED").build();
    }
}
