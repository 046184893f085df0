package io.superlance.alert.dingtalk;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * At most {@code limit} sends in any window of {@code window}: a sliding log of recent send times.
 * DingTalk allows a robot 20 messages a minute and then blocks it (errcode 130101) for ten minutes.
 */
final class RateLimiter {
    private final int limit;
    private final long windowNanos;
    private final ArrayDeque<Long> sent = new ArrayDeque<>();

    RateLimiter(int limit, Duration window) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
    }

    /**
     * Takes one slot if there is one.
     * @return zero when taken, else how long until a slot frees up
     */
    synchronized Duration tryAcquire(long nowNanos) {
        while (!sent.isEmpty() && nowNanos - sent.peekFirst() >= windowNanos) {
            sent.removeFirst();
        }
        if (sent.size() < limit) {
            sent.addLast(nowNanos);
            return Duration.ZERO;
        }
        return Duration.ofNanos(windowNanos - (nowNanos - sent.peekFirst()));
    }
}
