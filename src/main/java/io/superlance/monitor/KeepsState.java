package io.superlance.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A monitor whose memory should outlive a restart, such as the lines a digest has gathered but not
 * yet sent. It stays pure: it hands its state over as text and takes it back; the listener stores it
 * after each batch of actions, once the batch's alerts are in the spool.
 */
public interface KeepsState {
    /** The state now, as text values. */
    Map<String, String> state();

    /**
     * Takes back a state an earlier run saved. A value it cannot use (a damaged journal, e.g.
     * {@code minutes NaN}) is left out rather than taken: returns one description per value left out.
     */
    List<String> restore(Map<String, String> state);

    /**
     * Hands {@code take} each value whose key starts with {@code prefix} (the key without it, the value);
     * a value it rejects (throws) is left out and described in {@code rejected}.
     */
    static void restoreEach(Map<String, String> state, String prefix, BiConsumer<String, String> take,
                            List<String> rejected) {
        for (Map.Entry<String, String> e : state.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                try {
                    take.accept(e.getKey().substring(prefix.length()), e.getValue());
                } catch (RuntimeException ex) {
                    String v = e.getValue().length() > 40 ? e.getValue().substring(0, 40) + "..." : e.getValue();
                    rejected.add(e.getKey() + " " + v.replace("\n", " ") + " (" + ex.getMessage() + ")");
                }
            }
        }
    }

    /**
     * The listener has started with the state {@link #restore}d: actions that state asks for, e.g.
     * wake-ups for log windows still open. None by default.
     */
    default List<Action> resume(Instant now) {
        return List.of();
    }
}
