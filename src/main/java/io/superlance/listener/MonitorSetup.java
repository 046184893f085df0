package io.superlance.listener;

import io.superlance.alert.Channel;
import io.superlance.monitor.Monitor;

import java.util.List;

/**
 * One command of the command line, ready to run: its monitor, the channels its alerts go to, how they
 * are kept until delivered, and whether it only sends a test alert. Several share one listener process.
 */
public record MonitorSetup(Monitor monitor, List<Channel> channels, ListenerProcess.Delivery delivery, boolean testAlert) {
    public MonitorSetup {
        channels = List.copyOf(channels);
    }
}
