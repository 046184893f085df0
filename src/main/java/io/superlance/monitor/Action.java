package io.superlance.monitor;

import io.superlance.alert.Alert;

/** What a monitor wants done about an event. The listener carries it out beside the event loop. */
public sealed interface Action {

    /** Send an alert through the configured channels. */
    record Notify(Alert alert) implements Action {
    }
}
