package io.superlance.alert.standin;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A service's count of requests in a sliding window, kept apart from the channels' own limiter so the
 * stand-in does not share the code it checks.
 */
final class Window {
    private final int limit;
    private final long windowMillis;
    private final ArrayDeque<Long> times = new ArrayDeque<>();

    Window(int limit, Duration window) {
        this.limit = limit;
        this.windowMillis = window.toMillis();
    }

    /** Counts a request at {@code now}; false when it is one too many (it is not counted then). */
    boolean admit(long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= windowMillis) {
            times.removeFirst();
        }
        if (times.size() >= limit) {
            return false;
        }
        times.addLast(now);
        return true;
    }

    /** Milliseconds until a request would be admitted again. */
    long retryAfter(long now) {
        return times.isEmpty() ? 0 : Math.max(0, times.peekFirst() + windowMillis - now);
    }
}
