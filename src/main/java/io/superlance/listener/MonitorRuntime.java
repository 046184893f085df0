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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One monitor at work, with its state journal and check worker. The monitor has no thread of its own: its
 * state is guarded by its own lock, and it is called under that lock on whichever thread brings it work,
 * the event loop's for events (so an event is decided on the thread that read it, with no hand-over), the
 * process's one timer thread ({@link #timers()}) for wake-ups and the TICK watch, its check worker's for the
 * decisions of a check. {@link #carryOut} is the one place its actions are carried out.
 *
 * <p>Why one monitor never holds up another's acknowledgement for long: a decision is pure and bounded
 * (in-memory state, the facts already gathered), and no I/O of a check (supervisord's process list, an
 * HTTP GET, a restart waiting its stopwaitsecs, a ping) ever runs under the lock; the check worker gathers
 * the facts first and takes the lock only to decide on them. So the event loop waits for a monitor's lock
 * at most for one decision of that monitor, and only that monitor's. Under the lock run only the decision,
 * writing its alerts to the spool and appending the state journal: after each batch of actions the state
 * is saved, once every alert of the batch is in the spool, so an event acknowledged is an event kept and a
 * kill at any point sends an alert twice at worst, never loses one.
 */
public final class MonitorRuntime implements AutoCloseable {
    private final Monitor monitor;
    private final Set<String> wanted; // asked for every event, so copied once
    private final MonitorLog log;
    private final AlertSink alerts;
    private final Clock clock;
    // Guards the monitor, its watches, its handled events, its journal and stopped: whoever calls the
    // monitor (event loop, timer thread, check worker) holds it. Never held during a check's I/O.
    private final Object lock = new Object();
    private final HandledEvents handled = new HandledEvents(); // under lock
    private final CheckResults results;
    private final StateJournal journal; // null when there is no spool directory; under lock
    private final CheckWorker checks; // null unless the monitor checks
    private final Operations ops; // may be null in tests
    private final ScheduledExecutorService timers; // the process's one timer thread, shared by every runtime
    private final boolean ownTimers; // made for this runtime alone (tests): shut down with it
    private final TickWatch tickWatch; // under lock; null when it wants no tick
    private final ProgramNamesWatch programNames; // under lock; null when its options name no program
    private final RpcWatch rpcWatch; // under lock
    private final List<Watch> watches; // the three above, those there are
    // for the metrics file, written under the lock, read by the metrics writer
    private final java.util.concurrent.atomic.AtomicLong events = new java.util.concurrent.atomic.AtomicLong();
    private volatile java.time.Instant lastEvent;
    private volatile ScheduledFuture<?> tickTimer;

    // Under lock: set when the listener stops; no wake-up is taken after that.
    private boolean stopped;
    // Set by close(), as a kill: nothing more is decided or carried out.
    private volatile boolean closed;

    /** A runtime whose watches (ticks, program names, supervisord) do not remind, with a timer thread of its own. */
    public MonitorRuntime(Monitor monitor, AlertSink alerts, Path stateDir, Operations ops, Clock clock) {
        this(monitor, alerts, stateDir, ops, clock, null);
    }

    /** A runtime with a timer thread of its own (tests). */
    public MonitorRuntime(Monitor monitor, AlertSink alerts, Path stateDir, Operations ops, Clock clock, Duration repeat) {
        this(monitor, alerts, stateDir, ops, clock, repeat, null);
    }

    /**
     * @param alerts   where its alerts go: its delivery queue
     * @param stateDir where its state journal is kept (its spool directory); null for nowhere
     * @param ops      the I/O its checks do; used only by a {@link CheckingMonitor}
     * @param repeat   the command's {@code --repeat}, for the incidents of its watches; null for no reminders
     * @param timers   the process's timer thread ({@link #timers()}), shared by its runtimes; null for one of its own
     */
    public MonitorRuntime(Monitor monitor, AlertSink alerts, Path stateDir, Operations ops, Clock clock, Duration repeat,
                          ScheduledExecutorService timers) {
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
        this.ownTimers = timers == null;
        this.timers = timers != null ? timers : timers();
    }

    /**
     * The process's one timer thread: every runtime's wake-ups and TICK watch run on it, each under its
     * monitor's lock. A timer task is as short as a decision, so one monitor's timers delay another's by
     * that at most.
     */
    public static ScheduledExecutorService timers() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "timers");
            thread.setDaemon(true);
            return thread;
        });
        t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        t.setRemoveOnCancelPolicy(true);
        return t;
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
     * supervisord; asked under the monitor's lock.
     */
    public int incidentsFiring() {
        return locked(() -> {
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
            tickTimer = timers.scheduleAtFixedRate(() -> {
                synchronized (lock) {
                    if (!stopped && !closed) {
                        tickWatch.check(clock.instant()).forEach(alerts::submit);
                    }
                }
            }, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Lets the monitor decide on the event, on the calling thread under the monitor's lock, and carries out
     * what it decided. Returns once the event's
     * alerts are in the spool, so an event acknowledged is an event kept; its I/O goes on beside. An
     * event it handled already (same {@code serial}, same content) is ignored: supervisord sent it again.
     * A crash alert that carries the program's last output ({@link ShowsOutput}, {@code --tail}) reads it
     * first, over RPC: a few milliseconds before the acknowledgement, so that the lines are those of the crash;
     * read before the lock is taken (which program to read is a matter of the monitor's settings), so that
     * no I/O runs under it.
     *
     * @param serial the event's {@code serial} from its header; null when it has none
     * @throws RuntimeException what the monitor threw
     */
    public void onEvent(Event event, String serial) {
        ShowsOutput shows = monitor instanceof ShowsOutput s && ops != null ? s : null;
        ProcessId tailed = shows == null ? null : shows.outputOf(event);
        String output = tailed == null ? null : ops.output(tailed, shows.outputTail());
        locked(() -> {
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
            List<Action> actions = tailed == null ? monitor.onEvent(event, clock.instant())
                    : shows.onEvent(event, clock.instant(), output);
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

    /** Ends its timers and check thread at once, as a kill would: what the monitor holds stays in its journal. */
    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> tick = tickTimer;
        if (tick != null) {
            tick.cancel(false);
        }
        if (ownTimers) {
            timers.shutdownNow();
        }
        if (checks != null) {
            checks.stop(Duration.ZERO);
        }
    }

    /**
     * The one place a batch of actions is carried out, under the monitor's lock: alerts into the spool,
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

    /**
     * The next decision of a check under way: made on the check worker's thread, under the monitor's lock,
     * once the facts are gathered (never during the I/O).
     */
    private Work decide(Snapshot snapshot) {
        if (closed) {
            // closed while the check's I/O ran (a restart it waited for), as a kill: nothing more is decided
            log.info("check ended without a decision: the listener is stopping");
            return new Work(null, List.of(), null);
        }
        CheckingMonitor m = (CheckingMonitor) monitor;
        return locked(() -> {
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
     * recorded and saved under the monitor's lock, on the check worker's thread.
     */
    private void pinged(String what, String error) {
        java.time.Instant at = clock.instant();
        synchronized (lock) {
            if (closed) {
                return; // a kill would lose it as well
            }
            results.record(CheckResults.PING, at, error == null, what, error == null ? "went through" : error, true);
            if (journal != null) {
                journal.save();
            }
        }
    }

    /** Calls the monitor back at the time asked for, on the timer thread under its lock, and carries out what it returns. */
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
        try {
            timers.schedule(() -> {
                synchronized (lock) {
                    if (stopped || closed) {
                        return;
                    }
                    try {
                        begin(carryOut(timed.onTimer(clock.instant())));
                    } catch (RuntimeException e) {
                        log.error("failed on its timer: " + Log.describe(e));
                    }
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the process is ending: the journal keeps what the wake-up was for
        }
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
            locked(() -> {
                task.run();
                return null;
            });
        } catch (RuntimeException e) {
            log.error("failed while " + what + ": " + Log.describe(e));
        }
    }

    /** Runs {@code task} on this thread under the monitor's lock; what it throws is thrown here. */
    private <T> T locked(Supplier<T> task) {
        synchronized (lock) {
            return task.get();
        }
    }
}
