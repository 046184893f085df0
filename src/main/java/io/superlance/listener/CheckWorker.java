package io.superlance.listener;

import io.superlance.http.Redacted;
import io.superlance.log.Log;
import io.superlance.log.MonitorLog;
import io.superlance.monitor.Action;
import io.superlance.monitor.CheckOperations;
import io.superlance.monitor.CheckingMonitor;
import io.superlance.monitor.Effect;
import io.superlance.monitor.HttpGet;
import io.superlance.monitor.HttpResult;
import io.superlance.monitor.RpcFailure;
import io.superlance.proc.ProcessTree;
import io.superlance.rpc.ProcessInfo;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a monitor's checks ({@link CheckingMonitor#check}) beside the event loop, on one thread, one check
 * at a time, and gives them their I/O: the {@link Operations}, with what supervisord's answer, each restart
 * and each ping did told to the runtime ({@link Told}) and logged. A check asked for while another runs is
 * skipped (the event is acknowledged all the same), so a slow URL or a process taking its stopwaitsecs
 * never holds up supervisord's events.
 */
final class CheckWorker {
    /**
     * How long {@link #stop} waits for a restart under way: cut between its stop and its start, it would
     * leave the program STOPPED. supervisord waits the listener's stopwaitsecs (10 s by default) before
     * it kills it.
     */
    static final Duration RESTART_WAIT = Duration.ofSeconds(8);

    private final MonitorLog log;
    private final Operations ops;
    private final Told told;
    private final CheckOperations io = new Io();
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean stopping;
    // The program a restart (or core dump and restart) is under way for, else null.
    private final AtomicReference<String> restarting = new AtomicReference<>();
    private ExecutorService thread;

    /** What a check's I/O did, for its runtime to record under the monitor's lock. */
    interface Told {
        /** supervisord answered with its process list. */
        void answered(List<ProcessInfo> processes);

        /** supervisord did not answer: the check ends there. */
        void unanswered(RpcFailure failure);

        /** A restart or core dump was carried out. */
        void restarted(Effect effect);

        /** What was pinged, and null or why it failed. */
        void pinged(String what, String error);
    }

    /** A check: a monitor's {@link CheckingMonitor#check} with the runtime's guard. */
    interface Check {
        void run(CheckOperations ops) throws IOException;
    }

    /** The check ends because supervisord did not answer; told already. */
    private static final class Unanswered extends IOException {
        Unanswered() {
            super("supervisord did not answer");
        }
    }

    /** @param log the monitor's */
    CheckWorker(MonitorLog log, Operations ops, Told told) {
        this.log = log;
        this.ops = ops;
        this.told = told;
    }

    /**
     * Starts a check on the worker's thread.
     *
     * @param trigger what asked for it, e.g. {@code TICK_60}, for the log
     * @return false when skipped because the previous check still runs
     */
    boolean submit(String trigger, Check check) {
        if (stopping) {
            return false;
        }
        if (!busy.compareAndSet(false, true)) {
            log.info(trigger + " skipped: the previous check is still running");
            return false;
        }
        try {
            executor().execute(() -> {
                try {
                    run(trigger, check);
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

    /** One check, on the worker's thread: what supervisord or /proc did not answer ends it. */
    void run(String trigger, Check check) {
        try {
            check.run(io);
        } catch (Unanswered e) {
            // the runtime was told: status shows why
        } catch (IOException e) {
            log.error(trigger + " check abandoned: " + Log.describe(e));
        }
    }

    /**
     * Carries out a restart (or core dump) of {@code program}, marked as under way so that {@link #stop}
     * waits for it; or, once the listener is stopping, does not begin it and returns null.
     */
    private Effect underWay(String doing, String program, Supplier<Effect> act) {
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

    /** The operations as a check sees them: each outcome logged and told. */
    private final class Io implements CheckOperations {
        @Override
        public List<ProcessInfo> processes() throws IOException {
            List<ProcessInfo> processes;
            try {
                processes = ops.processes();
            } catch (IOException | RuntimeException e) {
                // supervisord did not answer: the runtime alerts once and logs the failure when it changes
                told.unanswered(ops.rpcFailure(e));
                throw new Unanswered();
            }
            told.answered(processes);
            return processes;
        }

        @Override
        public ProcessTree memory() throws IOException {
            return ops.memory();
        }

        @Override
        public HttpResult get(HttpGet get) {
            return ops.get(get);
        }

        @Override
        public Effect restart(Action.Restart r) {
            Effect e = underWay("restarting", r.process().id().namespec(), () -> ops.restart(r));
            if (e != null) {
                log.info(String.join("; ", e.report()));
                told.restarted(e);
            }
            return e;
        }

        @Override
        public Effect dumpCore(Action.DumpCore d) {
            Effect e = underWay("dumping the core of", d.process().namespec(), () -> ops.dumpCore(d));
            if (e != null) {
                log.info(e.ok() ? "dumped the core of " + d.process() : "gcore of " + d.process() + " failed: " + e.error());
                told.restarted(e);
            }
            return e;
        }

        /** A failed ping is logged and forgotten: the loop goes on, the endpoint alerts when pings stop. */
        @Override
        public String ping(Action.Ping p) {
            String error = ops.ping(p);
            String url = Redacted.url(p.url()); // the URL is the check's secret; --fail-param's text is masked too
            String what = (p.failure() ? "failure" : "success") + " ping to " + url;
            told.pinged(what, error);
            if (error != null) {
                log.error(what + " failed: " + error);
                pingFailing = true;
            } else if (pingFailing) {
                log.info(what + " went through again");
                pingFailing = false;
            }
            return error;
        }
    }
}
