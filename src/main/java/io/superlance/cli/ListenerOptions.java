package io.superlance.cli;

import io.superlance.alert.Channel;
import io.superlance.listener.ListenerProcess;
import io.superlance.log.Log;
import io.superlance.monitor.Monitor;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Options every listener command has, and the one way each command starts. */
public final class ListenerOptions {
    @Option(names = "--test-alert",
            description = "Send one sample alert through the configured channels now and exit: 0 if it went out, 1 if not.")
    boolean testAlert;

    int run(Monitor monitor, List<Channel> channels, Map<String, String> env) {
        Log.name(monitor.name());
        if (testAlert) {
            return ListenerProcess.testAlert(monitor, channels, Clock.systemUTC());
        }
        return ListenerProcess.run(List.of(monitor), channels, env);
    }
}
