package io.superlance.listener;

import io.superlance.alert.AlertSink;
import io.superlance.alert.LocalHost;
import io.superlance.log.Log;
import io.superlance.log.MonitorLog;
import io.superlance.monitor.Action;
import io.superlance.monitor.CheckingMonitor;
import io.superlance.monitor.Effect;
import io.superlance.monitor.Incidents;
import io.superlance.monitor.KeepsState;
import io.superlance.monitor.Monitor;
import io.superlance.monitor.ProgramNamesWatch;
import io.superlance.monitor.RpcFailure;
import io.superlance.monitor.RpcWatch;
import io.superlance.monitor.ShowsOutput;
import io.superlance.monitor.TickWatch;
import io.superlance.monitor.TimedMonitor;
import io.superlance.monitor.Watch;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventNames;
import io.superlance.protocol.ProcessId;
import io.superlance.rpc.ProcessInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * HTTP GET, a restart waiting its stopwaitsecs, a ping) ever runs under the lock: the monitor's check runs
 * on the check worker's thread and hands each of its decisions to {@link #guarded}, which takes the lock
 * for that decision alone. So the event loop waits for a monitor's lock
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
    // A monitor that names programs but checks nothing (crashmail, logmon) reads the process list for its
    // names alone: at start and at each TICK it gets, on its check thread.
    private final boolean readsNames;
    private boolean namesUnread; // worker thread only: the last read failed, logged once
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
        this.programNames = ProgramNamesWatch.of(monitor, LocalHost.name(), repeat);
        this.readsNames = programNames != null && ops != null && !(monitor instanceof CheckingMonitor);
        this.wanted = readsNames ? union(monitor.events(), EventNames.TICKS) : Set.copyOf(monitor.events());
        this.log = Log.of(monitor.name());
        this.results = new CheckResults(log);
        this.alerts = alerts;
        this.clock = clock;
        this.tickWatch = TickWatch.of(monitor, LocalHost.name(), repeat, clock.instant());
        this.rpcWatch = new RpcWatch(monitor.name(), LocalHost.name(), repeat);
        this.watches = Stream.of(rpcWatch, tickWatch, programNames).filter(Objects::nonNull).toList();
        // the watches' incidents are kept with the monitor's, so a restart neither fires them again nor forgets them
        List<KeepsState> kept = new ArrayList<>(watches);
        kept.add(results);
        if (alerts instanceof KeepsState silenced) {
            kept.add(silenced); // what a silence withholds (SilencingSink) is kept with the incidents it belongs to
        }
        this.journal = StateJournal.of(monitor, handled, stateDir, kept.toArray(KeepsState[]::new));
        this.checks = monitor instanceof CheckingMonitor || readsNames ? new CheckWorker(log, ops, told) : null;
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
        return monitor instanceof CheckingMonitor ? results.counts() : null;
    }

    /** True while a check (or a read of the process list for the names) runs: for tests that wait for one. */
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

    /** Alerts a silence kept from being sent since the listener started, for the metrics file. */
    public long alertsSilenced() {
        return alerts instanceof SilencingSink s ? s.silencedTotal() : 0;
    }

    /**
     * The host's silences were looked at (every second, on the timer thread): what a silence that is over
     * withheld is sent when its incident still fires, under the monitor's lock, and the state saved.
     */
    void silencesChanged() {
        if (!(alerts instanceof SilencingSink sink)) {
            return;
        }
        synchronized (lock) {
            if (stopped || closed) {
                return;
            }
            Set<String> firing = new java.util.HashSet<>();
            boolean[] read = {false};
            java.util.function.Predicate<String> fires = key -> {
                if (!read[0]) { // the state is built only when something withheld is over
                    java.util.Map<String, String> state = new java.util.LinkedHashMap<>();
                    watches.forEach(w -> state.putAll(w.state()));
                    if (monitor instanceof KeepsState k) {
                        state.putAll(k.state());
                    }
                    Incidents.firingIn(state).forEach(f -> firing.add(f.what()));
                    read[0] = true;
                }
                // an incident's key is HOST/MONITOR/WHAT (Incidents.key)
                return firing.stream().anyMatch(what -> key.endsWith("/" + monitor.name() + "/" + what));
            };
            if (sink.release(fires) && journal != null) {
                journal.save();
            }
        }
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
        if (readsNames) {
            readNames("start");
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
        if (readsNames && EventNames.TICKS.contains(event.name())) {
            readNames(event.name());
            if (!monitor.events().contains(event.name())) {
                return;
            }
        }
        locked(() -> {
            Instant now = clock.instant(); // one reading for the whole event: it is an allocation each
            if (tickWatch != null) {
                tickWatch.onEvent(event.name(), now).forEach(alerts::submit);
            }
            if (!handled.firstTime(serial, event)) {
                log.warn(event.name() + " event " + serial
                        + " was handled already; supervisord sent it again: ignored");
                return null;
            }
            events.incrementAndGet();
            lastEvent = now;
            List<Action> actions = tailed == null ? monitor.onEvent(event, now)
                    : shows.onEvent(event, now, output);
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
     * log lines, wake-ups, check results; then the state is saved.
     *
     * @return the trigger of the check it asks for, or null
     */
    private String carryOut(List<Action> actions) {
        String check = null;
        for (Action action : actions) {
            if (action instanceof Action.Notify n) {
                alerts.submit(n.alert());
            } else if (action instanceof Action.Log l) {
                write(log, l);
            } else if (action instanceof Action.Wake w) {
                wake(w);
            } else if (action instanceof Action.Check c) {
                check = c.trigger();
            } else if (action instanceof Action.CheckResult r) {
                // an incident's resolution, alerted in the same batch, tells the success already
                boolean resolves = actions.stream().anyMatch(a -> a instanceof Action.Notify n && n.alert().resolved());
                results.record(CheckResults.CHECK, clock.instant(), r.ok(), r.what(), r.reason(), resolves);
            } else {
                ignored(action); // Restart, DumpCore, Ping: a check does them itself
            }
        }
        if (journal != null) {
            if (actions.isEmpty()) {
                journal.saveAfterEvent();
            } else {
                journal.save();
            }
        }
        return check;
    }

    /** Starts the check an event or a wake-up asked for on the check worker's thread. */
    private void begin(String trigger) {
        if (trigger == null) {
            return;
        }
        if (!(monitor instanceof CheckingMonitor m) || checks == null) {
            ignored(new Action.Check(trigger));
            return;
        }
        // The check's I/O runs on the worker's thread, outside the lock; guarded() takes the lock for each
        // of its decisions alone, so the event loop waits at most for one decision, never for the I/O.
        checks.submit(trigger, io -> m.check(trigger, io, this::guarded));
    }

    /**
     * Reads supervisord's process list on the check thread for the program-names watch alone. Not being
     * able to is logged once and alerts nothing: such a monitor works without supervisord's answer.
     */
    private void readNames(String trigger) {
        checks.submit(trigger, io -> {
            List<ProcessInfo> processes;
            try {
                processes = ops.processes();
            } catch (IOException | RuntimeException e) {
                if (!namesUnread) {
                    log.info("cannot read supervisord's process list to check the program names of its options: "
                            + Log.describe(e));
                }
                namesUnread = true;
                return;
            }
            namesUnread = false;
            told.answered(processes);
        });
    }

    /** A decision of a check under way: on the check worker's thread, under the monitor's lock, between its I/O. */
    private <T> T guarded(CheckingMonitor.Decision<T> decision) {
        synchronized (lock) {
            if (closed) {
                // closed while the check's I/O ran (a restart it waited for), as a kill: nothing more is decided
                log.info("check ended without a decision: the listener is stopping");
                return null;
            }
            List<Action> actions = new ArrayList<>();
            T value = decision.decide(clock.instant(), actions);
            carryOut(actions);
            return value;
        }
    }

    /** What the check worker's I/O told: recorded under the monitor's lock, on the worker's thread. */
    private final Told told = new Told();

    private final class Told implements CheckWorker.Told {
        /** What supervisord's answer says of supervisord itself and of the monitor's program names. */
        @Override
        public void answered(List<ProcessInfo> processes) {
            record(now -> {
                List<Action> actions = new ArrayList<>(rpcWatch.answered(now));
                if (programNames != null) {
                    programNames.seen(processes, now).forEach(a -> actions.add(new Action.Notify(a)));
                }
                return actions;
            });
        }

        /** No check without the process list: status shows why. */
        @Override
        public void unanswered(RpcFailure failure) {
            record(now -> {
                List<Action> actions = new ArrayList<>(rpcWatch.failed(failure.url(), failure.error(), now));
                actions.add(new Action.CheckResult("supervisord's process list", false, failure.error()));
                return actions;
            });
        }

        @Override
        public void restarted(Effect effect) {
            record(now -> {
                results.restarted(List.of(effect));
                return List.of();
            });
        }

        /** A ping's outcome (the worker logs its failures and its first success after one). */
        @Override
        public void pinged(String what, String error) {
            java.time.Instant at = clock.instant();
            record(now -> {
                results.record(CheckResults.PING, at, error == null, what, error == null ? "went through" : error, true);
                return List.of();
            });
        }

        /** Under the lock: what {@code told} returns carried out and the state saved; nothing once killed, as a kill would lose it. */
        private void record(java.util.function.Function<java.time.Instant, List<Action>> told) {
            synchronized (lock) {
                if (!closed) {
                    carryOut(told.apply(clock.instant()));
                }
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

    private static Set<String> union(Set<String> a, List<String> b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }

    /** Runs {@code task} on this thread under the monitor's lock; what it throws is thrown here. */
    private <T> T locked(Supplier<T> task) {
        synchronized (lock) {
            return task.get();
        }
    }
}
