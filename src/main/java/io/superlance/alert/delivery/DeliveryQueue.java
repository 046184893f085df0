package io.superlance.alert.delivery;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertSink;
import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.spool.Spool;
import io.superlance.alert.spool.SpoolEntry;
import io.superlance.log.Log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Delivers alerts beside the event loop. {@link #submit} only records the alert in the spool; one lane
 * (a thread) per channel then takes from the spool what that channel has not yet taken, so a channel
 * that hangs or fails holds up nobody else. Failures are retried with exponential backoff per channel
 * until the alert is older than the give-up age; a channel's refusal that retrying cannot fix (bad
 * login, bad address) is given up at once. Each outcome is logged.
 */
public final class DeliveryQueue implements AlertSink {
    /** Most alerts one message takes on a channel that folds alerts. */
    static final int MAX_PER_MESSAGE = 50;

    private final Spool spool;
    private final RetryPolicy retry;
    private final StormControl storm;
    private final Duration minInterval;
    private final Clock clock;
    private final List<Lane> lanes = new ArrayList<>();
    private boolean draining;
    private long drainDeadline;

    /**
     * @param spool       opened with {@link #keys(List)} of these channels
     * @param minInterval storm control window per program; zero for none
     */
    public DeliveryQueue(List<Channel> channels, Spool spool, RetryPolicy retry, Duration minInterval, Clock clock) {
        this.spool = spool;
        this.retry = retry;
        this.minInterval = minInterval;
        this.storm = new StormControl(minInterval);
        this.clock = clock;
        List<String> keys = keys(channels);
        for (int i = 0; i < channels.size(); i++) {
            lanes.add(new Lane(channels.get(i), keys.get(i)));
        }
    }

    /** In memory only, without storm control: for tests and tools. */
    public DeliveryQueue(List<Channel> channels, RetryPolicy retry) {
        this(channels, Spool.inMemory(1000, keys(channels)), retry, Duration.ZERO, Clock.systemUTC());
    }

    /** How the spool names each channel: its name, numbered when two channels share one. */
    public static List<String> keys(List<Channel> channels) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (Channel c : channels) {
            int n = seen.merge(c.name(), 1, Integer::sum);
            keys.add(n == 1 ? c.name() : c.name() + " #" + n);
        }
        return keys;
    }

    public void start() {
        for (Lane lane : lanes) {
            lane.thread.start();
        }
    }

    @Override
    public void submit(Alert alert) {
        Log.info("alert " + alert.id() + ": " + alert.subject().strip() + " -- " + excerpt(alert.body()));
        if (lanes.isEmpty()) {
            Log.info("alert " + alert.id() + " not sent: no channel configured");
            return;
        }
        boolean taken = false;
        for (Lane lane : lanes) {
            taken |= lane.channel.accepts(alert);
        }
        if (!taken) {
            Log.info("alert " + alert.id() + " not sent: none of the channels takes " + (alert.resolved() ? "resolutions" : "it"));
            return;
        }
        synchronized (this) {
            Instant hold = storm.holdUntil(alert, clock.instant());
            SpoolEntry e = spool.add(alert, hold);
            if (e == null) {
                Log.error("alert " + alert.id() + " not kept: the spool is full (--spool-max " + spool.max()
                        + "); the next message on each channel says how many alerts were not shown");
            } else if (hold != null) {
                Log.info("alert " + alert.id() + " held until " + hold + " by --min-interval: folded with the other alerts for "
                        + alert.process() + " in that window");
            }
            notifyAll();
        }
    }

    /** A long digest in one readable log line: its start and how many lines it has. */
    static String excerpt(String body) {
        if (body.length() <= 600) {
            return body;
        }
        return body.substring(0, 600) + "... (" + body.lines().count() + " lines, " + body.length() + " characters)";
    }

    /** Alerts some channel has yet to take. */
    public synchronized int pending() {
        return spool.size();
    }

    /**
     * Releases held alerts and waits up to {@code timeout} for every channel to take what is waiting.
     * What is left stays in a spool directory for the next start.
     * @return true when nothing is left
     */
    public synchronized boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (draining) {
            // drained already (on EOF), now again from the shutdown hook: the time was spent once
            deadline = Math.min(deadline, drainDeadline);
            if (deadline - System.nanoTime() <= 0) {
                return spool.size() == 0;
            }
        }
        drainDeadline = deadline;
        draining = true;
        notifyAll();
        while (spool.size() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int n = spool.size();
        if (n == 0) {
            return true;
        }
        if (spool.dir() != null) {
            Log.warn(n + " alert(s) not yet delivered stay in the spool " + spool.dir() + "; the next start delivers them");
        } else {
            Log.error(n + " alert(s) not delivered before exit and lost: there is no spool directory");
        }
        return false;
    }

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

    /** What a lane sends in one go: groups of spool entries, each group one alert. */
    private record Work(List<List<SpoolEntry>> groups, List<Alert> alerts, long notShown) {
        List<SpoolEntry> entries() {
            List<SpoolEntry> all = new ArrayList<>();
            groups.forEach(all::addAll);
            return all;
        }

        String ids() {
            StringBuilder b = new StringBuilder();
            for (SpoolEntry e : entries()) {
                b.append(b.length() == 0 ? "" : ", ").append(e.alert().id());
            }
            return b.toString();
        }
    }

    private final class Lane implements Runnable {
        private final Channel channel;
        private final String key;
        private final Thread thread;
        private long currentSeq = -1;
        private int attempts;
        private int failures;

        Lane(Channel channel, String key) {
            this.channel = channel;
            this.key = key;
            this.thread = new Thread(this, "deliver " + key);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Work w;
                    synchronized (DeliveryQueue.this) {
                        while ((w = next()) == null) {
                            DeliveryQueue.this.wait(untilNextHold());
                        }
                    }
                    deliver(w);
                }
            } catch (InterruptedException e) {
                // the process is exiting
            }
        }

        /** Called under the queue's lock. */
        private Work next() {
            Instant now = clock.instant();
            List<List<SpoolEntry>> groups = new ArrayList<>();
            Set<Long> taken = new HashSet<>();
            List<SpoolEntry> all = new ArrayList<>(spool.entries());
            for (int i = 0; i < all.size(); i++) {
                SpoolEntry e = all.get(i);
                if (e.doneFor(key) || taken.contains(e.seq())) {
                    continue;
                }
                if (!channel.accepts(e.alert())) {
                    spool.markDone(e, key); // e.g. a resolution on a channel read by people
                    DeliveryQueue.this.notifyAll();
                    continue;
                }
                if (held(e, now)) {
                    continue;
                }
                List<SpoolEntry> group = new ArrayList<>(List.of(e));
                if (e.holdUntil() != null) {
                    for (SpoolEntry f : all.subList(i + 1, all.size())) {
                        if (!f.doneFor(key) && channel.accepts(f.alert()) && e.holdUntil().equals(f.holdUntil())
                                && e.alert().process().equals(f.alert().process())) {
                            group.add(f);
                        }
                    }
                }
                group.forEach(g -> taken.add(g.seq()));
                groups.add(group);
                if (!channel.foldsAlerts() || groups.size() >= MAX_PER_MESSAGE) {
                    break;
                }
            }
            if (groups.isEmpty()) {
                return null;
            }
            long notShown = spool.notShown(key);
            List<Alert> alerts = new ArrayList<>();
            for (List<SpoolEntry> g : groups) {
                alerts.add(Folding.fold(g.stream().map(SpoolEntry::alert).toList(), minInterval));
            }
            alerts.set(0, Folding.withNotShown(alerts.get(0), notShown));
            return new Work(groups, alerts, notShown);
        }

        private boolean held(SpoolEntry e, Instant now) {
            return !draining && e.holdUntil() != null && now.isBefore(e.holdUntil());
        }

        /** Milliseconds until the first held alert this lane waits for is released; 0 for none (wait for a notify). */
        private long untilNextHold() {
            Instant now = clock.instant();
            long ms = 0;
            for (SpoolEntry e : spool.entries()) {
                if (!e.doneFor(key) && held(e, now)) {
                    long m = Math.max(1, Duration.between(now, e.holdUntil()).toMillis() + 1);
                    ms = ms == 0 ? m : Math.min(ms, m);
                }
            }
            return ms;
        }

        private void deliver(Work w) throws InterruptedException {
            long first = w.groups().get(0).get(0).seq();
            attempts = first == currentSeq ? attempts + 1 : 1;
            currentSeq = first;
            String what = w.entries().size() == 1 ? "alert " + w.ids()
                    : "alerts " + w.ids() + " (as " + (w.alerts().size() == 1 ? "one message" : w.alerts().size() + " messages in one") + ")";
            try {
                if (channel.foldsAlerts()) {
                    channel.sendAll(w.alerts());
                } else {
                    channel.send(w.alerts().get(0));
                }
                failures = 0;
                Log.info(what + " sent via " + channel.name() + (attempts > 1 ? " at attempt " + attempts : "")
                        + (w.notShown() > 0 ? ", with the count of " + w.notShown() + " alerts the full spool could not keep" : ""));
                finish(w);
                return;
            } catch (DeliveryException e) {
                failures++;
                Instant oldest = w.entries().get(0).alert().time();
                boolean tooOld = clock.instant().isAfter(oldest.plus(retry.giveUpAfter()));
                if (!e.retryable() || tooOld) {
                    Log.error(what + " given up via " + channel.name() + " after " + attempts + " attempt(s): "
                            + Log.describe(e) + (e.retryable() ? " (older than the give-up age " + retry.giveUpAfter() + ")"
                            : " (retrying cannot help)"));
                    finish(w);
                    return;
                }
                Duration delay = retry.delayAfter(failures);
                Log.warn(what + " not sent via " + channel.name() + " (attempt " + attempts + "): " + Log.describe(e)
                        + "; retrying in " + delay.toMillis() + " ms");
                Thread.sleep(delay.toMillis());
            } catch (RuntimeException e) {
                Log.error(what + " given up via " + channel.name() + " after an unexpected error: " + Log.describe(e));
                finish(w);
            }
        }

        private void finish(Work w) {
            synchronized (DeliveryQueue.this) {
                for (SpoolEntry e : w.entries()) {
                    spool.markDone(e, key);
                }
                spool.shown(key, w.notShown());
                DeliveryQueue.this.notifyAll();
            }
        }
    }
}
