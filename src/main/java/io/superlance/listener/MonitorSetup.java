package io.superlance.listener;

import io.superlance.alert.AlertSink;
import io.superlance.alert.Channel;
import io.superlance.log.Log;
import io.superlance.log.MonitorLog;
import io.superlance.monitor.Monitor;

import java.time.Duration;
import java.util.List;

/**
 * One command of the command line, ready to run: its monitor, the channels its alerts go to, how they
 * are kept until delivered, whether it only sends a test alert, whether resolutions are told
 * ({@code --no-resolved}) and how often a lasting incident reminds ({@code --repeat}; null for never), the
 * incidents of the runtime's own watches included. Several share one listener process.
 */
public record MonitorSetup(Monitor monitor, List<Channel> channels, ListenerProcess.Delivery delivery, boolean testAlert,
                           boolean resolutions, Duration repeat) {
    public MonitorSetup {
        channels = List.copyOf(channels);
    }

    public MonitorSetup(Monitor monitor, List<Channel> channels, ListenerProcess.Delivery delivery, boolean testAlert) {
        this(monitor, channels, delivery, testAlert, true, null);
    }

    /** Where the monitor's alerts go: {@code queue}, without resolutions under {@code --no-resolved}. */
    public AlertSink sink(AlertSink queue) {
        if (resolutions) {
            return queue;
        }
        MonitorLog log = Log.of(monitor.name());
        return alert -> {
            if (alert.resolved()) {
                log.info("alert " + alert.id() + " not sent (--no-resolved): " + alert.subject().strip());
            } else {
                queue.submit(alert);
            }
        };
    }
}
