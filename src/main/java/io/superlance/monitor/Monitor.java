package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.protocol.Event;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A pure decision: an event and the time in, actions out. Monitors do no I/O of their own, so one
 * listener loop can serve several of them and tests can drive them with plain values.
 */
public interface Monitor {
    /** Names the monitor in log lines and alerts, e.g. {@code crashmail}. */
    String name();

    /** The event names this monitor wants; the listener routes only these to it. */
    Set<String> events();

    List<Action> onEvent(Event event, Instant now);

    /**
     * The listener has started, with what an earlier run kept restored ({@link KeepsState}): actions
     * that state asks for, e.g. wake-ups for log windows still open. None by default.
     */
    default List<Action> onStart(Instant now) {
        return List.of();
    }

    /**
     * The listener is stopping: alerts for what the monitor holds that would otherwise go with it (a
     * window of log lines still open). Called once, before the pending alerts are delivered.
     */
    default List<Action> onStop(Instant now) {
        return List.of();
    }

    /** What {@code --test-alert} sends: an alert shaped like the real ones. */
    Alert sampleAlert(Instant now);
}
