package io.superlance.alert.delivery;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertSink;
import io.superlance.alert.Channel;
import io.superlance.alert.spool.Spool;
import io.superlance.alert.spool.SpoolEntry;
import io.superlance.log.Log;
import io.superlance.log.MonitorLog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers alerts beside the event loop. {@link #submit} only records the alert in the spool, held back
 * by {@link StormControl} when the window of what it is about is open; one {@link Lane} (a thread) per
 * channel then takes from the spool what {@link BatchChooser} says is due for that channel, so a channel
 * that hangs or fails holds up nobody else; when a channel comes back after failing, what piled up goes
 * out folded, and each entry is marked done only once the message it is folded into is delivered. {@link #drain} releases what is held and waits for the lanes at exit.
 * The queue's lock guards the spool.
 */
public final class DeliveryQueue implements AlertSink {
    /** How often an idle lane lets the spool retry its writes and check its directory. */
    private static final long SPOOL_CHECK_MS = 2000;
    private final Spool spool;
    private final StormControl storm;
    private final BatchChooser chooser;
    private final Clock clock;
    private final MonitorLog log;
    private final List<Lane> lanes = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private boolean draining;
    /** Stopped for exit: no call is started, nothing more is accepted. */
    private boolean stopped;
    /** Lanes inside a channel call, its outcome not yet recorded. */
    private int calling;
    private long drainDeadline;

    /**
     * @param spool       opened with {@link #keys(List)} of these channels
     * @param minInterval storm control window per program; zero for none
     * @param log         the log of the monitor whose alerts these are
     */
    public DeliveryQueue(List<Channel> channels, Spool spool, RetryPolicy retry, Duration minInterval, Clock clock,
                         MonitorLog log) {
        this.log = log;
        this.spool = spool;
        this.storm = new StormControl(minInterval);
        this.chooser = new BatchChooser(minInterval);
        this.clock = clock;
        List<String> keys = keys(channels);
        for (int i = 0; i < channels.size(); i++) {
            Lane lane = new Lane(channels.get(i), keys.get(i), retry, clock, log);
            Thread t = new Thread(() -> run(lane), "deliver " + lane.key());
            t.setDaemon(true);
            lanes.add(lane);
            threads.add(t);
        }
    }

    /** For tests: logs as a monitor named delivery. */
    public DeliveryQueue(List<Channel> channels, Spool spool, RetryPolicy retry, Duration minInterval, Clock clock) {
        this(channels, spool, retry, minInterval, clock, Log.of("delivery"));
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
        threads.forEach(Thread::start);
    }

    @Override
    public void submit(Alert alert) {
        log.info("alert " + alert.id() + ": " + alert.subject().strip() + " -- " + excerpt(alert.body()));
        if (lanes.isEmpty()) {
            log.info("alert " + alert.id() + " not sent: no channel configured");
            return;
        }
        boolean taken = false;
        for (Lane lane : lanes) {
            taken |= lane.channel().accepts(alert);
        }
        if (!taken) {
            log.info("alert " + alert.id() + " not sent: none of the channels takes " + (alert.resolved() ? "resolutions" : "it"));
            return;
        }
        synchronized (this) {
            while (stopped) {
                // the process is exiting: written to the spool now, the alert could be raised again by the next
                // listener from the same event (its acknowledgement may not get out); unacknowledged, supervisord
                // sends that event to the next listener
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Instant hold = storm.holdUntil(alert, clock.instant());
            SpoolEntry e = spool.add(alert, hold);
            if (e == null) {
                log.error("alert " + alert.id() + " not kept: the spool is full (--spool-max " + spool.max()
                        + "); the next message on each channel says how many alerts were not shown");
            } else if (hold != null) {
                log.info("alert " + alert.id() + " held until " + Log.time(hold) + " by --min-interval: folded with the other alerts for "
                        + Folding.about(alert) + " in that window");
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

    /**
     * Alerts accepted that are not on disk: the spool cannot be written (disk full) or has no directory.
     * Every other accepted alert is on disk before the event that raised it is acknowledged.
     */
    public synchronized int unwritten() {
        return spool.inMemoryOnly();
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
        awaitUntil(deadline, () -> spool.size() == 0);
        int n = spool.size();
        if (n == 0) {
            return true;
        }
        if (spool.dir() == null) {
            log.error(n + " alert(s) not delivered before exit and lost: there is no spool directory");
            return false;
        }
        // say only what is on disk now: the directory may have been removed or the disk be full
        int kept = spool.saveAll();
        if (kept > 0) {
            log.info(kept + " alert(s) not yet delivered stay in the spool " + spool.dir() + "; the next start delivers them");
        }
        if (kept < n) {
            log.error((n - kept) + " alert(s) not delivered before exit and lost: they cannot be written to the spool "
                    + spool.dir() + " (" + spool.writeFault() + ")");
        }
        return false;
    }

    /**
     * At exit: what is due goes out for {@code deliverFor}, as {@link #drain} sends it; then the queue stops
     * and no channel call starts. The calls still running get up to {@code finishFor} more to end and be
     * recorded: one that ended as the process exits, its outcome never recorded, would have its alert sent
     * again by the next start. A call that has not ended by then ends with the process (its connection
     * closes; a sendmail command is killed, see ListenerProcess), so its alert stays in the spool as not
     * sent. Alerts submitted after the stop wait for the process to end, so the events
     * that brought them are never acknowledged and supervisord sends them to the next listener.
     * @return true when nothing was left
     */
    public boolean stop(Duration deliverFor, Duration finishFor) {
        boolean empty = drain(deliverFor);
        synchronized (this) {
            stopped = true;
            lanes.forEach(Lane::stopping);
            notifyAll();
            if (!awaitUntil(System.nanoTime() + finishFor.toNanos(), () -> calling == 0)) {
                log.info(calling + " channel call(s) still running at exit: their alerts stay in the spool as not sent");
            }
        }
        return empty;
    }

    /** A lane's thread: takes what is due, sends it, waits and tries again as the lane says. */
    private void run(Lane lane) {
        try {
            while (true) {
                Batch b = take(lane);
                Duration retryIn;
                try {
                    retryIn = deliver(lane, b);
                } finally {
                    callEnded();
                }
                if (retryIn != null) {
                    pause(retryIn);
                }
            }
        } catch (InterruptedException e) {
            // the process is exiting
        }
    }

    private synchronized void callEnded() {
        calling--;
        notifyAll();
    }

    /**
     * Waits before a lane's next attempt, letting the spool retry its failed writes meanwhile: a disk that
     * was full is noticed within {@link #SPOOL_CHECK_MS} of being freed even while every channel is down.
     */
    private synchronized void pause(Duration d) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        while (!stopped) {
            spool.check();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, Math.min(left / 1_000_000, SPOOL_CHECK_MS)));
        }
        throw new InterruptedException("stopped");
    }

    /**
     * Sends the batch once and records how it went.
     * @return null when it is finished with, else the wait before the lane tries again
     */
    Duration deliver(Lane lane, Batch b) {
        Duration retryIn = lane.attempt(b);
        if (retryIn == null) {
            finish(lane, b);
        } else if (!lane.overBudget()) {
            failed(lane, b, retryIn);
        }
        return retryIn;
    }

    /** Waits until something is due for the lane's channel. */
    private synchronized Batch take(Lane lane) throws InterruptedException {
        while (true) {
            if (stopped) {
                throw new InterruptedException("stopped");
            }
            Batch b = due(lane);
            if (b != null) {
                calling++;
                return b;
            }
            long wait = BatchChooser.untilNextHold(spool.entries(), lane.key(), clock.instant(), draining);
            // wake up now and then to retry failed spool writes (wait(0) would wait for ever)
            wait(wait == 0 ? SPOOL_CHECK_MS : Math.min(wait, SPOOL_CHECK_MS));
        }
    }

    /** What is due for the lane's channel now; null for nothing (the lane has caught up). */
    synchronized Batch due(Lane lane) {
        spool.check();
        List<SpoolEntry> leftOut = BatchChooser.leftOut(spool.entries(), lane.channel(), lane.key());
        if (!leftOut.isEmpty()) {
            leftOut.forEach(e -> spool.markDone(e, lane.key()));
            notifyAll();
        }
        Batch b = chooser.next(spool.entries(), lane.channel(), lane.key(), spool.notShown(lane.key()), clock.instant(),
                draining, lane.subjectsLeft());
        if (b == null) {
            lane.caughtUp();
        }
        return b;
    }

    /** The lanes, one per channel, for tests that run them on a clock of their own instead of {@link #start}. */
    List<Lane> lanes() {
        return List.copyOf(lanes);
    }

    /**
     * How one channel has done since the start, for the metrics file.
     * @param failed attempts at alerts that failed and are retried
     */
    public record ChannelStats(String channel, long sent, long failed, long givenUp, int pending) {
    }

    /** Each channel's counts and the alerts it still has to deliver. */
    public synchronized List<ChannelStats> stats() {
        List<ChannelStats> out = new ArrayList<>();
        for (Lane lane : lanes) {
            int pending = 0;
            for (SpoolEntry e : spool.entries()) {
                if (!e.doneFor(lane.key())) {
                    pending++;
                }
            }
            long[] o = lane.outcomes();
            out.add(new ChannelStats(lane.key(), o[0], o[1], o[2], pending));
        }
        return out;
    }

    /** Keeps how the batch fared in its entries' files, so {@code superlance status} can tell why they wait. */
    private synchronized void failed(Lane lane, Batch b, Duration retryIn) {
        SpoolEntry.Tries tries = new SpoolEntry.Tries(lane.attempts(), lane.lastError(), clock.instant().plus(retryIn));
        for (SpoolEntry e : b.entries()) {
            spool.failed(e, lane.key(), tries);
        }
    }

    private synchronized void finish(Lane lane, Batch b) {
        for (SpoolEntry e : b.entries()) {
            spool.markDone(e, lane.key());
        }
        spool.shown(lane.key(), b.notShown());
        notifyAll();
    }

    /** Waits on this queue's monitor (held) until {@code done} or the deadline. @return whether it is done */
    private boolean awaitUntil(long deadline, java.util.function.BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
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
}
