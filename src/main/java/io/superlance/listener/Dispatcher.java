package io.superlance.listener;

import io.superlance.alert.AlertSink;
import io.superlance.log.Log;
import io.superlance.monitor.Action;
import io.superlance.monitor.CheckingMonitor;
import io.superlance.monitor.Monitor;
import io.superlance.monitor.TimedMonitor;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Routes actions to what carries them out: alerts to the delivery queue, checks to the check worker. */
public final class Dispatcher implements ActionHandler {
    private final AlertSink alerts;
    private final CheckWorker checks;
    private ScheduledExecutorService timer;

    public Dispatcher(AlertSink alerts) {
        this(alerts, null);
    }

    /** @param checks null when no monitor asks for checks */
    public Dispatcher(AlertSink alerts, CheckWorker checks) {
        this.alerts = alerts;
        this.checks = checks;
    }

    @Override
    public void handle(Monitor from, Action action) {
        if (action instanceof Action.Notify notify) {
            alerts.submit(notify.alert());
        } else if (action instanceof Action.Log log) {
            Log.info(log.message());
        } else if (action instanceof Action.Check check && checks != null && from instanceof CheckingMonitor m) {
            checks.submit(m, check);
        } else if (action instanceof Action.Wake wake && from instanceof TimedMonitor m) {
            wake(m, wake.at());
        } else {
            Log.warn(from.name() + " asked for " + action.getClass().getSimpleName() + " outside a check; ignored");
        }
    }

    /** Calls the monitor back at {@code at} on the timer thread and carries out what it returns. */
    private void wake(TimedMonitor monitor, Instant at) {
        long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis() + 1);
        try {
            timer().schedule(() -> {
                try {
                    for (Action a : monitor.onTimer(Instant.now())) {
                        handle(monitor, a);
                    }
                    if (monitor instanceof StateKeeper k) {
                        k.afterActions(); // what the timer closed is in the spool: now the state may forget it
                    }
                } catch (RuntimeException e) {
                    Log.error(monitor.name() + " failed on its timer: " + Log.describe(e));
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            Log.warn(monitor.name() + ": timer stopped, wake-up dropped");
        }
    }

    /** Created on first use: most listeners never need it. */
    private synchronized ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "timer");
                t.setDaemon(true);
                return t;
            });
        }
        return timer;
    }
}
