package io.superlance.monitor;

import io.superlance.alert.AlertKind;
import io.superlance.alert.Asctime;
import io.superlance.alert.DurationText;
import io.superlance.alert.Facts;
import io.superlance.protocol.ProcessId;
import io.superlance.rpc.ProcessInfo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What heartbeat tells of its jobs ({@code --within}, {@code --cron}): a failed run (a fact: fired at once,
 * {@code JobFailed}), a job overdue (confirmed by {@code --for}, {@code JobOverdue}, once per period or missed
 * window) and the success that resolves them, one resolution per kind told. One incident per job, key
 * {@code job=NAMESPEC}, in heartbeat's incidents; the jobs' clocks are {@link HeartbeatJobs}'.
 */
final class JobAlerts {
    private final HeartbeatJobs jobs;
    private final Incidents incidents;
    private final ZoneId zone;

    JobAlerts(HeartbeatJobs jobs, Incidents incidents, ZoneId zone) {
        this.jobs = jobs;
        this.incidents = incidents;
        this.zone = zone;
    }

    /**
     * A job's success resolves its incident, if any, saying how long the run took when it reported its start:
     * one resolution per kind the incident was told as (a failed run, then overdue), so each ends its alert.
     */
    List<Action> succeeded(ProcessId id, HeartbeatJobs.Success done, String how, Instant now) {
        Incidents.Verdict v = incidents.good(key(id), now);
        if (v.step() != Incidents.Step.RESOLVE) {
            return List.of();
        }
        String ns = id.namespec();
        String took = done.ranFor() == null ? "" : " in " + DurationText.of(done.ranFor());
        List<Action> out = new ArrayList<>();
        for (AlertKind kind : v.told().isEmpty() ? List.of(AlertKind.JOB_OVERDUE) : v.told()) {
            out.add(new Action.Notify(v.alert("heartbeat", kind, now).subject("heartbeat: " + ns + " succeeded again")
                    .body(ns + " " + how + " at " + time(now) + took + " (" + done.rule().text() + ").").process(id)
                    .fact(Facts.JOB, ns).fact(Facts.DURATION, done.ranFor() == null ? v.duration() : DurationText.of(done.ranFor())).build()));
        }
        return out;
    }

    /** A failed run fires the job's incident at once: it is a fact, not a sample to confirm. */
    List<Action> failed(ProcessId id, HeartbeatJobs.Failure f, ProcessInfo info, Instant now) {
        String key = key(id);
        Incidents.Verdict v = incidents.fire(key, now);
        if (v.step() != Incidents.Step.FIRE) {
            return List.of(); // told already; the failure pings carry the latest
        }
        incidents.told(key, AlertKind.JOB_FAILED);
        String ns = id.namespec();
        return List.of(new Action.Notify(v.alert("heartbeat", AlertKind.JOB_FAILED, now).subject("heartbeat: " + ns + " failed")
                .body(failureLine(id, f) + ".").process(id).state(info == null ? null : info.stateName())
                .fact(Facts.JOB, ns).fact(Facts.MESSAGE, f.message())
                .fact(Facts.DURATION, f.ranFor() == null ? null : DurationText.of(f.ranFor())).build()));
    }

    /** The unexpected exits whose status {@code processes} now shows: failed runs. */
    List<Action> exitsRead(List<ProcessInfo> processes, Instant now) {
        List<Action> out = new ArrayList<>();
        for (ProcessInfo info : processes) {
            String state = jobs.pendingExit(info);
            if (state != null) {
                out.addAll(failed(info.id(), jobs.exitFailure(info.id(), exitStatus(info, state)), info, now));
            }
        }
        return out;
    }

    /**
     * The jobs of {@code processes} overdue now: alerts for those confirmed and not told for this period or
     * window, and a problem line for each confirmed one and for each failed run not followed by a success.
     */
    void overdue(List<ProcessInfo> processes, Instant now, List<Action> alerts, List<String> problems) {
        Set<ProcessId> overdueJobs = new HashSet<>();
        for (HeartbeatJobs.Overdue o : jobs.overdue(processes, now)) {
            ProcessId id = o.info().id();
            overdueJobs.add(id);
            Incidents.Verdict v = incidents.bad(key(id), now);
            if (!incidents.firing(key(id))) {
                continue; // not confirmed yet
            }
            String ns = id.namespec();
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
            HeartbeatJobs.Failure failure = jobs.failure(id);
            if (failure != null) {
                line += "\n" + failureLine(id, failure);
            }
            problems.add(line);
            // fired now, or a further period or window has passed since the last alert; but a failed run told
            // as JobFailed is one alert until a good run (with --no-exit-alerts an exit is told only here)
            boolean failureTold = v.told().contains(AlertKind.JOB_FAILED);
            if (!failureTold && (v.step() == Incidents.Step.FIRE || (v.step() == Incidents.Step.NONE && o.alert()))) {
                String hint = jobs.sawExit() ? "" : "\nNo PROCESS_STATE_EXITED event has reached heartbeat yet: if the job did run,"
                        + " --within and --cron need PROCESS_STATE in the listener's events= line.";
                alerts.add(new Action.Notify(v.alert("heartbeat", AlertKind.JOB_OVERDUE, now).subject(subject).body(line + "." + hint)
                        .process(id).state(o.info().stateName()).fact(Facts.JOB, ns).build()));
                incidents.told(key(id), AlertKind.JOB_OVERDUE);
            }
        }
        // failed runs of jobs not overdue (yet): listed until the job succeeds
        for (ProcessInfo info : processes) {
            HeartbeatJobs.Failure failure = jobs.failure(info.id());
            if (failure != null && !overdueJobs.contains(info.id()) && incidents.firing(key(info.id()))) {
                problems.add(failureLine(info.id(), failure));
            }
        }
    }

    private String failureLine(ProcessId id, HeartbeatJobs.Failure f) {
        String took = f.ranFor() == null ? "" : " after " + DurationText.of(f.ranFor());
        return id.namespec() + " failed at " + time(f.at()) + took + ": " + f.message();
    }

    /** What supervisord tells of a job that exited unexpectedly, read as soon as the exit was seen. */
    private static String exitStatus(ProcessInfo info, String state) {
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

    /** The incident of a job's condition, apart from the program condition of the same namespec. */
    private static String key(ProcessId id) {
        return "job=" + id.namespec();
    }

    private String time(Instant t) {
        return Asctime.format(t, zone);
    }
}
