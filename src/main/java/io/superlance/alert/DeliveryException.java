package io.superlance.alert;

import java.time.Duration;

/**
 * A delivery failed; {@code retryable} says whether trying again later may help, and {@code retryAfter}
 * (when not null) how long the service asked us to wait first, e.g. from a rate-limit answer.
 */
public final class DeliveryException extends Exception {
    private final boolean retryable;
    private final Duration retryAfter;
    private final boolean overBudget;

    public DeliveryException(String message, boolean retryable) {
        this(message, retryable, null, null);
    }

    public DeliveryException(String message, boolean retryable, Throwable cause) {
        this(message, retryable, null, cause);
    }

    /** A retryable failure the service asked us to retry no sooner than {@code retryAfter} (null: our own pace). */
    public DeliveryException(String message, Duration retryAfter) {
        this(message, true, retryAfter, null);
    }

    private DeliveryException(String message, boolean retryable, Duration retryAfter, Throwable cause) {
        this(message, retryable, retryAfter, cause, false);
    }

    private DeliveryException(String message, boolean retryable, Duration retryAfter, Throwable cause, boolean overBudget) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.overBudget = overBudget;
    }

    /**
     * Nothing was sent: the destination's own budget of messages is spent until {@code wait} has passed.
     * Not a failure: what waits meanwhile goes out folded into the next message.
     */
    public static DeliveryException overBudget(String message, Duration wait) {
        return new DeliveryException(message, true, wait, null, true);
    }

    /** True when nothing was tried because the destination's budget is spent ({@link #overBudget}). */
    public boolean overBudget() {
        return overBudget;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The wait the service asked for, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
