package io.superlance.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/** How every command tells of an incident after it fired: reminders while it lasts, a resolution when it ends. */
public final class IncidentOptions {
    @Option(names = "--repeat", paramLabel = "DURATION", defaultValue = "4h", converter = Durations.Seconds.class,
            description = "While an incident lasts, remind at most this often (a bare number is seconds; 0: never). "
                    + "Default: ${DEFAULT-VALUE}, as Alertmanager's repeat_interval.")
    Duration repeat;

    @Option(names = "--no-resolved",
            description = "Say nothing when an incident is over: no resolution (RESOLVED, ok again, running again) on any channel.")
    boolean noResolved;
}
