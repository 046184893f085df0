package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.protocol.Event;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A pure decision: an event and the time in, actions out. Monitors do no I/O of their own, so one
 * listener loop can serve several of them and tests can drive them with plain values. The listener
 * calls each monitor on one thread only (its runtime's), so a monitor needs no locks. What a monitor
 * does beyond events it says by the interfaces it implements: {@link TimedMonitor} (wake-ups),
 * {@link CheckingMonitor} (facts that take I/O), {@link KeepsState} (memory that outlives a restart).
 */
public interface Monitor {
    /** Names the monitor in log lines and alerts, e.g. {@code crashmail}. */
    String name();

    /** The event names this monitor wants; the listener routes only these to it. */
    Set<String> events();

    List<Action> onEvent(Event event, Instant now);

    /** What {@code --test-alert} sends: an alert shaped like the real ones. */
    Alert sampleAlert(Instant now);
}
