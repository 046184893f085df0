package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Asctime;
import io.superlance.alert.DurationText;
import io.superlance.alert.Facts;
import io.superlance.alert.LocalHost;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventNames;
import io.superlance.protocol.ProcessId;
import io.superlance.rpc.ProcessInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * httpok: on each TICK, GETs a URL; a timeout, a status not in the expected ones, a missing body string
 * or a failed {@code --json} check restarts the selected RUNNING processes (after a gcore when a core
 * directory is set) and sends one alert with what was done, worded as superlance's httpok words it.
 * With no program selected it only alerts. Beyond superlance: {@code --grace}, {@code --max-restarts},
 * {@code --json}, and {@link Incidents}: each check of the URL (status, body, each JSON check) is an
 * incident, confirmed by {@code --for} consecutive bad checks before it restarts or alerts, reminded at
 * most every {@code --repeat} and resolved once. Restarts stay reported one message each, as superlance
 * does. The restart budget and the incidents are kept on disk ({@link KeepsState}), so a restarted
 * listener neither renews the budget nor forgets to resolve what it raised.
 */
public final class HttpOkMonitor implements CheckingMonitor, KeepsState, NamesPrograms {
    private static final String STATUS = "status";
    private static final String BODY = "body";

    /**
     * @param programs  which processes to restart; null when none is selected (alert only)
     * @param body      a string the answer must contain, or null
     * @param eager     check even when no selected process is RUNNING
     * @param name      {@code -n}, or null
     * @param coreDir   {@code -d}: gcore into this directory before a restart; null for no core dumps
     * @param grace     leave alone a process started less than this ago; null or zero for none
     */
    public record Settings(String url, Duration timeout, Set<Integer> codes, String body, List<JsonCheck> json,
                           boolean eager, String name, ProgramSelector programs, String gcore, Path coreDir,
                           Duration grace, String graceText) {
        public Settings {
            codes = Set.copyOf(codes);
            json = List.copyOf(json);
        }

        /** Settings checking {@code url}, with the defaults of the command's options; change what differs. */
        public static Builder of(String url) {
            return new Builder(url);
        }
    }

    /** {@link Settings} with the command's defaults: 10 s, status 200, eager, no programs to restart, gcore's default. */
    public static final class Builder {
        private final String url;
        private Duration timeout = Duration.ofSeconds(10);
        private Set<Integer> codes = Set.of(200);
        private String body;
        private List<JsonCheck> json = List.of();
        private boolean eager = true;
        private String name;
        private ProgramSelector programs;
        private String gcore = "/usr/bin/gcore -o";
        private Path coreDir;
        private Duration grace;
        private String graceText;

        private Builder(String url) {
            this.url = url;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder codes(Set<Integer> codes) {
            this.codes = codes;
            return this;
        }

        public Builder body(String body) {
            this.body = body;
            return this;
        }

        public Builder json(List<JsonCheck> json) {
            this.json = json;
            return this;
        }

        public Builder eager(boolean eager) {
            this.eager = eager;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder programs(ProgramSelector programs) {
            this.programs = programs;
            return this;
        }

        public Builder gcore(String gcore) {
            this.gcore = gcore;
            return this;
        }

        public Builder coreDir(Path coreDir) {
            this.coreDir = coreDir;
            return this;
        }

        public Builder grace(Duration grace) {
            this.grace = grace;
            return this;
        }

        public Builder graceText(String graceText) {
            this.graceText = graceText;
            return this;
        }

        public Settings build() {
            return new Settings(url, timeout, codes, body, json, eager, name, programs, gcore, coreDir, grace, graceText);
        }
    }

    private final Settings s;
    private final RestartBudget budget;

    private final Incidents incidents;
    // supervisord's time of the tick being checked: incidents follow its clock (and tests can set it)
    private Instant tickTime;

    /** With superlance's behaviour: every bad check counts, reminders every {@link Incidents#DEFAULT_REPEAT}. */
    public HttpOkMonitor(Settings settings, RestartBudget budget) {
        this(settings, budget, new Incidents(LocalHost.name(), "httpok", 1, Incidents.DEFAULT_REPEAT, true));
    }

    public HttpOkMonitor(Settings settings, RestartBudget budget, Incidents incidents) {
        this.s = settings;
        this.budget = budget;
        this.incidents = incidents;
    }

    @Override
    public String name() {
        return "httpok";
    }

    public Settings settings() {
        return s;
    }

    @Override
    public Set<String> events() {
        return Set.copyOf(EventNames.TICKS);
    }

    /** {@code -p NAME}: the programs it restarts. */
    @Override
    public List<ProgramName> programNames() {
        return s.programs() == null ? List.of() : s.programs().names("-p");
    }

    @Override
    public List<Action> onEvent(Event event, Instant now) {
        if (!(event instanceof Event.Tick tick)) {
            return List.of();
        }
        tickTime = tick.when() > 0 ? Instant.ofEpochSecond(tick.when()) : now;
        return List.of(new Action.Check(tick.name()));
    }

    @Override
    public Map<String, String> state() {
        Map<String, String> m = new LinkedHashMap<>(budget.state());
        m.putAll(incidents.state());
        return m;
    }

    @Override
    public List<String> restore(Map<String, String> state) {
        List<String> rejected = new ArrayList<>();
        budget.restore(state, rejected);
        rejected.addAll(incidents.restore(state));
        return rejected;
    }

    /**
     * superlance's act(): the process list (not-eager and --grace depend on it, and a restart needs it), the
     * GET, the judgement, the restarts (each after its core dump), and the alert saying what they did.
     */
    @Override
    public void check(String trigger, CheckOperations ops, Guard guard) throws IOException {
        // Alert only: no process is looked at, so the check does not depend on supervisord answering.
        List<ProcessInfo> processes = s.programs() == null && s.eager() ? List.of() : ops.processes();
        if (!s.eager() && selected(processes).stream().noneMatch(ProcessInfo::running)) {
            return; // superlance: not eager, nothing selected is RUNNING, no check
        }
        HttpResult answer = ops.get(probe());
        Restarts plan = guard.decide((now, actions) -> judge(answer, processes, now, actions));
        if (plan == null) {
            return;
        }
        List<String> report = new ArrayList<>(plan.lines());
        boolean done = false;
        for (PerProcess p : plan.perProcess()) {
            if (p instanceof Said said) {
                report.add(said.text());
            } else if (p instanceof Restarting r) {
                if (r.dump() != null) {
                    done |= reported(ops.dumpCore(r.dump()), report);
                }
                Effect restarted = ops.restart(r.restart());
                if (restarted == null) {
                    guard.decide((now, actions) -> {
                        budget.notBegun(r.restart().process().id());
                        return null;
                    });
                }
                done |= reported(restarted, report);
            }
        }
        if (done) {
            report.addAll(plan.trailer());
            guard.decide((now, actions) -> actions.add(urlAlert(plan.confirmed(), report, now)));
        } else if (plan.confirmed().verdict().step() == Incidents.Step.FIRE) {
            // nothing begun, nothing said: the incident is not told, or it would never be (a later check finds it
            // firing already) and its "ok again" would resolve an alert nobody got
            guard.decide((now, actions) -> {
                incidents.untold(what(plan.confirmed().problem().check()));
                return null;
            });
        }
    }

    /** Adds what a restart or core dump did to the alert's lines. @return false when it was not begun (the listener is stopping) */
    private static boolean reported(Effect effect, List<String> report) {
        if (effect == null) {
            return false;
        }
        report.addAll(effect.report());
        return true;
    }

    /** What one answer decides, under the monitor's lock: incidents, alerts, and the restarts to do, or null for none. */
    private Restarts judge(HttpResult http, List<ProcessInfo> processes, Instant now, List<Action> actions) {
        Instant at = tickTime != null ? tickTime : now;
        tickTime = null;
        Checked checked = examine(http);
        actions.add(result(checked, http));
        List<Confirmed> confirmed = new ArrayList<>();
        for (Problem p : checked.bad()) {
            Incidents.Verdict v = incidents.bad(what(p.check()), at);
            if (v.step() == Incidents.Step.PENDING) {
                actions.add(new Action.Log(said(p) + " (check " + v.count() + " of --for " + v.forChecks()
                        + ": not yet an incident)"));
            } else {
                confirmed.add(new Confirmed(p, v));
            }
        }
        Restarts plan = confirmed.isEmpty() ? null : act(confirmed, processes, now, actions);
        for (String check : checked.good()) {
            Incidents.Verdict v = incidents.good(what(check), at);
            if (v.step() == Incidents.Step.RESOLVE) {
                actions.add(new Action.Notify(resolution(check, v, http, now)));
            }
        }
        return plan;
    }

    /** One failed check: what superlance's httpok says about it, and in a few words ({@code reason}). */
    private record Problem(AlertKind kind, String check, String subject, String message, String reason) {
    }

    /** The check's outcome in a few words: the status when all is well, else what failed. */
    private Action.CheckResult result(Checked checked, HttpResult http) {
        List<String> failed = checked.bad().stream().map(Problem::reason).toList();
        return new Action.CheckResult("GET " + s.url(), failed.isEmpty(),
                failed.isEmpty() ? (http.status() + " " + http.reason()).strip() : String.join("; ", failed)); // HTTP/2 has no reason
    }

    /** The GET each check does; {@code --test-alert} does it once. */
    public HttpGet probe() {
        return new HttpGet(s.url(), s.timeout());
    }

    /** What a check would make of the answer: null when all is well, else each failed check's subject and message. */
    public String verdict(HttpResult http) {
        List<String> said = new ArrayList<>();
        for (Problem p : examine(http).bad()) {
            said.add(p.subject() + ": " + p.message().replace("\n\n", " ").replace('\n', ' '));
        }
        return said.isEmpty() ? null : String.join("; ", said);
    }

    /** A failed check that is an incident now (fired, or firing still), with what {@link Incidents} said. */
    private record Confirmed(Problem problem, Incidents.Verdict verdict) {
    }

    /** What one answer says of each check: those that failed, and the names of those that passed. */
    private record Checked(List<Problem> bad, List<String> good) {
    }

    /**
     * superlance's order: status first (no answer or a wrong status leaves the other checks unknown, neither
     * good nor bad), then the body string, then our JSON checks, each its own incident.
     */
    private Checked examine(HttpResult http) {
        String message = http.answered()
                ? "status contacting " + s.url() + ": " + http.status() + " " + http.reason()
                : "error contacting " + s.url() + ":\n\n " + http.error();
        if (!http.answered() || !s.codes().contains(http.status())) {
            return new Checked(List.of(new Problem(AlertKind.HTTP_BAD_STATUS, STATUS, subject(s.url() + ": bad status returned"),
                    message, http.answered() ? ("bad status " + http.status() + " " + http.reason()).strip() : http.error())), List.of());
        }
        List<Problem> bad = new ArrayList<>();
        List<String> good = new ArrayList<>(List.of(STATUS));
        if (s.body() != null) {
            if (http.body().contains(s.body())) {
                good.add(BODY);
            } else {
                bad.add(new Problem(AlertKind.HTTP_BAD_BODY, BODY, subject(s.url() + ": bad body returned"), message,
                        "the body lacks " + s.body()));
            }
        }
        if (!s.json().isEmpty()) {
            Object doc = null;
            String unreadable = null;
            try {
                doc = JsonCheck.document(http.body());
            } catch (IllegalArgumentException e) {
                unreadable = "the answer is " + e.getMessage();
            }
            for (JsonCheck check : s.json()) {
                String f = unreadable != null ? unreadable : check.failure(doc);
                if (f == null) {
                    good.add(check.text());
                } else {
                    bad.add(new Problem(AlertKind.HTTP_BAD_METRIC, check.text(), subject(s.url() + ": bad metric returned"),
                            message + "\n" + f, f));
                }
            }
        }
        return new Checked(bad, good);
    }

    /**
     * The restarts an incident asks for, and the alert that reports them: its first lines, one entry per
     * selected process in supervisord's order, then the programs that did not exist.
     */
    private record Restarts(Confirmed confirmed, List<String> lines, List<PerProcess> perProcess, List<String> trailer) {
    }

    /** One selected process's part of the restart alert. */
    private sealed interface PerProcess {
    }

    /** Left alone, and why. */
    private record Said(String text) implements PerProcess {
    }

    /** Restarted, after its core is dumped when {@code dump} is not null; the alert says what they did. */
    private record Restarting(Action.DumpCore dump, Action.Restart restart) implements PerProcess {
    }

    /**
     * Restarts as superlance does on every confirmed bad check, each restart reported in one message; where
     * nothing is restarted, the alert is the incident's: when it fires and when a reminder is due.
     *
     * @return the restarts to do, or null when there are none
     */
    private Restarts act(List<Confirmed> confirmed, List<ProcessInfo> processes, Instant now, List<Action> actions) {
        if (s.programs() == null) {
            for (Confirmed c : confirmed) {
                if (c.verdict().tells()) {
                    List<String> lines = new ArrayList<>();
                    lines.add(c.problem().message());
                    lines.add("Restarting selected processes []"); // superlance's httpok says so without -p too
                    actions.add(urlAlert(c, lines, now));
                }
            }
            return null;
        }
        Confirmed main = confirmed.get(0);
        Problem problem = main.problem();
        List<String> lines = new ArrayList<>();
        lines.add(problem.message());
        lines.add(s.programs().any() ? "Restarting all running processes"
                : "Restarting selected processes " + pythonList(s.programs().patterns()));
        // superlance's order: each process in supervisord's order, with what was done to it
        List<PerProcess> perProcess = new ArrayList<>();
        List<String> said = new ArrayList<>();
        boolean restarts = false;
        int inGrace = 0;
        int considered = 0;
        for (ProcessInfo info : selected(processes)) {
            String ns = info.id().namespec();
            String text = null;
            if (!info.running()) {
                text = ns + " not in RUNNING state, NOT restarting";
            } else if (s.grace() != null && info.uptime().compareTo(s.grace()) < 0) {
                considered++;
                inGrace++;
                text = ns + " started " + info.uptime().toSeconds() + " s ago, within --grace " + s.graceText() + ", NOT restarting";
            } else if (!budget.allows(info.id(), now)) {
                considered++;
                RestartBudget.Limit l = budget.limit();
                text = ns + " was " + l.describe() + ", NOT restarting";
                if (budget.firstRefusal(info.id())) {
                    actions.add(new Action.Notify(alert(AlertKind.RESTART_LIMIT_REACHED, subject(ns
                            + ": not restarted: --max-restarts " + l.text() + " reached"), List.of(problem.message(),
                            ns + " was " + l.describe() + ". httpok leaves it alone until fewer restarts fall within "
                                    + l.windowText() + "."), info, now).build()));
                }
            }
            if (text != null) {
                perProcess.add(new Said(text));
                said.add(text);
                continue;
            }
            considered++;
            budget.record(info.id(), now);
            Action.DumpCore dump = null;
            if (s.coreDir() != null && s.gcore() != null && !s.gcore().isBlank()) {
                String core = s.coreDir().resolve(ns).toString();
                dump = new Action.DumpCore(info.id(), info.pid(), s.gcore() + " \"" + core + "\" " + info.pid());
            }
            perProcess.add(new Restarting(dump, new Action.Restart(info)));
            restarts = true;
        }
        // the other checks failing at the same time: their incidents' own alerts
        for (Confirmed c : confirmed.subList(1, confirmed.size())) {
            if (c.verdict().tells()) {
                actions.add(urlAlert(c, List.of(c.problem().message()), now));
            }
        }
        List<String> missing = missing(processes);
        List<String> trailer = missing.isEmpty() ? List.of()
                : List.of("Programs not restarted because they did not exist: " + pythonList(missing));
        if (considered > 0 && inGrace == considered) {
            // The server is still coming up after a (re)start: expected, not worth an alert.
            actions.add(new Action.Log(said(problem) + ", but " + String.join("; ", said)));
            return null;
        }
        if (!restarts) {
            if (main.verdict().tells()) {
                lines.addAll(said);
                lines.addAll(trailer);
                actions.add(urlAlert(main, lines, now));
            }
            return null;
        }
        actions.add(new Action.Log(said(problem) + ": restarting"));
        return new Restarts(main, lines, perProcess, trailer);
    }

    /** A list of names as superlance's httpok printed it (Python's repr of a list): {@code ['web', 'api']}. */
    static String pythonList(List<String> names) {
        StringBuilder b = new StringBuilder("[");
        for (String n : names) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append('\'').append(n.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
        }
        return b.append(']').toString();
    }

    /**
     * An alert about the URL's incident: superlance's subject and lines when it fires (or restarts), with
     * how long it has lasted on a reminder.
     */
    private Action urlAlert(Confirmed c, List<String> lines, Instant now) {
        Incidents.Verdict v = c.verdict();
        Problem p = c.problem();
        String subject = p.subject();
        List<String> all = new ArrayList<>(lines);
        if (v.step() == Incidents.Step.REMIND) {
            String lasted = DurationText.of(v.lasted());
            subject = subject + v.reminderNote();
            all.add(0, "Still failing after " + lasted + " (since " + Asctime.format(v.since(), null) + ", " + v.count() + " bad checks"
                    + ", reminder " + (v.reminders() + 1) + ").");
        }
        return new Action.Notify(alert(p.kind(), subject, all, null, now).incident(v.key()).fact(Facts.CHECK, p.check())
                .fact(Facts.DURATION, v.step() == Incidents.Step.FIRE ? null : DurationText.of(v.lasted())).build());
    }

    /** The check passes again after its incident fired: one resolved alert, of the kind that fired. */
    private Alert resolution(String check, Incidents.Verdict v, HttpResult http, Instant now) {
        AlertKind kind = check.equals(STATUS) ? AlertKind.HTTP_BAD_STATUS
                : check.equals(BODY) ? AlertKind.HTTP_BAD_BODY : AlertKind.HTTP_BAD_METRIC;
        String lasted = DurationText.of(v.lasted());
        return alert(kind, subject(s.url() + ": ok again"),
                List.of("status contacting " + s.url() + ": " + http.status() + " " + http.reason()), null, now)
                .incident(v.key()).fact(Facts.CHECK, check).fact(Facts.DURATION, lasted).resolved(true).build();
    }

    /** What an incident of this monitor checks: the URL and one of its checks. */
    private String what(String check) {
        return s.url() + " " + check;
    }

    private List<ProcessInfo> selected(List<ProcessInfo> processes) {
        if (s.programs() == null) {
            return List.of();
        }
        return processes.stream().filter(i -> s.programs().matches(i.id())).toList();
    }

    /** -p names that match no process, as superlance reports them. */
    private List<String> missing(List<ProcessInfo> processes) {
        if (s.programs() == null || s.programs().any()) {
            return List.of();
        }
        Set<String> missing = new LinkedHashSet<>(s.programs().patterns());
        for (String pattern : s.programs().patterns()) {
            ProgramSelector one = ProgramSelector.of(List.of(pattern), false);
            for (ProcessInfo info : processes) {
                if (one.matches(info.id())) {
                    missing.remove(pattern);
                }
            }
        }
        return List.copyOf(missing);
    }

    @Override
    public Alert sampleAlert(Instant now) {
        return alert(AlertKind.HTTP_BAD_STATUS, subject(s.url() + ": bad status returned"),
                List.of("status contacting " + s.url() + ": 503 Service Unavailable"), null, now)
                .incident(incidents.key(what(STATUS))).fact(Facts.CHECK, STATUS).build();
    }

    private Alert.Builder alert(AlertKind kind, String subject, List<String> lines, ProcessInfo process, Instant now) {
        ProcessId id = process == null ? null : process.id();
        Integer pid = process == null || process.pid() == 0 ? null : process.pid();
        return Alert.of(name(), kind, now).subject(subject).body(String.join("\n", lines))
                .process(id).pid(pid).state(process == null ? null : process.stateName()).fact(Facts.URL, s.url());
    }

    /** A problem in the log: its subject without the leading httpok, which the log line names already. */
    private String said(Problem p) {
        return p.subject().substring(subject("").length());
    }

    private String subject(String text) {
        return s.name() == null ? "httpok: " + text : "httpok [" + s.name() + "]: " + text;
    }
}
