package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Facts;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventNames;
import io.superlance.protocol.ProcessId;
import io.superlance.rpc.ProcessInfo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * httpok: on each TICK, GETs a URL; a timeout, a status not in the expected ones, a missing body string
 * or a failed {@code --json} check restarts the selected RUNNING processes (after a gcore when a core
 * directory is set) and sends one alert with what was done, worded as superlance's httpok words it.
 * With no program selected it only alerts. Beyond superlance: {@code --grace}, {@code --max-restarts},
 * {@code --json}. The restart budget and the alerts still firing are kept on disk ({@link KeepsState}),
 * so a restarted listener neither renews the budget nor forgets to resolve what it raised.
 */
public final class HttpOkMonitor implements CheckingMonitor, KeepsState {
    private static final String FIRING = "firing";

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
    }

    private final Settings s;
    private final RestartBudget budget;

    // The alert waiting for the restarts' outcome.
    private Pending pending;
    // The kinds of URL alerts raised since the URL last answered well: resolved when it does again.
    private final Set<AlertKind> firing = new LinkedHashSet<>();

    private record Pending(AlertKind kind, String subject, List<String> lines, List<Line> perProcess, List<String> trailer) {
    }

    /** One process's part of the alert: a fixed text, or (text null) the report of its restart, still to come. */
    private record Line(ProcessId process, String text) {
    }

    public HttpOkMonitor(Settings settings, RestartBudget budget) {
        this.s = settings;
        this.budget = budget;
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

    @Override
    public List<Action> onEvent(Event event, Instant now) {
        if (!(event instanceof Event.Tick tick)) {
            return List.of();
        }
        if (s.programs() == null && s.eager()) {
            // Alert only: no process is looked at, so the check does not depend on supervisord answering.
            return List.of(new Action.Check(tick.name(), List.of(new Probe.HttpGet(s.url(), s.timeout()))));
        }
        // The process list first: not-eager and --grace depend on it, and a restart needs it.
        return List.of(new Action.Check(tick.name(), List.of(new Probe.Processes())));
    }

    @Override
    public Map<String, String> state() {
        Map<String, String> m = new LinkedHashMap<>(budget.state());
        if (!firing.isEmpty()) {
            m.put(FIRING, firing.stream().map(AlertKind::wire).collect(Collectors.joining("\n")));
        }
        return m;
    }

    @Override
    public List<String> restore(Map<String, String> state) {
        List<String> rejected = new ArrayList<>();
        budget.restore(state, rejected);
        KeepsState.restoreEach(state, FIRING, (k, kinds) -> {
            for (String kind : kinds.split("\n")) {
                firing.add(AlertKind.fromWire(kind));
            }
        }, rejected);
        return rejected;
    }

    @Override
    public List<Action> decide(Snapshot snapshot, Instant now) {
        if (snapshot.effects() != null) {
            return reportRestarts(snapshot.effects(), now);
        }
        if (snapshot.processes() == null && snapshot.http() == null) {
            return List.of();
        }
        List<ProcessInfo> processes = snapshot.processes() == null ? List.of() : snapshot.processes();
        if (snapshot.http() == null) {
            if (!s.eager() && selected(processes).stream().noneMatch(ProcessInfo::running)) {
                return List.of(); // superlance: not eager, nothing selected is RUNNING, no check
            }
            return List.of(new Action.Check("check", List.of(new Probe.HttpGet(s.url(), s.timeout()))));
        }
        Problem problem = problem(snapshot.http());
        if (problem == null) {
            return resolveFiring(snapshot.http(), now);
        }
        return act(problem, processes, now);
    }

    private record Problem(AlertKind kind, String subject, String message) {
    }

    /** superlance's order: status first, then the body string; then our JSON checks. */
    private Problem problem(Snapshot.HttpResult http) {
        String message = http.answered()
                ? "status contacting " + s.url() + ": " + http.status() + " " + http.reason()
                : "error contacting " + s.url() + ":\n\n " + http.error();
        if (!http.answered() || !s.codes().contains(http.status())) {
            return new Problem(AlertKind.HTTP_BAD_STATUS, subject(s.url() + ": bad status returned"), message);
        }
        if (s.body() != null && !http.body().contains(s.body())) {
            return new Problem(AlertKind.HTTP_BAD_BODY, subject(s.url() + ": bad body returned"), message);
        }
        if (!s.json().isEmpty()) {
            List<String> failures = new ArrayList<>();
            try {
                Object doc = JsonCheck.document(http.body());
                for (JsonCheck check : s.json()) {
                    String f = check.failure(doc);
                    if (f != null) {
                        failures.add(f);
                    }
                }
            } catch (IllegalArgumentException e) {
                failures.add("the answer is " + e.getMessage());
            }
            if (!failures.isEmpty()) {
                return new Problem(AlertKind.HTTP_BAD_METRIC, subject(s.url() + ": bad metric returned"),
                        message + "\n" + String.join("\n", failures));
            }
        }
        return null;
    }

    private List<Action> act(Problem problem, List<ProcessInfo> processes, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add(problem.message());
        List<Action> actions = new ArrayList<>();
        if (s.programs() == null) {
            lines.add("Restarting selected processes []"); // superlance's httpok says so without -p too
            actions.add(urlAlert(problem.kind(), problem.subject(), lines, now));
            return actions;
        }
        lines.add(s.programs().any() ? "Restarting all running processes"
                : "Restarting selected processes " + pythonList(s.programs().patterns()));
        // superlance's order: each process in supervisord's order, with what was done to it
        List<Line> perProcess = new ArrayList<>();
        List<Action> effects = new ArrayList<>();
        int inGrace = 0;
        int considered = 0;
        for (ProcessInfo info : selected(processes)) {
            String ns = info.id().namespec();
            if (!info.running()) {
                perProcess.add(new Line(info.id(), ns + " not in RUNNING state, NOT restarting"));
                continue;
            }
            considered++;
            if (s.grace() != null && info.uptime().compareTo(s.grace()) < 0) {
                inGrace++;
                perProcess.add(new Line(info.id(), ns + " started " + info.uptime().toSeconds() + " s ago, within --grace "
                        + s.graceText() + ", NOT restarting"));
                continue;
            }
            if (!budget.allows(info.id(), now)) {
                RestartBudget.Limit l = budget.limit();
                perProcess.add(new Line(info.id(), ns + " was " + l.describe() + ", NOT restarting"));
                if (budget.firstRefusal(info.id())) {
                    actions.add(new Action.Notify(alert(AlertKind.RESTART_LIMIT_REACHED, subject(ns
                            + ": not restarted: --max-restarts " + l.text() + " reached"), List.of(problem.message(),
                            ns + " was " + l.describe() + ". httpok leaves it alone until fewer restarts fall within "
                                    + l.windowText() + "."), info, now)));
                }
                continue;
            }
            budget.record(info.id(), now);
            if (s.coreDir() != null && s.gcore() != null && !s.gcore().isBlank()) {
                String core = s.coreDir().resolve(ns).toString();
                effects.add(new Action.DumpCore(info.id(), info.pid(), s.gcore() + " \"" + core + "\" " + info.pid()));
            }
            effects.add(new Action.Restart(info));
            perProcess.add(new Line(info.id(), null));
        }
        List<String> missing = missing(processes);
        List<String> trailer = missing.isEmpty() ? List.of()
                : List.of("Programs not restarted because they did not exist: " + pythonList(missing));
        if (considered > 0 && inGrace == considered) {
            // The server is still coming up after a (re)start: expected, not worth an alert.
            actions.add(new Action.Log(problem.subject() + ", but " + String.join("; ", fill(perProcess, List.of()))));
            return actions;
        }
        if (effects.isEmpty()) {
            lines.addAll(fill(perProcess, List.of()));
            lines.addAll(trailer);
            actions.add(urlAlert(problem.kind(), problem.subject(), lines, now));
            return actions;
        }
        pending = new Pending(problem.kind(), problem.subject(), lines, perProcess, trailer);
        actions.add(new Action.Log(problem.subject() + ": restarting"));
        actions.addAll(effects);
        return actions;
    }

    private List<Action> reportRestarts(List<Snapshot.Effect> effects, Instant now) {
        Pending p = pending;
        pending = null;
        if (p == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(p.lines());
        lines.addAll(fill(p.perProcess(), effects));
        lines.addAll(p.trailer());
        return List.of(urlAlert(p.kind(), p.subject(), lines, now));
    }

    /** The per-process lines, each restart's place taken by the reports of its effects (core dump, then restart). */
    private static List<String> fill(List<Line> perProcess, List<Snapshot.Effect> effects) {
        List<String> lines = new ArrayList<>();
        List<Snapshot.Effect> left = new ArrayList<>(effects);
        for (Line line : perProcess) {
            if (line.text() != null) {
                lines.add(line.text());
                continue;
            }
            for (var it = left.iterator(); it.hasNext(); ) {
                Snapshot.Effect e = it.next();
                ProcessId of = e.action() instanceof Action.Restart r ? r.process().id()
                        : e.action() instanceof Action.DumpCore d ? d.process() : null;
                if (line.process().equals(of)) {
                    lines.addAll(e.report());
                    it.remove();
                }
            }
        }
        for (Snapshot.Effect e : left) {
            lines.addAll(e.report());
        }
        return lines;
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

    /** An alert about the URL (not one process), remembered so a good answer later resolves it. */
    private Action urlAlert(AlertKind kind, String subject, List<String> lines, Instant now) {
        firing.add(kind);
        return new Action.Notify(alert(kind, subject, lines, null, now));
    }

    /**
     * The URL answers well again: one resolved alert per kind raised, for channels that track state
     * (Alertmanager, webhooks); mail leaves resolved alerts out, so httpok's mail stays superlance's.
     */
    private List<Action> resolveFiring(Snapshot.HttpResult http, Instant now) {
        List<Action> actions = new ArrayList<>();
        for (AlertKind kind : firing) {
            Alert a = alert(kind, subject(s.url() + ": ok again"),
                    List.of("status contacting " + s.url() + ": " + http.status() + " " + http.reason()), null, now);
            actions.add(new Action.Notify(a.withResolved(true)));
        }
        firing.clear();
        return actions;
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
                List.of("status contacting " + s.url() + ": 503 Service Unavailable"), null, now);
    }

    private Alert alert(AlertKind kind, String subject, List<String> lines, ProcessInfo process, Instant now) {
        ProcessId id = process == null ? null : process.id();
        Integer pid = process == null || process.pid() == 0 ? null : process.pid();
        return Alert.of(name(), kind, now).subject(subject).body(String.join("\n", lines))
                .process(id).pid(pid).state(process == null ? null : process.stateName()).fact(Facts.URL, s.url()).build();
    }

    private String subject(String text) {
        return s.name() == null ? "httpok: " + text : "httpok [" + s.name() + "]: " + text;
    }
}
