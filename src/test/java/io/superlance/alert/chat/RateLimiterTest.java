package io.superlance.alert.chat;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RateLimiterTest {
    private static final long S = 1_000_000_000L;

    @Test
    void severalSlotsAreTakenTogetherOrNotAtAll() {
        RateLimiter budget = new RateLimiter(3, Duration.ofMinutes(1));
        assertEquals(Duration.ZERO, budget.tryAcquire(0));
        assertEquals(Duration.ZERO, budget.tryAcquire(10 * S));
        assertEquals(Duration.ofSeconds(40), budget.tryAcquire(20 * S, 2), "needs the oldest slot back: at 0 s + 60 s");
        assertEquals(Duration.ZERO, budget.tryAcquire(20 * S), "the failed pair took nothing");
        assertEquals(Duration.ofSeconds(50), budget.tryAcquire(20 * S, 2), "needs the two oldest back: at 10 s + 60 s");
        assertEquals(Duration.ZERO, budget.tryAcquire(70 * S, 2));
    }
}
