package io.superlance.listener;

import io.superlance.alert.AlertSink;
import io.superlance.alert.LocalHost;
import io.superlance.log.Log;
import io.superlance.log.MonitorLog;
import io.superlance.monitor.Action;
import io.superlance.monitor.CheckingMonitor;
import io.superlance.monitor.Incidents;
import io.superlance.monitor.KeepsState;
import io.superlance.monitor.Monitor;
import io.superlance.monitor.Probe;
import io.superlance.monitor.ProgramNamesWatch;
import io.superlance.monitor.RpcWatch;
import io.superlance.monitor.ShowsOutput;
import io.superlance.monitor.Snapshot;
import io.superlance.monitor.TickWatch;
import io.superlance.monitor.TimedMonitor;
import io.superlance.monitor.Watch;
import io.superlance.protocol.Event;
import io.superlance.protocol.ProcessId;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One monitor at work, with its own thread, state journal and check worker. The monitor is called on
 * that one thread only, for events, wake-ups (the thread is its timer too) and checks alike, so it needs
 * no locks; and {@link #carryOut} is the one place its actions are carried out. Its I/O (restarts, HTTP
 * probes, pings) runs on the check worker, so neither thread ever holds up the event loop with it.
 * After each batch of actions the state is saved, once every alert of the batch is in the spool: a
 * kill at any point then sends an alert twice at worst, never loses one.
 */
public final class MonitorRuntime implements AutoCloseable {
    private final Monitor monitor;
    private final Set<String> wanted; // asked for every event, so copied once
    private final MonitorLog log;
    private final AlertSink alerts;
    private final Clock clock;
    private final HandledEvents handled = new HandledEvents(); // the monitor's thread only
    private final CheckResults results;
    private final StateJournal journal; // null when there is no spool directory
    private final CheckWorker checks; // null unless the monitor checks
    private final Operations ops; // may be null in tests
    private final ScheduledThreadPoolExecutor thread;
    private final TickWatch tickWatch; // the monitor's thread only; null when it wants no tick
    private final ProgramNamesWatch programNames; // the monitor's thread only; null when its options name no program
    private final RpcWatch rpcWatch; // the monitor's thread only
    private final List<Watch> watches; // the three above, those there are
    // for the metrics file, written on the monitor's thread, read by the metrics writer
    private final java.util.concurrent.atomic.AtomicLong events = new java.util.concurrent.atomic.AtomicLong();
    private volatile java.time.Instant lastEvent;

    // The monitor's thread only: set when the listener stops; no wake-up is taken after that.
    private boolean stopped;

    /** A runtime whose watches (ticks, program names, supervisord) do not remind. */
    public MonitorRuntime(Monitor monitor, AlertSink alerts, Path stateDir, Operations ops, Clock clock) {
        this(monitor, alerts, stateDir, ops, clock, null);
    }

    /**
     * @param alerts   where its alerts go: its delivery queue
     * @param stateDir where its state journal is kept (its spool directory); null for nowhere
     * @param ops      the I/O its checks do; used only by a {@link CheckingMonitor}
     * @param repeat   the command's {@code --repeat}, for the incidents of its watches; null for no reminders
     */
    public MonitorRuntime(Monitor monitor, AlertSink alerts, Path stateDir, Operations ops, Clock clock, Duration repeat) {
        this.monitor = monitor;
        this.wanted = Set.copyOf(monitor.events());
        this.log = Log.of(monitor.name());
        this.results = new CheckResults(log);
        this.alerts = alerts;
        this.clock = clock;
        this.tickWatch = TickWatch.of(monitor, LocalHost.name(), repeat, clock.instant());
        this.programNames = ProgramNamesWatch.of(monitor, LocalHost.name(), repeat);
        this.rpcWatch = new RpcWatch(monitor.name(), LocalHost.name(), repeat);
        this.watches = Stream.of(rpcWatch, tickWatch, programNames).filter(Objects::nonNull).toList();
        // the watches' incidents are kept with the monitor's, so a restart neither fires them again nor forgets them
        List<KeepsState> kept = new ArrayList<>(watches);
        kept.add(results);
        this.journal = StateJournal.of(monitor, handled, stateDir, kept.toArray(KeepsState[]::new));
        this.checks = monitor instanceof CheckingMonitor ? new CheckWorker(log, ops, this::pinged) : null;
        this.ops = ops;
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, monitor.name());
            t.setDaemon(true);
            return t;
        });
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    public String name() {
        return monitor.name();
    }

    /** Events handled (not those sent again), for the metrics file. */
    public long eventsHandled() {
        return events.get();
    }

    /** When it last handled an event; null before the first. */
    public java.time.Instant lastEvent() {
        return lastEvent;
    }

    /** How its checks, pings and restarts came out, for the metrics file; null unless the monitor checks. */
    public CheckResults.Counts checkCounts() {
        return checks == null ? null : results.counts();
    }

    /** True while a check runs (a tick meanwhile is skipped): for tests that wait for one. */
    boolean checking() {
        return checks != null && checks.busy();
    }

    /**
     * Incidents firing now, the monitor's own and those of the watches over its ticks, program names and
     * supervisord; asked on the monitor's thread (behind the events it has to handle first).
     */
    public int incidentsFiring() {
        return onThread(() -> {
            int n = watches.stream().mapToInt(Watch::firing).sum();
            return monitor instanceof KeepsState k ? n + Incidents.firingIn(k.state()).size() : n;
        });
    }

    /** True when the monitor wants events of this name. */
    public boolean wants(String eventName) {
        return wanted.contains(eventName);
    }

    /** Gives the monitor back what an earlier run kept and carries out what that asks for (wake-ups of windows still open). */
    public void start() {
        lifecycle("starting", () -> {
            if (journal != null) {
                journal.load();
            }
            if (monitor instanceof KeepsState k) {
                begin(carryOut(k.resume(clock.instant())));
            }
        });
        if (tickWatch != null) {
            long period = tickWatch.period().toMillis();
            thread.scheduleAtFixedRate(() -> {
                if (!stopped) {
                    tickWatch.check(clock.instant()).forEach(alerts::submit);
                }
            }, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Lets the monitor decide on the event and carries out what it decided. Returns once the event's
     * alerts are in the spool, so an event acknowledged is an event kept; its I/O goes on beside. An
     * event it handled already (same {@code serial}, same content) is ignored: supervisord sent it again.
     * A crash alert that carries the program's last output ({@link ShowsOutput}, {@code --tail}) reads it
     * first, over RPC: a few milliseconds before the acknowledgement, so that the lines are those of the crash.
     *
     * @param serial the event's {@code serial} from its header; null when it has none
     * @throws RuntimeException what the monitor threw
     */
    public void onEvent(Event event, String serial) {
        onThread(() -> {
            if (tickWatch != null) {
                tickWatch.onEvent(event.name(), clock.instant()).forEach(alerts::submit);
            }
            if (!handled.firstTime(serial, event)) {
                log.warn(event.name() + " event " + serial
                        + " was handled already; supervisord sent it again: ignored");
                return null;
            }
            events.incrementAndGet();
            lastEvent = clock.instant();
            ProcessId tailed = monitor instanceof ShowsOutput shows && ops != null ? shows.outputOf(event) : null;
            List<Action> actions = tailed == null ? monitor.onEvent(event, clock.instant())
                    : ((ShowsOutput) monitor).onEvent(event, clock.instant(), ops.output(tailed, ((ShowsOutput) monitor).outputTail()));
            begin(carryOut(actions));
            return null;
        });
    }

    /**
     * The listener stops: a check under way gets {@code wait} to finish (a restart under way longer), then
     * what waits for a timer that will not run goes out as alerts. Events are still taken afterwards.
     */
    public void stop(Duration wait) {
        if (checks != null) {
            checks.stop(wait);
        }
        lifecycle("stopping", () -> {
            stopped = true;
            if (monitor instanceof TimedMonitor t) {
                carryOut(t.onStop(clock.instant()));
            }
        });
    }

    /** Ends its threads at once, as a kill would: what the monitor holds stays in its journal. */
    @Override
    public void close() {
        thread.shutdownNow();
        if (checks != null) {
            checks.stop(Duration.ZERO);
        }
    }

    /**
     * The one place a batch of actions is carried out, on the monitor's thread: alerts into the spool,
     * log lines, wake-ups; then the state is saved. The I/O the batch asks for is returned, to be done
     * beside the loop.
     */
    private Work carryOut(List<Action> actions) {
        List<Action> steps = new ArrayList<>();
        List<Probe> probes = null;
        String trigger = null;
        for (Action action : actions) {
            if (action instanceof Action.Notify n) {
                alerts.submit(n.alert());
            } else if (action instanceof Action.Log l) {
                if (steps.isEmpty()) {
                    write(log, l);
                } else {
                    steps.add(l); // logged in order with the steps before it
                }
            } else if (action instanceof Action.Wake w) {
                wake(w);
            } else if (action instanceof Action.Check c) {
                trigger = c.trigger();
                probes = c.probes();
            } else if (action instanceof Action.CheckResult r) {
                // an incident's resolution, alerted in the same batch, tells the success already
                boolean resolves = actions.stream().anyMatch(a -> a instanceof Action.Notify n && n.alert().resolved());
                results.record(CheckResults.CHECK, clock.instant(), r.ok(), r.what(), r.reason(), resolves);
            } else {
                steps.add(action); // Restart, DumpCore, Ping
            }
        }
        if (journal != null) {
            journal.save();
        }
        return new Work(trigger, steps, probes);
    }

    /** Hands the I/O of an event's or a wake-up's batch to the check worker: a new check. */
    private void begin(Work work) {
        if (work.isEmpty()) {
            return;
        }
        if (checks == null) {
            for (Action a : work.steps()) {
                if (a instanceof Action.Log l) {
                    write(log, l);
                } else {
                    ignored(a);
                }
            }
            if (work.probes() != null) {
                ignored(new Action.Check(work.trigger(), work.probes()));
            }
            return;
        }
        checks.submit(work, this::decide);
    }

    /** The next decision of a check under way: asked for by the check worker, made on the monitor's thread. */
    private Work decide(Snapshot snapshot) {
        try {
            return decideOnThread(snapshot);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the listener stopped while the check's I/O ran (a restart it waited for): its thread is closed
            log.info("check ended without a decision: the listener is stopping");
            return new Work(null, List.of(), null);
        }
    }

    private Work decideOnThread(Snapshot snapshot) {
        CheckingMonitor m = (CheckingMonitor) monitor;
        return onThread(() -> {
            java.time.Instant now = clock.instant();
            if (snapshot.effects() != null) {
                results.restarted(snapshot.effects());
            }
            List<Action> actions = new ArrayList<>(ofSupervisor(snapshot, now));
            if (snapshot.rpcFailure() == null) { // else the monitor has nothing to decide on
                actions.addAll(m.decide(snapshot, now));
            } else { // no check without the process list: status shows why
                actions.add(new Action.CheckResult("supervisord's process list", false, snapshot.rpcFailure().error()));
            }
            return carryOut(actions);
        });
    }

    /** What a check's process list, or its failure, says of supervisord itself and of the monitor's program names. */
    private List<Action> ofSupervisor(Snapshot snapshot, java.time.Instant now) {
        if (snapshot.rpcFailure() != null) {
            return rpcWatch.failed(snapshot.rpcFailure().url(), snapshot.rpcFailure().error(), now);
        }
        if (snapshot.processes() == null || snapshot.effects() != null) {
            return List.of(); // no list, or the one a round before this one was told already
        }
        List<Action> actions = new ArrayList<>(rpcWatch.answered(now));
        if (programNames != null) {
            programNames.seen(snapshot.processes(), now).forEach(a -> actions.add(new Action.Notify(a)));
        }
        return actions;
    }

    /**
     * A ping's outcome, from the check worker (which logs its failures and its first success after one):
     * recorded and saved on the monitor's thread, without waiting for it.
     */
    private void pinged(String what, String error) {
        java.time.Instant at = clock.instant();
        try {
            thread.execute(() -> {
                results.record(CheckResults.PING, at, error == null, what, error == null ? "went through" : error, true);
                if (journal != null) {
                    journal.save();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed: a kill would lose it as well
        }
    }

    /** Calls the monitor back at the time asked for, on its thread, and carries out what it returns. */
    private void wake(Action.Wake wake) {
        if (!(monitor instanceof TimedMonitor timed)) {
            ignored(wake);
            return;
        }
        if (stopped) {
            log.info("wake-up dropped: the listener is stopping"); // a clean stop; the journal keeps what it was for
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), wake.at()).toMillis() + 1);
        thread.schedule(() -> {
            if (stopped) {
                return;
            }
            try {
                begin(carryOut(timed.onTimer(clock.instant())));
            } catch (RuntimeException e) {
                log.error("failed on its timer: " + Log.describe(e));
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** A monitor's log line, at its level. */
    static void write(MonitorLog log, Action.Log line) {
        if (line.warning()) {
            log.warn(line.message());
        } else {
            log.info(line.message());
        }
    }

    private void ignored(Action action) {
        log.warn("asked for " + action.getClass().getSimpleName() + " outside a check; ignored");
    }

    private void lifecycle(String what, Runnable task) {
        try {
            onThread(() -> {
                task.run();
                return null;
            });
        } catch (RuntimeException e) {
            log.error("failed while " + what + ": " + Log.describe(e));
        }
    }

    /** Runs {@code task} on the monitor's thread and waits for it; what it throws is thrown here. */
    private <T> T onThread(Callable<T> task) {
        Future<T> done = thread.submit(task);
        try {
            return done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for " + name());
        }
    }
}
