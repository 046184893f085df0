package io.superlance.alert.spool;

import io.superlance.alert.Alert;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One alert waiting in the spool, with the channels that have already taken it (or given up on it).
 * {@code holdUntil} is set when storm control holds it back to fold it with others for the same program.
 */
public final class SpoolEntry {
    private final long seq;
    private final Alert alert;
    private final Instant holdUntil;
    private final Set<String> done;
    private final Map<String, Tries> tries = new LinkedHashMap<>();

    /**
     * How delivery through one channel has gone so far, for people asking why an alert waits.
     * @param attempts    attempts at it so far
     * @param lastError   why the last one failed
     * @param nextAttempt when the next one is due
     */
    public record Tries(int attempts, String lastError, Instant nextAttempt) {
    }

    SpoolEntry(long seq, Alert alert, Instant holdUntil, Set<String> done) {
        this.seq = seq;
        this.alert = alert;
        this.holdUntil = holdUntil;
        this.done = new LinkedHashSet<>(done);
    }

    public long seq() {
        return seq;
    }

    public Alert alert() {
        return alert;
    }

    /** null when the alert was not held back */
    public Instant holdUntil() {
        return holdUntil;
    }

    public boolean doneFor(String channel) {
        return done.contains(channel);
    }

    Set<String> done() {
        return done;
    }

    /** The failed attempts through {@code channel}; null when none failed. */
    public Tries tries(String channel) {
        return tries.get(channel);
    }

    Map<String, Tries> allTries() {
        return tries;
    }
}
