package io.superlance.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A monitor whose memory should outlive a restart, such as the lines a digest has gathered but not
 * yet sent. It stays pure: it hands its state over as text and takes it back; the listener stores it
 * after each batch of actions, once the batch's alerts are in the spool.
 */
public interface KeepsState {
    /** The state now, as text values. */
    Map<String, String> state();

    /** Takes back a state an earlier run saved. */
    void restore(Map<String, String> state);

    /**
     * The listener has started with the state {@link #restore}d: actions that state asks for, e.g.
     * wake-ups for log windows still open. None by default.
     */
    default List<Action> resume(Instant now) {
        return List.of();
    }
}
