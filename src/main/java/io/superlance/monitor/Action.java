package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.protocol.ProcessId;
import io.superlance.rpc.ProcessInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What a monitor wants done about an event, or a check decided; the listener carries it out. */
public sealed interface Action {

    /** Send an alert through the configured channels. */
    record Notify(Alert alert) implements Action {
    }

    /**
     * Run the monitor's {@link CheckingMonitor#check} on its check thread; one check runs at a time, a new
     * one while another runs is skipped.
     *
     * @param trigger what asked for it, e.g. {@code TICK_60}, for the log
     */
    record Check(String trigger) implements Action {
    }

    /** Stop the process (waiting its stopwaitsecs) and start it again. Only from a {@link CheckingMonitor}. */
    record Restart(ProcessInfo process) implements Action {
    }

    /** Run {@code command} (by /bin/sh) to dump the process's core before a restart. Only from a {@link CheckingMonitor}. */
    record DumpCore(ProcessId process, int pid, String command) implements Action {
    }

    /**
     * How a check came out, for {@code superlance status}, the metrics and the log of successes; changes
     * nothing else. A {@link CheckingMonitor} says it once per check, in the decision that judges the facts.
     *
     * @param what   what was checked, the same on every check (summaries count by it), e.g. {@code GET http://...}
     * @param reason the outcome in a few words, e.g. {@code 200 OK} or what failed
     */
    record CheckResult(String what, boolean ok, String reason) implements Action {
    }

    /** One line in the listener's log (stderr); a warning for trouble the operator should fix. */
    record Log(String message, boolean warning) implements Action {
        public Log(String message) {
            this(message, false);
        }

        public static Log warning(String message) {
            return new Log(message, true);
        }
    }

    /**
     * An HTTP ping to a heartbeat endpoint (healthchecks.io and the like). Only from a {@link CheckingMonitor}. Not retried
     * beyond {@code retries} quick attempts and never spooled: a late heartbeat means nothing.
     *
     * @param method  GET or POST
     * @param body    sent with POST; may be empty
     * @param timeout for one attempt
     * @param budget  all attempts end within this (the tick's period), or null for no bound
     * @param failure true for a failure ping, for the log
     */
    record Ping(String url, String method, String body, Duration timeout, int retries, Duration budget,
                boolean failure) implements Action {
        public Ping(String url, String method, String body, Duration timeout, int retries, boolean failure) {
            this(url, method, body, timeout, retries, null, failure);
        }
    }

    /**
     * Call the monitor's {@link TimedMonitor#onTimer} at {@code at}: lets a monitor close a window on
     * time even when no further event comes.
     */
    record Wake(Instant at) implements Action {
    }
}
