package io.superlance.monitor;

import io.superlance.protocol.ProcessId;
import io.superlance.rpc.ProcessInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * heartbeat's job bookkeeping: when each job ({@code --within} or {@code --cron}) last succeeded, the
 * windows it missed, the run under way (a job's own {@code start} report) and the failed run not yet
 * followed by a success. A job's clock starts when heartbeat first sees it, since what happened before
 * heartbeat first ran is unknown; it is kept in the monitor's journal ({@link #state}), so a restarted
 * listener goes on with the same clocks rather than starting them again.
 */
final class HeartbeatJobs {
    /**
     * {@code --within PATTERN=DURATION} ({@code period} set) or {@code --cron PATTERN=SCHEDULE}
     * ({@code cron} set; {@code grace} null means by the end of the scheduled day).
     *
     * @param text the option as the user wrote it, e.g. {@code --within sync=125m}, for messages
     */
    record Rule(String pattern, ProgramSelector selector, Duration period, CronSchedule cron, Duration grace, String text) {
        /** When the window of the run scheduled at {@code run} closes. */
        Instant deadline(Instant run) {
            return grace == null ? cron.endOfDay(run) : run.plus(grace);
        }
    }

    /**
     * A job past its period, or past the deadline of a scheduled run without a success since.
     *
     * @param alert   true when this period or missed window has not been alerted yet
     * @param missed  the scheduled time of the first missed run ({@code --cron}), or null
     * @param started when the run under way reported its start, or null
     */
    record Overdue(ProcessInfo info, Rule rule, Instant lastSuccess, boolean alert, Instant missed, Instant started) {
    }

    /** A failed run: reported by the job, or an unexpected exit. */
    record Failure(Instant at, String message, Duration ranFor) {
    }

    /** What a success ended: the job's rule, the run's duration when it reported its start, and the failure it clears. */
    record Success(Rule rule, Duration ranFor) {
    }

    private static final class Job {
        final Rule rule;
        Instant lastSuccess;
        long alertedPeriods;
        // --cron: the next scheduled run whose window is still open or unjudged
        Instant nextRun;
        Instant missedRun;
        long missedWindows;
        long alertedWindows;
        // the job reports for itself: its exits say nothing of success
        boolean reports;
        Instant started;
        Failure failure;
        // an unexpected exit whose status a check is to read
        Instant exitedAt;
        String exitState;
        Integer exitPid;

        Job(Rule rule, Instant now) {
            this.rule = rule;
            this.lastSuccess = now;
            this.nextRun = rule.cron() == null ? null : rule.cron().next(now);
        }
    }

    private static final String JOB = "job ";
    private static final String SAW_EXIT = "jobs saw-exit";

    private final List<Rule> rules;
    private final Map<ProcessId, Job> jobs = new HashMap<>();
    private boolean sawExit;

    HeartbeatJobs(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    List<Rule> rules() {
        return rules;
    }

    /** The first rule naming the process, or null: such a process is judged by its rule, not by RUNNING. */
    Rule rule(ProcessId id) {
        for (Rule r : rules) {
            if (r.selector().matches(id)) {
                return r;
            }
        }
        return null;
    }

    private Job job(ProcessId id, Instant now) {
        Rule rule = rule(id);
        return rule == null ? null : jobs.computeIfAbsent(id, k -> new Job(rule, now));
    }

    /** Records an expected exit. @return what it ended, or null when the process is no job or reports for itself */
    Success exitedExpectedly(ProcessId id, Instant now) {
        sawExit = true;
        Job job = job(id, now);
        if (job == null || job.reports) {
            return null;
        }
        return succeed(job, now);
    }

    /** The job said {@code success}. @return what it ended, or null when the process is no job */
    Success reportedSuccess(ProcessId id, Instant now) {
        Job job = job(id, now);
        if (job == null) {
            return null;
        }
        job.reports = true;
        sawExit = true;
        return succeed(job, now);
    }

    private static Success succeed(Job job, Instant now) {
        Duration ranFor = job.started == null ? null : Duration.between(job.started, now);
        job.lastSuccess = now;
        job.alertedPeriods = 0;
        job.missedRun = null;
        job.missedWindows = 0;
        job.alertedWindows = 0;
        job.started = null;
        job.failure = null;
        job.exitedAt = null;
        return new Success(job.rule, ranFor);
    }

    /** The job said {@code start}. @return false when the process is no job */
    boolean reportedStart(ProcessId id, Instant now) {
        Job job = job(id, now);
        if (job == null) {
            return false;
        }
        job.reports = true;
        job.started = now;
        sawExit = true; // a job that reports is heard from: the subscription works
        return true;
    }

    /** The job said {@code failure}. @return the failure, or null when the process is no job */
    Failure reportedFailure(ProcessId id, String message, Instant now) {
        Job job = job(id, now);
        if (job == null) {
            return null;
        }
        job.reports = true;
        sawExit = true;
        return fail(job, message, now);
    }

    private static Failure fail(Job job, String message, Instant now) {
        job.failure = new Failure(now, message, job.started == null ? null : Duration.between(job.started, now));
        job.started = null;
        return job.failure;
    }

    /**
     * Records an unexpected exit (EXITED not expected, BACKOFF, FATAL) for a check to read its status.
     *
     * @return false when the process is no job
     */
    boolean exitedUnexpectedly(ProcessId id, String state, Integer pid, Instant now) {
        sawExit = true;
        Job job = job(id, now);
        if (job == null) {
            return false;
        }
        job.exitedAt = now;
        job.exitState = state;
        job.exitPid = pid;
        return true;
    }

    /** True while an unexpected exit waits for a check to read its status. */
    boolean exitsPending() {
        return jobs.values().stream().anyMatch(j -> j.exitedAt != null);
    }

    /**
     * The state an unexpected exit went to (e.g. {@code EXITED}, {@code BACKOFF}) while its status is unread,
     * or null; null too when {@code info} was read before the exit (it still shows the pid that exited).
     */
    String pendingExit(ProcessInfo info) {
        Job job = jobs.get(info.id());
        if (job == null || job.exitedAt == null || (job.exitPid != null && job.exitPid == info.pid())) {
            return null;
        }
        return job.exitState;
    }

    /** The unexpected exit {@link #pendingExit} named, a failed run now that {@code status} says what supervisord tells of it. */
    Failure exitFailure(ProcessId id, String status) {
        Job job = jobs.get(id);
        Instant at = job.exitedAt;
        job.exitedAt = null;
        return fail(job, status, at);
    }

    /** The job's failed run not yet followed by a success, or null. */
    Failure failure(ProcessId id) {
        Job job = jobs.get(id);
        return job == null ? null : job.failure;
    }

    /** Any PROCESS_STATE_EXITED event, expected or not, shows that the subscription is right. */
    void exited() {
        sawExit = true;
    }

    /** False until an EXITED event or a job's report has arrived: then events= may lack PROCESS_STATE_EXITED. */
    boolean sawExit() {
        return sawExit;
    }

    /** The jobs among {@code processes} now past their period or a scheduled run's deadline; each period or window alerts once. */
    List<Overdue> overdue(List<ProcessInfo> processes, Instant now) {
        List<Overdue> out = new ArrayList<>();
        for (ProcessInfo info : processes) {
            Job job = job(info.id(), now);
            if (job == null) {
                continue;
            }
            Rule rule = job.rule;
            if (rule.cron() != null) {
                // judge every window that has closed: missed when no success came after its scheduled time
                for (int i = 0; i < 10_000 && !rule.deadline(job.nextRun).isAfter(now); i++) {
                    if (job.lastSuccess.isBefore(job.nextRun)) {
                        if (job.missedRun == null) {
                            job.missedRun = job.nextRun;
                        }
                        job.missedWindows++;
                    }
                    job.nextRun = rule.cron().next(job.nextRun);
                }
                if (job.missedRun == null) {
                    continue;
                }
                boolean alert = job.missedWindows > job.alertedWindows;
                job.alertedWindows = job.missedWindows;
                out.add(new Overdue(info, rule, job.lastSuccess, alert, job.missedRun, job.started));
                continue;
            }
            long periods = Duration.between(job.lastSuccess, now).toMillis() / Math.max(1, rule.period().toMillis());
            if (periods < 1) {
                continue;
            }
            boolean alert = periods > job.alertedPeriods;
            job.alertedPeriods = periods;
            out.add(new Overdue(info, rule, job.lastSuccess, alert, null, job.started));
        }
        return out;
    }

    /**
     * Each job's clocks, {@code job GROUP:NAME} = {@code LAST_SUCCESS ALERTED_PERIODS NEXT_RUN MISSED_RUN
     * MISSED_WINDOWS ALERTED_WINDOWS REPORTS STARTED FAILED_AT FAILED_RAN_FOR_MS MESSAGE...} ({@code -} for
     * none), and whether an exit or report has been seen. An exit whose status is still unread is not kept:
     * supervisord's record of it is gone by the time a listener is back.
     */
    Map<String, String> state() {
        Map<String, String> m = new LinkedHashMap<>();
        jobs.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(ProcessId::qualified)))
                .forEach(e -> {
                    Job j = e.getValue();
                    Failure f = j.failure;
                    m.put(JOB + e.getKey().qualified(), String.join(" ", text(j.lastSuccess), Long.toString(j.alertedPeriods),
                            text(j.nextRun), text(j.missedRun), Long.toString(j.missedWindows), Long.toString(j.alertedWindows),
                            Boolean.toString(j.reports), text(j.started), f == null ? "-" : f.at().toString(),
                            f == null || f.ranFor() == null ? "-" : Long.toString(f.ranFor().toMillis()),
                            f == null ? "-" : f.message().replace('\n', ' ')));
                });
        if (sawExit) {
            m.put(SAW_EXIT, "true");
        }
        return m;
    }

    /** Takes back what {@link #state} gave; a job no rule names any more is left out, described in {@code rejected}. */
    void restore(Map<String, String> state, List<String> rejected) {
        KeepsState.restoreEach(state, JOB, (qualified, value) -> {
            ProcessId id = ProcessId.ofQualified(qualified);
            Rule rule = rule(id);
            if (rule == null) {
                throw new IllegalArgumentException("no --within or --cron names it now");
            }
            String[] f = value.split(" ", 11);
            if (f.length != 11) {
                throw new IllegalArgumentException("not a job's record");
            }
            Job job = new Job(rule, Instant.parse(f[0]));
            job.alertedPeriods = Long.parseLong(f[1]);
            if (rule.cron() != null) {
                job.nextRun = f[2].equals("-") ? job.nextRun : Instant.parse(f[2]);
            }
            job.missedRun = instant(f[3]);
            job.missedWindows = Long.parseLong(f[4]);
            job.alertedWindows = Long.parseLong(f[5]);
            job.reports = Boolean.parseBoolean(f[6]);
            job.started = instant(f[7]);
            if (!f[8].equals("-")) {
                job.failure = new Failure(Instant.parse(f[8]), f[10], f[9].equals("-") ? null : Duration.ofMillis(Long.parseLong(f[9])));
            }
            jobs.put(id, job);
        }, rejected);
        sawExit |= "true".equals(state.get(SAW_EXIT));
    }

    private static String text(Instant t) {
        return t == null ? "-" : t.toString();
    }

    private static Instant instant(String text) {
        return text.equals("-") ? null : Instant.parse(text);
    }
}
