package io.superlance.monitor;

import java.time.Duration;

/** A fact a check gathers for its monitor; see {@link Snapshot}. */
public sealed interface Probe {
    /** Every supervised process's info (supervisor.getAllProcessInfo), the listener itself left out. */
    record Processes() implements Probe {
    }

    /** The RSS and parent of every process on the machine. */
    record Memory() implements Probe {
    }

    /** A GET of {@code url}; connection refused is retried until {@code timeout}. */
    record HttpGet(String url, Duration timeout) implements Probe {
    }
}
