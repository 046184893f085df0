package io.superlance.listener;

import io.superlance.alert.AlertSink;
import io.superlance.monitor.Action;
import io.superlance.monitor.Monitor;

/** Routes actions to what carries them out: alerts to the delivery queue. */
public final class Dispatcher implements ActionHandler {
    private final AlertSink alerts;

    public Dispatcher(AlertSink alerts) {
        this.alerts = alerts;
    }

    @Override
    public void handle(Monitor from, Action action) {
        if (action instanceof Action.Notify notify) {
            alerts.submit(notify.alert());
        }
    }
}
