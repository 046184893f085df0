package io.superlance.listener;

import io.superlance.alert.AlertSink;
import io.superlance.log.Log;
import io.superlance.monitor.Action;
import io.superlance.monitor.CheckingMonitor;
import io.superlance.monitor.Monitor;

/** Routes actions to what carries them out: alerts to the delivery queue, checks to the check worker. */
public final class Dispatcher implements ActionHandler {
    private final AlertSink alerts;
    private final CheckWorker checks;

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
        } else {
            Log.warn(from.name() + " asked for " + action.getClass().getSimpleName() + " outside a check; ignored");
        }
    }
}
