package io.superlance.cli;

import io.superlance.alert.Channel;
import io.superlance.alert.delivery.DeliveryQueue;
import io.superlance.listener.ListenerProcess;
import io.superlance.listener.MonitorSetup;
import io.superlance.monitor.Monitor;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Options every listener command has: how its alerts are kept and retried, and --test-alert. */
public final class ListenerOptions {
    @Option(names = "--test-alert",
            description = "Send one sample alert through the configured channels now and exit: 0 if it went out, 1 if not.")
    boolean testAlert;

    @Option(names = "--spool-dir", paramLabel = "DIR",
            description = "Keep alerts not yet delivered here, so a restarted listener still sends them. "
                    + "Default: $SUPERLANCE_STATE_DIR, /var/lib/superlance (when writable) or "
                    + "$${XDG_STATE_HOME:-~/.local/state}/superlance, then /$SUPERVISOR_PROCESS_NAME.")
    Path spoolDir;

    @Option(names = "--spool-max", paramLabel = "N", defaultValue = "1000",
            description = "Most alerts the spool keeps; more are counted and the count sent in the next message. Default: ${DEFAULT-VALUE}.")
    int spoolMax;

    @Option(names = "--min-interval", paramLabel = "DURATION", defaultValue = "0",
            description = "Storm control: at most one message per program per DURATION (e.g. 30s, 5m); alerts in between "
                    + "are folded into one message with a count. Default: 0 (off).")
    String minInterval;

    @Option(names = "--retry-max", paramLabel = "DURATION", defaultValue = "60s",
            description = "Longest wait between delivery attempts (waits double from 1s). Default: ${DEFAULT-VALUE}.")
    String retryMax;

    @Option(names = "--give-up-after", paramLabel = "DURATION", defaultValue = "24h",
            description = "Stop retrying an alert this old. Default: ${DEFAULT-VALUE}.")
    String giveUpAfter;

    MonitorSetup setup(Monitor monitor, List<Channel> channels) {
        return new MonitorSetup(monitor, channels, delivery(), testAlert);
    }

    ListenerProcess.Delivery delivery() {
        if (spoolMax < 1) {
            throw new ConfigException("--spool-max must be at least 1");
        }
        Duration max = duration("--retry-max", retryMax);
        Duration first = Duration.ofSeconds(1).compareTo(max) < 0 ? Duration.ofSeconds(1) : max;
        if (max.isZero()) {
            throw new ConfigException("--retry-max must be more than 0");
        }
        return new ListenerProcess.Delivery(spoolDir, spoolMax, duration("--min-interval", minInterval),
                new DeliveryQueue.RetryPolicy(first, max, duration("--give-up-after", giveUpAfter)));
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}; a plain number is seconds (fractions allowed). */
    static Duration duration(String option, String text) {
        String t = text.strip().toLowerCase();
        String[][] units = {{"ms", "0.001"}, {"s", "1"}, {"m", "60"}, {"h", "3600"}, {"d", "86400"}};
        double factor = 1;
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                factor = Double.parseDouble(u[1]);
                t = t.substring(0, t.length() - u[0].length()).strip();
                break;
            }
        }
        try {
            double seconds = Double.parseDouble(t) * factor;
            if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException e) {
            throw new ConfigException(option + ": '" + text + "' is not a duration (e.g. 30s, 5m, 2h)");
        }
    }
}
