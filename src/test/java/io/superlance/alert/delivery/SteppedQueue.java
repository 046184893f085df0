package io.superlance.alert.delivery;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.spool.Spool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A delivery queue whose lanes are run by the test on a clock of its own instead of by their threads: each
 * {@link #step} does what a lane's thread does when it wakes up (take what is due, send it once, note when
 * to try again), so a test of minutes takes milliseconds.
 */
public final class SteppedQueue {
    private final DeliveryQueue queue;
    private final LongSupplier nowMillis;
    private final long[] nextTry;

    /** @param nowMillis the test's wall clock */
    public SteppedQueue(List<Channel> channels, RetryPolicy retry, LongSupplier nowMillis) {
        this.nowMillis = nowMillis;
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(nowMillis.getAsLong());
            }
        };
        this.queue = new DeliveryQueue(channels, Spool.inMemory(1000, DeliveryQueue.keys(channels)), retry, Duration.ZERO, clock);
        this.nextTry = new long[channels.size()];
    }

    public void submit(Alert alert) {
        queue.submit(alert);
    }

    public int pending() {
        return queue.pending();
    }

    /**
     * Lets every lane whose wait is over send what is due, as often as it would before waiting.
     * @param sent called with the alerts of each batch the lane finished with
     */
    public void step(java.util.function.Consumer<List<Alert>> sent) {
        List<Lane> lanes = queue.lanes();
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            while (nowMillis.getAsLong() >= nextTry[i]) {
                Batch b = queue.due(lane);
                if (b == null) {
                    break;
                }
                Duration wait = queue.deliver(lane, b);
                if (wait != null) {
                    nextTry[i] = nowMillis.getAsLong() + wait.toMillis();
                } else {
                    sent.accept(b.entries().stream().map(e -> e.alert()).toList());
                }
            }
        }
    }

    /** Alerts given up on every lane. */
    public long givenUp() {
        return queue.stats().stream().mapToLong(DeliveryQueue.ChannelStats::givenUp).sum();
    }
}
