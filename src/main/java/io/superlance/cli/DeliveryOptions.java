package io.superlance.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** Options every command has: how its alerts are kept and retried, and --test-alert. */
public final class DeliveryOptions {
    @Option(names = "--test-alert",
            description = "Send one sample alert through the configured channels now and exit: 0 if it went out, 1 if not.")
    boolean testAlert;

    @Option(names = "--log-only",
            description = "Run with no alert channel: alerts only go to the log. Without it a command that only alerts "
                    + "does not start with no channel.")
    boolean logOnly;

    @Option(names = "--spool-dir", paramLabel = "DIR",
            description = "Keep alerts not yet delivered here, so a restarted listener still sends them. "
                    + "Default: $SUPERLANCE_STATE_DIR, /var/lib/superlance (when writable) or "
                    + "$${XDG_STATE_HOME:-~/.local/state}/superlance, then /$SUPERVISOR_PROCESS_NAME.")
    Path spoolDir;

    @Option(names = "--spool-max", paramLabel = "N", defaultValue = "1000",
            description = "Most alerts the spool keeps; more are counted and the count sent in the next message. Default: ${DEFAULT-VALUE}.")
    int spoolMax;

    @Option(names = "--min-interval", paramLabel = "DURATION", defaultValue = "0", converter = Durations.Seconds.class,
            description = "Storm control: at most one message per program (or, for alerts tied to none, per incident) per DURATION "
                    + "(e.g. 30s, 5m); alerts in between are folded into one message with a count. Default: 0 (off).")
    Duration minInterval;

    @Option(names = "--retry-max", paramLabel = "DURATION", defaultValue = "60s", converter = Durations.Seconds.class,
            description = "Longest wait between delivery attempts (waits double from 1s). Default: ${DEFAULT-VALUE}.")
    Duration retryMax;

    @Option(names = "--give-up-after", paramLabel = "DURATION", defaultValue = "24h", converter = Durations.Seconds.class,
            description = "Stop retrying an alert this old. Default: ${DEFAULT-VALUE}.")
    Duration giveUpAfter;

    @Option(names = "--metrics-file", paramLabel = "PATH",
            description = "Write the listener's counts to PATH every 15s in node_exporter's textfile format "
                    + "(e.g. /var/lib/prometheus/node-exporter/superlance-NAME.prom), replaced whole each time.")
    Path metricsFile;

    @Option(names = "--len-counts", paramLabel = "UNIT",
            description = "What supervisord's len counts: characters (Python 3) or bytes (Python 2). "
                    + "Default: learned from supervisord's version and its Python, else from the stream.")
    String lenCounts;
}
