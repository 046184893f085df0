package io.superlance.alert;

import io.superlance.log.Log;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers alerts beside the event loop: one lane (a queue and a thread) per channel, so a channel that
 * hangs holds up nobody else. Failed deliveries are retried with exponential backoff. Held in memory.
 */
public final class DeliveryQueue implements AlertSink {
    /** Most alerts one lane holds; beyond it the oldest waiting alert is dropped and logged. */
    static final int LANE_CAPACITY = 1000;

    private final List<Lane> lanes = new ArrayList<>();
    private final RetryPolicy retry;

    public DeliveryQueue(List<Channel> channels, RetryPolicy retry) {
        this.retry = retry;
        for (Channel c : channels) {
            lanes.add(new Lane(c));
        }
    }

    public void start() {
        for (Lane lane : lanes) {
            lane.thread.start();
        }
    }

    @Override
    public void submit(Alert alert) {
        Log.info("alert " + alert.id() + ": " + alert.subject().strip() + " -- " + alert.body());
        if (lanes.isEmpty()) {
            Log.info("alert " + alert.id() + " not sent: no channel configured (give -m or --smtp-host)");
        }
        for (Lane lane : lanes) {
            lane.offer(alert);
        }
    }

    /**
     * Stops taking alerts and waits up to {@code timeout} for the lanes to empty.
     * @return true when everything was delivered or given up on within the time
     */
    public synchronized boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (Lane lane : lanes) {
            all &= lane.drain(deadline);
        }
        return all;
    }

    /** How long to wait between attempts, and how often to try. */
    public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay) {
        public static RetryPolicy standard() {
            return new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofMinutes(1));
        }

        Duration delayAfter(int attempt) {
            long ms = firstDelay.toMillis() << Math.min(attempt - 1, 20);
            return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
        }
    }

    private final class Lane implements Runnable {
        private final Channel channel;
        private final ArrayDeque<Alert> waiting = new ArrayDeque<>();
        private final Thread thread;
        private boolean busy;
        private boolean closing;

        Lane(Channel channel) {
            this.channel = channel;
            this.thread = new Thread(this, "deliver " + channel.name());
            this.thread.setDaemon(true);
        }

        synchronized void offer(Alert alert) {
            if (closing) {
                Log.warn("alert " + alert.id() + " not sent via " + channel.name() + ": listener is stopping");
                return;
            }
            if (waiting.size() >= LANE_CAPACITY) {
                Alert dropped = waiting.removeFirst();
                Log.error("alert " + dropped.id() + " dropped for " + channel.name() + ": more than "
                        + LANE_CAPACITY + " alerts waiting");
            }
            waiting.addLast(alert);
            notifyAll();
        }

        synchronized boolean drain(long deadline) {
            closing = true;
            notifyAll();
            while (busy || !waiting.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    int lost = waiting.size() + (busy ? 1 : 0);
                    Log.error(lost + " alert(s) not delivered via " + channel.name() + " before exit");
                    return false;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }

        @Override
        public void run() {
            while (true) {
                Alert alert;
                synchronized (this) {
                    busy = false;
                    notifyAll();
                    while (waiting.isEmpty()) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    alert = waiting.removeFirst();
                    busy = true;
                }
                deliver(alert);
            }
        }

        private void deliver(Alert alert) {
            for (int attempt = 1; ; attempt++) {
                try {
                    channel.send(alert);
                    Log.info("alert " + alert.id() + " sent via " + channel.name());
                    return;
                } catch (DeliveryException e) {
                    if (!e.retryable() || attempt >= retry.attempts()) {
                        Log.error("alert " + alert.id() + " given up via " + channel.name() + " after "
                                + attempt + " attempt(s): " + Log.describe(e));
                        return;
                    }
                    Duration delay = retry.delayAfter(attempt);
                    Log.warn("alert " + alert.id() + " not sent via " + channel.name() + " (attempt " + attempt
                            + "): " + Log.describe(e) + "; retrying in " + delay.toMillis() + " ms");
                    try {
                        Thread.sleep(delay.toMillis());
                    } catch (InterruptedException ie) {
                        return;
                    }
                } catch (RuntimeException e) {
                    Log.error("alert " + alert.id() + " given up via " + channel.name() + ": " + Log.describe(e));
                    return;
                }
            }
        }
    }
}
