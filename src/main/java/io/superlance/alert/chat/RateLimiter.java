package io.superlance.alert.chat;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * At most {@code limit} sends in any window of {@code window}: a sliding log of recent send times.
 * Chat robots have such budgets: DingTalk and WeCom allow a robot 20 messages a minute, and DingTalk then
 * blocks it (errcode 130101) for ten minutes.
 */
public final class RateLimiter {
    private final int limit;
    private final long windowNanos;
    private final ArrayDeque<Long> sent = new ArrayDeque<>();

    public RateLimiter(int limit, Duration window) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
    }

    /**
     * Takes one slot if there is one.
     * @return zero when taken, else how long until a slot frees up
     */
    public Duration tryAcquire(long nowNanos) {
        return tryAcquire(nowNanos, 1);
    }

    /**
     * Takes {@code count} slots if there are that many, else none: for a message that needs several posts.
     * @return zero when taken, else how long until enough slots free up
     */
    public synchronized Duration tryAcquire(long nowNanos, int count) {
        while (!sent.isEmpty() && nowNanos - sent.peekFirst() >= windowNanos) {
            sent.removeFirst();
        }
        if (sent.size() + count <= limit) {
            for (int i = 0; i < count; i++) {
                sent.addLast(nowNanos);
            }
            return Duration.ZERO;
        }
        int mustExpire = Math.min(sent.size(), sent.size() + count - limit);
        long freedAt = sent.stream().skip(mustExpire - 1L).findFirst().orElse(nowNanos) + windowNanos;
        return Duration.ofNanos(Math.max(0, freedAt - nowNanos));
    }
}
