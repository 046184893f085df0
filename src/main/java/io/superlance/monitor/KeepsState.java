package io.superlance.monitor;

import java.util.Map;

/**
 * A monitor whose memory should outlive a restart, such as the lines a digest has gathered but not
 * yet sent. It stays pure: it hands its state over as text and takes it back; the listener stores it.
 */
public interface KeepsState {
    /** The state now, as text values. */
    Map<String, String> state();

    /** Takes back a state an earlier run saved. */
    void restore(Map<String, String> state);
}
