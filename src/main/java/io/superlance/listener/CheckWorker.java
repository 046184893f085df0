package io.superlance.listener;

import io.superlance.http.Redacted;
import io.superlance.log.Log;
import io.superlance.log.MonitorLog;
import io.superlance.monitor.Action;
import io.superlance.monitor.Probe;
import io.superlance.monitor.Snapshot;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Does a monitor's I/O beside the event loop, on one thread, one check at a time: the restarts, core
 * dumps and pings a decision asked for, then the facts it named, handed back for the next decision
 * (which its {@link MonitorRuntime} makes on this thread under the monitor's lock), until a decision asks for no more.
 * A check asked for while another runs is skipped (the event is acknowledged all the same), so a slow
 * URL or a process taking its stopwaitsecs never holds up supervisord's events.
 */
final class CheckWorker {
    /** Decisions within one check: facts, more facts, effects, report; more means a monitor bug. */
    private static final int MAX_ROUNDS = 6;
    /**
     * How long {@link #stop} waits for a restart under way: cut between its stop and its start, it would
     * leave the program STOPPED. supervisord waits the listener's stopwaitsecs (10 s by default) before
     * it kills it.
     */
    static final Duration RESTART_WAIT = Duration.ofSeconds(8);

    private final MonitorLog log;
    private final Operations ops;
    private final BiConsumer<String, String> pinged; // what was pinged, and null or why it failed
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean stopping;
    // The program a restart (or core dump and restart) is under way for, else null.
    private final AtomicReference<String> restarting = new AtomicReference<>();
    private ExecutorService thread;

    /**
     * @param log    the monitor's
     * @param pinged told of each ping's outcome: what was pinged, and null or why it failed
     */
    CheckWorker(MonitorLog log, Operations ops, BiConsumer<String, String> pinged) {
        this.log = log;
        this.ops = ops;
        this.pinged = pinged;
    }

    /**
     * Starts a check: {@code first} is done, then {@code decide} is given what it gathered and answers
     * with the next work, and so on.
     *
     * @return false when skipped because the previous check still runs
     */
    boolean submit(Work first, Function<Snapshot, Work> decide) {
        if (stopping) {
            return false;
        }
        if (!busy.compareAndSet(false, true)) {
            log.info((first.trigger() == null ? "check" : first.trigger()) + " skipped: the previous check is still running");
            return false;
        }
        try {
            executor().execute(() -> {
                try {
                    run(first, decide);
                } catch (RuntimeException e) {
                    log.error("check failed: " + Log.describe(e));
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
    boolean busy() {
        return busy.get();
    }

    /**
     * Lets a running check finish for up to {@code wait}, or a restart under way for up to
     * {@link #RESTART_WAIT}, then stops the thread. No check or restart begins once this is called.
     */
    void stop(Duration wait) {
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
            log.info("waiting up to " + wait.toSeconds() + " s for the restart of " + program + " to finish");
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

    /** The check's rounds, on the worker thread: each does the work asked for, then gathers and lets the monitor decide. */
    void run(Work first, Function<Snapshot, Work> decide) {
        Snapshot snapshot = Snapshot.EMPTY;
        Work work = first;
        for (int round = 0; ; round++) {
            List<Snapshot.Effect> effects = carryOut(work.steps());
            if (effects.isEmpty() && work.probes() == null) {
                return;
            }
            if (round == MAX_ROUNDS) {
                log.warn("check stopped after " + MAX_ROUNDS + " rounds");
                return;
            }
            try {
                snapshot = gather(snapshot.withEffects(effects.isEmpty() ? null : effects),
                        work.probes() == null ? List.of() : work.probes());
            } catch (IOException | RuntimeException e) {
                log.error(first.trigger() + " check abandoned: " + Log.describe(e));
                return;
            }
            work = decide.apply(snapshot);
        }
    }

    /** The steps in order. @return what the restarts and core dumps did, for the next decision */
    private List<Snapshot.Effect> carryOut(List<Action> steps) {
        List<Snapshot.Effect> effects = new ArrayList<>();
        for (Action action : steps) {
            if (action instanceof Action.Restart r) {
                Snapshot.Effect e = underWay("restarting", r.process().id().namespec(), () -> ops.restart(r));
                if (e != null) {
                    log.info(String.join("; ", e.report()));
                    effects.add(e);
                }
            } else if (action instanceof Action.DumpCore d) {
                Snapshot.Effect e = underWay("dumping the core of", d.process().namespec(), () -> ops.dumpCore(d));
                if (e != null) {
                    log.info(e.ok() ? "dumped the core of " + d.process() : "gcore of " + d.process() + " failed: " + e.error());
                    effects.add(e);
                }
            } else if (action instanceof Action.Ping p) {
                ping(p);
            } else if (action instanceof Action.Log l) {
                MonitorRuntime.write(log, l);
            }
        }
        return effects;
    }

    /**
     * Carries out a restart (or core dump) of {@code program}, marked as under way so that {@link #stop}
     * waits for it; or, once the listener is stopping, does not begin it and returns null.
     */
    private Snapshot.Effect underWay(String doing, String program, Supplier<Snapshot.Effect> act) {
        restarting.set(program);
        try {
            if (stopping) {
                log.info("not " + doing + " " + program + ": the listener is stopping");
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
        String url = Redacted.url(p.url()); // the URL is the check's secret; --fail-param's text is masked too
        String what = (p.failure() ? "failure" : "success") + " ping to " + url;
        pinged.accept(what, error);
        if (error != null) {
            log.error(what + " failed: " + error);
            pingFailing = true;
        } else if (pingFailing) {
            log.info(what + " went through again");
            pingFailing = false;
        }
    }

    private Snapshot gather(Snapshot snapshot, List<Probe> probes) throws IOException {
        Snapshot s = snapshot;
        for (Probe p : probes) {
            if (p instanceof Probe.Processes) {
                try {
                    s = s.withProcesses(ops.processes());
                } catch (IOException | RuntimeException e) {
                    // supervisord did not answer: the runtime alerts once and logs the failure when it changes
                    return s.withRpcFailure(ops.rpcFailure(e));
                }
            } else if (p instanceof Probe.Memory) {
                s = s.withMemory(ops.memory());
            } else if (p instanceof Probe.HttpGet get) {
                s = s.withHttp(ops.get(get));
            }
        }
        return s;
    }
}
