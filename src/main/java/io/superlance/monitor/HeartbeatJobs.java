package io.superlance.monitor;

import io.superlance.protocol.ProcessId;
import io.superlance.rpc.ProcessInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * heartbeat's {@code --within} bookkeeping: when each periodic job last exited successfully (an expected
 * exit), and how many overdue periods have been alerted since. A job's clock starts when heartbeat first sees it,
 * since what happened before the listener started is unknown.
 */
final class HeartbeatJobs {
    /** {@code --within PATTERN=DURATION}; {@code text} as the user wrote it, for messages. */
    record Rule(String pattern, ProgramSelector selector, Duration period, String text) {
    }

    /**
     * A job past its period.
     *
     * @param alert true when this period has not been alerted yet
     */
    record Overdue(ProcessInfo info, Rule rule, Instant lastSuccess, boolean alert) {
    }

    private static final class Job {
        final Rule rule;
        Instant lastSuccess;
        long alertedPeriods;

        Job(Rule rule, Instant lastSuccess) {
            this.rule = rule;
            this.lastSuccess = lastSuccess;
        }
    }

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

    /** Records an expected exit. @return the job's rule, or null when the process is no job */
    Rule succeeded(ProcessId id, Instant now) {
        sawExit = true;
        Rule rule = rule(id);
        if (rule == null) {
            return null;
        }
        Job job = jobs.computeIfAbsent(id, k -> new Job(rule, now));
        job.lastSuccess = now;
        job.alertedPeriods = 0;
        return rule;
    }

    /** Any PROCESS_STATE_EXITED event, expected or not, shows that the subscription is right. */
    void exited() {
        sawExit = true;
    }

    /** False until an EXITED event has arrived: then events= may lack PROCESS_STATE_EXITED. */
    boolean sawExit() {
        return sawExit;
    }

    /** The jobs among {@code processes} now past their period; each period alerts once. */
    List<Overdue> overdue(List<ProcessInfo> processes, Instant now) {
        List<Overdue> out = new ArrayList<>();
        for (ProcessInfo info : processes) {
            Rule rule = rule(info.id());
            if (rule == null) {
                continue;
            }
            Job job = jobs.computeIfAbsent(info.id(), k -> new Job(rule, now));
            long periods = Duration.between(job.lastSuccess, now).toMillis() / Math.max(1, rule.period().toMillis());
            if (periods < 1) {
                continue;
            }
            boolean alert = periods > job.alertedPeriods;
            job.alertedPeriods = periods;
            out.add(new Overdue(info, rule, job.lastSuccess, alert));
        }
        return out;
    }
}
