package io.superlance.alert.delivery;

import java.time.Duration;

/** Waits between attempts: doubling from {@code firstDelay} up to {@code maxDelay}; gives up on alerts older than {@code giveUpAfter}. */
public record RetryPolicy(Duration firstDelay, Duration maxDelay, Duration giveUpAfter) {
    public static RetryPolicy standard() {
        return new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofHours(24));
    }

    Duration delayAfter(int failures) {
        long ms = firstDelay.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
        return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
    }
}
