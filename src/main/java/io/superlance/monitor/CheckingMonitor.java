package io.superlance.monitor;

import java.time.Instant;
import java.util.List;

/**
 * A monitor whose decisions need facts that take I/O (supervisord's process list, memory, an HTTP GET).
 * Its {@link #onEvent} returns an {@link Action.Check} naming the facts; the listener gathers them
 * beside the event loop and calls {@link #decide}, which stays pure. A decision may ask for more facts
 * (another Check) or for restarts, after which {@code decide} sees their {@link Snapshot#effects()}.
 * One check runs at a time; {@code decide} runs on the same thread as {@link #onEvent}.
 */
public interface CheckingMonitor extends Monitor {
    List<Action> decide(Snapshot snapshot, Instant now);
}
