package io.superlance.listener;

import io.superlance.alert.AlertSink;
import io.superlance.log.Log;
import io.superlance.monitor.Action;
import io.superlance.monitor.CheckingMonitor;
import io.superlance.monitor.Probe;
import io.superlance.monitor.Snapshot;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs checks beside the event loop on one thread, one at a time: gathers the facts a
 * {@link Action.Check} names, lets the monitor decide, carries out its restarts and hands its alerts
 * to the sink. A check asked for while another runs is skipped (the event is acknowledged all the
 * same), so a slow URL or a process taking its stopwaitsecs never holds up supervisord's events.
 */
public final class CheckWorker {
    /** Rounds of decide within one check: facts, more facts, effects, report; more means a monitor bug. */
    private static final int MAX_ROUNDS = 6;
    /**
     * How long {@link #stop} waits for a restart under way: cut between its stop and its start, it would
     * leave the program STOPPED. supervisord waits the listener's stopwaitsecs (10 s by default) before
     * it kills it.
     */
    static final Duration RESTART_WAIT = Duration.ofSeconds(8);

    private final Operations ops;
    private final AlertSink alerts;
    private final Clock clock;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean stopping;
    // The program a restart (or core dump and restart) is under way for, else null.
    private final AtomicReference<String> restarting = new AtomicReference<>();
    private ExecutorService thread;

    public CheckWorker(Operations ops, AlertSink alerts, Clock clock) {
        this.ops = ops;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** With the real supervisord, /proc and HTTP from the listener's environment. */
    public static CheckWorker live(java.util.Map<String, String> env, AlertSink alerts) {
        return new CheckWorker(new LiveOperations(env), alerts, Clock.systemUTC());
    }

    /** @return false when skipped because the previous check still runs */
    public boolean submit(CheckingMonitor monitor, Action.Check check) {
        if (!busy.compareAndSet(false, true)) {
            Log.info(check.trigger() + " skipped: the previous check is still running");
            return false;
        }
        try {
            executor().execute(() -> {
                try {
                    run(monitor, check);
                } catch (RuntimeException e) {
                    Log.error(monitor.name() + " check failed: " + Log.describe(e));
                } finally {
                    busy.set(false);
                }
            });
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            busy.set(false);
            return false;
        }
    }

    /** True while a check runs. */
    public boolean busy() {
        return busy.get();
    }

    /**
     * Lets a running check finish for up to {@code wait}, or a restart under way for up to
     * {@link #RESTART_WAIT}, then stops the thread. No restart begins once this is called.
     */
    public void stop(Duration wait) {
        stopping = true; // before reading restarting; a restart sets restarting before it reads stopping
        ExecutorService t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        t.shutdown();
        String program = restarting.get();
        if (program != null) {
            wait = RESTART_WAIT;
            Log.info("waiting up to " + wait.toSeconds() + " s for the restart of " + program + " to finish");
        }
        try {
            if (!t.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                t.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized ExecutorService executor() {
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "checks");
                t.setDaemon(true);
                return t;
            });
        }
        return thread;
    }

    void run(CheckingMonitor monitor, Action.Check first) {
        Snapshot snapshot = Snapshot.EMPTY;
        List<Probe> probes = first.probes();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            try {
                snapshot = gather(snapshot, probes);
            } catch (IOException | RuntimeException e) {
                Log.error(first.trigger() + " check abandoned: " + Log.describe(e));
                return;
            }
            List<Action> actions = monitor.decide(snapshot, clock.instant());
            probes = null;
            List<Snapshot.Effect> effects = new ArrayList<>();
            for (Action action : actions) {
                if (action instanceof Action.Notify n) {
                    alerts.submit(n.alert());
                } else if (action instanceof Action.Log l) {
                    Log.info(l.message());
                } else if (action instanceof Action.Check c) {
                    probes = c.probes();
                } else if (action instanceof Action.Restart r) {
                    Snapshot.Effect e = underWay(monitor, "restarting", r.process().id().namespec(), () -> ops.restart(r));
                    if (e != null) {
                        Log.info(String.join("; ", e.report()));
                        effects.add(e);
                    }
                } else if (action instanceof Action.Ping p) {
                    ping(p);
                } else if (action instanceof Action.DumpCore d) {
                    Snapshot.Effect e = underWay(monitor, "dumping the core of", d.process().namespec(), () -> ops.dumpCore(d));
                    if (e != null) {
                        Log.info(e.ok() ? "dumped the core of " + d.process() : "gcore of " + d.process() + " failed: " + e.error());
                        effects.add(e);
                    }
                }
            }
            if (monitor instanceof StateKeeper k) {
                k.afterActions(); // the round's alerts are in the spool and its restarts done: now save
            }
            if (!effects.isEmpty()) {
                snapshot = snapshot.withEffects(effects);
                if (probes == null) {
                    probes = List.of();
                }
            } else if (probes == null) {
                return;
            } else {
                snapshot = snapshot.withEffects(null);
            }
        }
        Log.warn(monitor.name() + ": check stopped after " + MAX_ROUNDS + " rounds");
    }

    /**
     * Carries out a restart (or core dump) of {@code program}, marked as under way so that {@link #stop}
     * waits for it; or, once the listener is stopping, does not begin it and returns null.
     */
    private Snapshot.Effect underWay(CheckingMonitor monitor, String doing, String program, Supplier<Snapshot.Effect> act) {
        restarting.set(program);
        try {
            if (stopping) {
                Log.warn(monitor.name() + ": not " + doing + " " + program + ": the listener is stopping");
                return null;
            }
            return act.get();
        } finally {
            restarting.set(null);
        }
    }

    // Worker thread only: whether the last ping failed, to log the first one that works again.
    private boolean pingFailing;

    /** A failed ping is logged and forgotten: the loop goes on, the endpoint alerts when pings stop. */
    private void ping(Action.Ping p) {
        String error = ops.ping(p);
        String url = p.url().length() > 120 ? p.url().substring(0, 117) + "..." : p.url(); // --fail-param URLs carry the text
        String what = (p.failure() ? "failure" : "success") + " ping to " + url;
        if (error != null) {
            Log.error(what + " failed: " + error);
            pingFailing = true;
        } else if (pingFailing) {
            Log.info(what + " went through again");
            pingFailing = false;
        }
    }

    private Snapshot gather(Snapshot snapshot, List<Probe> probes) throws IOException {
        Snapshot s = snapshot;
        for (Probe p : probes) {
            if (p instanceof Probe.Processes) {
                s = s.withProcesses(ops.processes());
            } else if (p instanceof Probe.Memory) {
                s = s.withMemory(ops.memory());
            } else if (p instanceof Probe.HttpGet get) {
                s = s.withHttp(ops.get(get));
            }
        }
        return s;
    }
}
