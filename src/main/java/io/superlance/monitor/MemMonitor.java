package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.LocalHost;
import io.superlance.alert.SizeText;
import io.superlance.proc.ProcessTree;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventNames;
import io.superlance.protocol.ProcessId;
import io.superlance.rpc.ProcessInfo;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * memmon: on each TICK, restarts the supervised processes whose RSS (with {@code -c}, of the process and
 * all its descendants) is over their limit, and mails about it as superlance's memmon does.
 * Beyond superlance: {@code --for N} consecutive checks over the limit before a restart, and a
 * {@link RestartBudget} past which a program is left alone with one alert. A process over its limit is an
 * {@link Incidents} incident (key: GROUP:NAME) that fires when {@code --for} confirms it, which is when it is
 * restarted (and forgotten) or, past the budget, stays firing until it is under its limit again; it alerts
 * through the restart's own mail, not as an incident. Both are kept on disk ({@link KeepsState}):
 * restarting the listener renews neither.
 */
public final class MemMonitor implements CheckingMonitor, KeepsState, NamesPrograms {
    /** Python's time.asctime(), which superlance's memmon puts in its mail body. */
    // time.asctime() and time.strftime('%Z'), as superlance's memmon wrote them
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy z", Locale.ROOT);

    private final MemoryLimits limits;
    private final boolean cumulative;
    private final Duration mailUptimeLimit;
    private final String name;
    private final RestartBudget budget;
    private final ZoneId zone;

    // each process over its limit, counted until --for confirms it; no reminders or resolutions: the restarts say it
    private final Incidents overLimit;

    /** A restart decided: what the log says before it, and what the alert about it says of the process. */
    private record Restarting(Action.Restart restart, String said, long rss, Duration uptime) {
    }

    /**
     * @param mailUptimeLimit {@code -u}: mail only if the process had been up at most this long; null: always
     * @param name            {@code -n}, or null
     * @param forChecks       {@code --for}: consecutive checks over the limit before a restart, at least 1
     * @param zone            for the times in texts; null for the system's zone
     */
    public MemMonitor(MemoryLimits limits, boolean cumulative, Duration mailUptimeLimit, String name, int forChecks,
                      RestartBudget budget, ZoneId zone) {
        this.limits = limits;
        this.cumulative = cumulative;
        this.mailUptimeLimit = mailUptimeLimit;
        this.name = name;
        this.overLimit = new Incidents(LocalHost.name(), "memmon", forChecks, null, false);
        this.budget = budget;
        this.zone = zone;
    }

    @Override
    public String name() {
        return "memmon";
    }

    public MemoryLimits limits() {
        return limits;
    }

    public boolean cumulative() {
        return cumulative;
    }

    /** Every TICK: supervisord sends the one chosen with {@code events=} in supervisord.conf. */
    @Override
    public Set<String> events() {
        return Set.copyOf(EventNames.TICKS);
    }

    /** {@code -p NAME} and {@code -g GROUP}, sorted: the limits keep no order. */
    @Override
    public List<ProgramName> programNames() {
        List<ProgramName> names = new ArrayList<>();
        new java.util.TreeSet<>(limits.programs().keySet()).forEach(p -> names.add(new ProgramName("-p", p, false)));
        new java.util.TreeSet<>(limits.groups().keySet()).forEach(g -> names.add(new ProgramName("-g", g, true)));
        return names;
    }

    @Override
    public List<Action> onEvent(Event event, Instant now) {
        if (!(event instanceof Event.Tick tick) || limits.isEmpty()) {
            return List.of();
        }
        return List.of(new Action.Check(tick.name()));
    }

    /** The restart budget's record, and the processes over their limit ({@code incident.GROUP:NAME}). */
    @Override
    public Map<String, String> state() {
        Map<String, String> m = new LinkedHashMap<>(budget.state());
        m.putAll(overLimit.state());
        return m;
    }

    @Override
    public List<String> restore(Map<String, String> state) {
        List<String> rejected = new ArrayList<>();
        budget.restore(state, rejected);
        rejected.addAll(overLimit.restore(state));
        return rejected;
    }

    /** superlance's memmon: the process list, the memory, the judgement, then each restart and the alert about it. */
    @Override
    public void check(String trigger, CheckOperations ops, Guard guard) throws IOException {
        List<ProcessInfo> processes = ops.processes();
        ProcessTree memory = ops.memory();
        List<Restarting> restarts = guard.decide((now, actions) -> judge(processes, memory, now, actions));
        for (Restarting r : restarts == null ? List.<Restarting>of() : restarts) {
            guard.decide((now, actions) -> actions.add(new Action.Log(r.said()))); // the log reads in the order of the restarts
            Effect effect = ops.restart(r.restart());
            if (effect != null) {
                guard.decide((now, actions) -> report(r, effect, now, actions));
            } else { // not begun: a silence pauses it, or the listener is stopping
                guard.decide((now, actions) -> {
                    budget.notBegun(r.restart().process().id());
                    return null;
                });
            }
        }
    }

    /** Which processes are over their limit, under the monitor's lock. @return the restarts to do */
    private List<Restarting> judge(List<ProcessInfo> processes, ProcessTree memory, Instant now, List<Action> actions) {
        List<Restarting> restarts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> over = new ArrayList<>();
        for (ProcessInfo info : processes) {
            ProcessId id = info.id();
            Long limit = limits.limitFor(id);
            if (limit == null || info.pid() == 0) {
                continue; // not watched, or not running: nothing to measure
            }
            long rss = cumulative ? memory.treeRss(info.pid()) : memory.rss(info.pid());
            if (rss < 0) {
                continue; // exited since supervisord answered
            }
            String ns = id.qualified();
            seen.add(ns);
            if (rss <= limit) {
                overLimit.good(ns, now);
                continue;
            }
            Incidents.Verdict v = overLimit.bad(ns, now);
            over.add(over(ns, rss, limit));
            if (v.step() == Incidents.Step.PENDING) {
                actions.add(new Action.Log(over(ns, rss, limit) + " (" + v.count() + " of " + v.forChecks() + " checks before a restart)"));
                continue;
            }
            if (!budget.allows(id, now)) {
                if (budget.firstRefusal(id)) {
                    actions.add(new Action.Notify(budgetAlert(info, rss, now)));
                }
                actions.add(new Action.Log(over(ns, rss, limit) + ", but it was " + budget.limit().describe() + ": not restarting"));
                continue;
            }
            overLimit.forget(ns);
            budget.record(id, now);
            restarts.add(new Restarting(new Action.Restart(info), over(ns, rss, limit) + ": restarting", rss, info.uptime()));
        }
        for (String gone : overLimit.open()) {
            if (!seen.contains(gone)) {
                overLimit.forget(gone);
            }
        }
        actions.add(0, new Action.CheckResult("RSS of the watched programs", over.isEmpty(), over.isEmpty()
                ? seen.size() + (seen.size() == 1 ? " program" : " programs") + " within the limits" : String.join("; ", over)));
        return restarts;
    }

    /** The log's words for a process over its limit; in bytes where the rounded sizes would read the same. */
    private static String over(String ns, long rss, long limit) {
        String r = SizeText.of(rss);
        String l = SizeText.of(limit);
        return "RSS of " + ns + " is " + (r.equals(l) ? rss + " bytes" : r) + ", over its limit of " + (r.equals(l) ? limit + " bytes" : l);
    }

    /** What a restart did: an alert, or with {@code -u} a log line when the process had been up longer. */
    private Void report(Restarting r, Effect effect, Instant now, List<Action> actions) {
        ProcessInfo info = r.restart().process();
        String ns = info.id().qualified();
        if (!effect.ok()) {
            String what = effect.failedStep().equals("stop") ? "stop process " + ns + " (RSS " + r.rss() + ")"
                    : "start process " + ns + " after stopping it";
            actions.add(new Action.Notify(alert(AlertKind.RESTART_FAILED, subject("failed to " + effect.failedStep()
                    + " process " + ns), "Failed to " + what + ": " + effect.error(), info, now)));
        } else if (mailUptimeLimit == null || r.uptime().compareTo(mailUptimeLimit) <= 0) {
            actions.add(new Action.Notify(restartedAlert(info, r.rss(), now)));
        } else {
            actions.add(new Action.Log(ns + " restarted; no alert: it had been up " + r.uptime().toSeconds()
                    + " s, more than -u " + mailUptimeLimit.toSeconds() + " s"));
        }
        return null;
    }

    @Override
    public Alert sampleAlert(Instant now) {
        ProcessInfo info = new ProcessInfo("example", "example", ProcessInfo.RUNNING, "RUNNING", 4242, 0, 0, 0, "");
        return restartedAlert(info, 123_456_789L, now);
    }

    private Alert restartedAlert(ProcessInfo info, long rss, Instant now) {
        String ns = info.id().qualified();
        String body = "memmon restarted the process named " + ns + " at " + ASCTIME.format(now.atZone(zone()))
                + " because it was consuming too much memory (" + rss + " bytes RSS)";
        return alert(AlertKind.MEMORY_LIMIT_RESTART, subject("process " + ns + " restarted"), body, info, now);
    }

    private Alert budgetAlert(ProcessInfo info, long rss, Instant now) {
        String ns = info.id().qualified();
        RestartBudget.Limit l = budget.limit();
        String body = "memmon did not restart the process named " + ns + " at " + ASCTIME.format(now.atZone(zone()))
                + " although it was consuming too much memory (" + rss + " bytes RSS): it was " + l.describe()
                + ". It is left alone until fewer restarts fall within " + l.windowText() + ".";
        return alert(AlertKind.RESTART_LIMIT_REACHED, subject("process " + ns + " not restarted: --max-restarts " + l.text()
                + " reached"), body, info, now);
    }

    private Alert alert(AlertKind kind, String subject, String body, ProcessInfo info, Instant now) {
        return Alert.of(name(), kind, now).subject(subject).body(body).process(info.id())
                .pid(info.pid() == 0 ? null : info.pid()).state(info.stateName()).build();
    }

    private String subject(String text) {
        return name == null ? "memmon: " + text : "memmon [" + name + "]: " + text;
    }

    private ZoneId zone() {
        ZoneId z = zone == null ? ZoneId.systemDefault() : zone;
        return z.equals(java.time.ZoneOffset.UTC) ? ZoneId.of("UTC") : z; // named "UTC" as strftime('%Z') does, not "Z"
    }
}
