package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.TestMode;
import io.superlance.alert.delivery.DeliveryQueue;
import io.superlance.alert.delivery.RetryPolicy;
import io.superlance.alert.mail.SendmailTransport;
import io.superlance.alert.spool.Spool;
import io.superlance.alert.spool.SpoolLocation;
import io.superlance.http.Redacted;
import io.superlance.log.Log;
import io.superlance.log.MonitorLog;
import io.superlance.monitor.Action;
import io.superlance.monitor.HeartbeatMonitor;
import io.superlance.monitor.HttpOkMonitor;
import io.superlance.monitor.HttpResult;
import io.superlance.monitor.Monitor;
import io.superlance.protocol.EventReader;
import io.superlance.protocol.ProtocolException;
import io.superlance.protocol.ProtocolWriter;
import io.superlance.protocol.Stdout;
import io.superlance.rpc.RpcException;
import io.superlance.rpc.SupervisorClient;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs monitors as a supervisord event listener on this process's stdin and stdout, with delivery
 * beside the loop. On EOF and on SIGTERM (supervisord stopping us) it exits within {@link #STOP_TIME}:
 * supervisord sends a stopping listener nothing, so every moment spent then fills its event buffer.
 * What is not delivered by then is in the spool already, for the next start.
 */
public final class ListenerProcess {
    /** From the stop to the exit: what is due goes out meanwhile; a channel call still running is abandoned. */
    static final Duration STOP_TIME = Duration.ofSeconds(1);
    /**
     * Of {@link #STOP_TIME}, what checks under way (a restart under way gets its own, longer, time) and then
     * deliveries get; then no channel call starts.
     */
    static final Duration DELIVER_TIME = Duration.ofMillis(250);
    /** Then, what the channel calls still running get to end and be recorded. */
    static final Duration FINISH_CALLS_TIME = Duration.ofMillis(150);
    // The rest of STOP_TIME is for the exit itself: killing sendmail, the metrics, and the JVM's own exit, which
    // waits 0.3 s for threads blocked in I/O (the loop reading stdin, a call to a server that hangs).

    private ListenerProcess() {
    }

    /**
     * How pending alerts are kept and retried.
     * @param spoolDir null for the default directory ({@link SpoolLocation})
     */
    public record Delivery(Path spoolDir, int spoolMax, Duration minInterval, RetryPolicy retry) {

        public static Delivery standard() {
            return new Delivery(null, 1000, Duration.ZERO, RetryPolicy.standard());
        }
    }

    /**
     * Runs every command's monitor in this one process: one event loop routes each event to the monitors
     * that want it, deciding it on the thread that read it; each monitor has its own delivery queue and
     * spool, and its own {@link MonitorRuntime} (lock, state journal, check worker): a monitor that fails
     * stops no other, and one whose check or channel is slow holds up no acknowledgement, because that I/O
     * runs on its own threads, never under the monitor's lock. Every timer of every monitor runs on one
     * timer thread.
     *
     * @param lenCounts what supervisord's {@code len} counts (--len-counts); null to learn it
     * @return the exit status: 0 on EOF, 1 when not under supervisord or the stream broke, 2 when a spool cannot be used
     *         or SUPERVISOR_SERVER_URL is no supervisord URL
     */
    public static int run(List<MonitorSetup> setups, Map<String, String> env, EventReader.LenUnit lenCounts) {
        return run(setups, env, lenCounts, null);
    }

    /** @param metricsFile --metrics-file: where the counts are written every {@link MetricsFile#EVERY}; null for nowhere */
    public static int run(List<MonitorSetup> setups, Map<String, String> env, EventReader.LenUnit lenCounts, Path metricsFile) {
        java.time.Instant started = java.time.Instant.now();
        if (env.get("SUPERVISOR_SERVER_URL") == null) {
            Log.error("must run as a supervisord event listener ([eventlistener:x] in supervisord.conf): "
                    + "SUPERVISOR_SERVER_URL is not set; use --test-alert to try the channels by hand");
            return 1;
        }
        try {
            SupervisorClient.fromEnv(env); // a URL no supervisord writes: every check would fail, so say it now
        } catch (IllegalArgumentException e) {
            Log.error("SUPERVISOR_SERVER_URL: " + Redacted.in(e.getMessage(), env.get("SUPERVISOR_SERVER_URL"))
                    + " (supervisord sets it for its listeners: see environment= and serverurl= in the listener's section)");
            return 2;
        }
        TreeSet<String> events = new TreeSet<>();
        for (MonitorSetup s : setups) {
            events.addAll(s.monitor().events());
        }
        // supervisord tells a listener nothing of its events= line (neither the environment nor getAllConfigInfo
        // carries it), so the line says what the monitors want, not what is subscribed; TickWatch notices a missing TICK
        boolean ticks = events.stream().anyMatch(e -> e.startsWith("TICK_"));
        Log.info("wants events " + String.join(", ", events) + " (supervisord sends only those of them that its events= subscribes"
                + (ticks ? "; a TICK that does not come within two periods is alerted" : "") + ")");

        Clock monitorClock = monitorClock(env);
        List<MonitorRuntime> runtimes = new ArrayList<>();
        List<DeliveryQueue> queues = new ArrayList<>();
        java.util.concurrent.ScheduledExecutorService timers = MonitorRuntime.timers();
        SilenceWatch silences = new SilenceWatch(SpoolLocation.stateDir(env), runtimes, Clock.systemUTC());
        for (int i = 0; i < setups.size(); i++) {
            MonitorSetup setup = setups.get(i);
            Monitor monitor = setup.monitor();
            MonitorLog log = Log.of(monitor.name());
            log.info("alerts via " + (setup.channels().isEmpty() ? "no channel (log only)"
                    : String.join(", ", setup.channels().stream().map(Channel::name).toList())));
            Spool spool;
            try {
                spool = openSpool(setup.channels(), env, setup.delivery(), spoolName(setups, i), log);
            } catch (IOException e) {
                log.error("--spool-dir: cannot use " + setup.delivery().spoolDir() + ": " + Log.describe(e));
                return 2;
            }
            DeliveryQueue queue = new DeliveryQueue(setup.channels(), spool, setup.delivery().retry(),
                    setup.delivery().minInterval(), Clock.systemUTC(), log);
            queues.add(queue);
            // what a monitor has gathered (a digest's lines) is kept beside its pending alerts
            SilencingSink sink = new SilencingSink(monitor.name(), SilencingSink.watched(monitor), silences::current,
                    setup.sink(queue), Clock.systemUTC());
            runtimes.add(new MonitorRuntime(monitor, sink, spool.dir(), new LiveOperations(env, monitor.name(), silences::current),
                    monitorClock, setup.repeat(), timers));
        }
        for (DeliveryQueue queue : queues) {
            queue.start();
        }
        silences.start(timers);
        for (MonitorRuntime runtime : runtimes) {
            runtime.start();
        }
        MetricsFile metrics = metricsFile == null ? null : new MetricsFile(metricsFile,
                env.getOrDefault("SUPERVISOR_PROCESS_NAME", "superlance"), started, runtimes, queues);
        java.util.concurrent.ScheduledExecutorService metricsWriter = null;
        if (metrics != null) {
            metricsWriter = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "metrics file");
                t.setDaemon(true);
                return t;
            });
            metricsWriter.scheduleWithFixedDelay(metrics::write, 0, MetricsFile.EVERY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        // SIGTERM (supervisorctl stop) ends the process through this hook; EOF on stdin through the end of run.
        // Both come together when supervisord shuts down: the second caller waits until the first has stopped
        // and drained, or the JVM would end with the hook while the alerts of windows still open were on their way.
        Object stopping = new Object();
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            synchronized (stopping) {
                if (stopped.compareAndSet(false, true)) {
                    long deadline = System.nanoTime() + DELIVER_TIME.toNanos();
                    for (MonitorRuntime runtime : runtimes) {
                        // a check under way gets a moment to finish, a restart under way longer; their alerts go to the spool
                        runtime.stop(DELIVER_TIME);
                    }
                    stopDelivery(queues, deadline);
                    if (metrics != null) {
                        metrics.write(); // what the last moments changed
                    }
                }
            }
        };
        AtomicBoolean ending = new AtomicBoolean(); // set when run() ends on its own (EOF, protocol error)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!ending.get()) {
                Log.info("told to stop (SIGTERM): delivering what is due for a moment, then exiting; the rest stays in the spool");
            }
            stop.run();
            if (!ending.get()) {
                // SIGTERM is how supervisord stops us: a clean stop. Exit 0, or supervisord logs the JVM's 143
                // as "WARN stopped: NAME (exit status 143)" at every supervisorctl stop.
                System.err.flush();
                Runtime.getRuntime().halt(0);
            }
        }, "drain on exit"));

        // what len counts: as told (--len-counts), else from the Python that runs supervisord, by its name
        EventReader.LenUnit lenUnit = lenCounts != null ? lenCounts : EventReader.LenUnit.of(null, parentPython());
        // the reader buffers stdin itself; a FileInputStream's available() tells what the pipe holds
        EventReader reader = new EventReader(new FileInputStream(FileDescriptor.in), EventReader.GRACE, lenUnit);
        if (lenUnit == null) {
            // The parent is no python we know by name: supervisord's version says it. Asked beside the loop, so
            // that the first READY does not wait for an XML-RPC round trip; until it answers (and if it never
            // does), len is told from the stream, which is needed only for a payload that is not ASCII.
            reader.asking();
            Thread ask = new Thread(() -> reader.learn(askLenUnit(env)), "len unit");
            ask.setDaemon(true);
            ask.start();
        }
        int status = 0;
        try {
            ProtocolWriter writer = new ProtocolWriter(Stdout.open(env));
            new Listener(reader, writer, runtimes).run();
            Log.info("stdin closed: supervisord is gone or stopping us; exiting");
        } catch (ProtocolException e) {
            Log.error("protocol error, exiting so supervisord restarts us: " + e.getMessage());
            status = 1;
        } catch (IOException e) {
            Log.error("cannot talk to supervisord, exiting: " + Log.describe(e));
            status = 1;
        }
        ending.set(true);
        stop.run();
        return status;
    }

    /**
     * What supervisord's {@code len} counts, from its version over XML-RPC and the Python that runs it (our
     * parent); null, to tell it from the stream, when neither is known.
     */
    private static EventReader.LenUnit askLenUnit(Map<String, String> env) {
        String version = null;
        String why = "";
        try {
            SupervisorClient rpc = SupervisorClient.fromEnv(env);
            version = SupervisorClient.of(rpc.url(), env.get("SUPERVISOR_USERNAME"), env.get("SUPERVISOR_PASSWORD"),
                    Duration.ofSeconds(2), Duration.ofSeconds(2)).getSupervisorVersion();
        } catch (RpcException | RuntimeException e) {
            why = "supervisord's version is unknown: " + Log.describe(e) + "; ";
        }
        EventReader.LenUnit unit = EventReader.LenUnit.of(version, parentPython());
        if (unit == null) {
            Log.info(why + "what len counts is told from the stream (--len-counts to set it)");
        }
        return unit;
    }

    /** The program that runs us (supervisord's Python, e.g. /usr/bin/python3.11); null when it cannot be read. */
    private static String parentPython() {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(ProcessHandle.current().parent()
                    .map(ProcessHandle::pid).orElse(0L)), "exe")).toString();
        } catch (IOException | RuntimeException e) {
            return null; // not Linux, or not ours to read: the version alone decides
        }
    }

    /**
     * Every queue by one deadline, so several monitors do not multiply the wait at exit. Then the sendmail
     * commands still running are killed with their children: one that delivered after our exit would be
     * sent again by the next start, which finds its alert still pending.
     */
    private static void stopDelivery(List<DeliveryQueue> queues, long deadline) {
        for (DeliveryQueue queue : queues) {
            queue.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), FINISH_CALLS_TIME);
        }
        int killed = SendmailTransport.killRunning();
        if (killed > 0) {
            Log.info(killed + " sendmail command(s) still running at exit killed: their alerts stay in the spool as not sent");
        }
    }

    /** The default spool of a listener with several monitors gets one subdirectory per monitor. */
    private static String spoolName(List<MonitorSetup> setups, int index) {
        if (setups.size() == 1) {
            return null;
        }
        String name = setups.get(index).monitor().name();
        for (int i = 0; i < setups.size(); i++) {
            if (i != index && setups.get(i).monitor().name().equals(name)) {
                return name + "-" + (index + 1);
            }
        }
        return name;
    }

    /** The spool named by --spool-dir (it must work), else the default one, else memory only. */
    static Spool openSpool(List<Channel> channels, Map<String, String> env, Delivery delivery, String subdir,
                           MonitorLog log) throws IOException {
        List<String> keys = DeliveryQueue.keys(channels);
        Path defaultDir = subdir == null ? SpoolLocation.defaultDir(env) : SpoolLocation.defaultDir(env).resolve(subdir);
        if (channels.isEmpty()) {
            // Nothing to deliver, but the monitor's journal is worth keeping: its restart budgets, its incidents,
            // and its last check for superlance status (heartbeat with --url only is the usual case).
            try {
                return Spool.open(delivery.spoolDir() != null ? delivery.spoolDir() : defaultDir, delivery.spoolMax(), keys, log);
            } catch (IOException e) {
                if (delivery.spoolDir() != null) {
                    throw e; // the one named must work
                }
                return Spool.inMemory(delivery.spoolMax(), keys); // no alert to lose: not worth a warning
            }
        }
        if (delivery.spoolDir() != null) {
            Spool spool = Spool.open(delivery.spoolDir(), delivery.spoolMax(), keys, log);
            log.info("pending alerts are kept in " + spool.dir());
            return spool;
        }
        try {
            Spool spool = Spool.open(defaultDir, delivery.spoolMax(), keys, log);
            log.info("pending alerts are kept in " + spool.dir() + " (--spool-dir to choose)");
            return spool;
        } catch (IOException e) {
            log.warn("cannot use the spool directory " + defaultDir + " (" + Log.describe(e) + "): pending alerts are kept "
                    + "in memory only and lost if the listener is killed; give --spool-dir DIR");
            reportWaiting(defaultDir, log);
            return Spool.inMemory(delivery.spoolMax(), keys);
        }
    }

    /**
     * Alerts an earlier run left in a spool this run cannot use are not delivered from memory (nothing
     * could record their delivery, so each start would send them again): they are reported instead.
     */
    private static void reportWaiting(Path dir, MonitorLog log) {
        int n = Spool.waiting(dir);
        if (n > 0) {
            log.error(n + " alert(s) left by an earlier run wait in " + dir + " and are not delivered by this listener: make the "
                    + "directory usable by this listener (writable, not in use by another) and restart it to deliver them");
        } else if (n < 0) {
            log.error("alerts left by an earlier run may wait in " + dir + ", which cannot be read: they are not delivered by this listener");
        }
    }

    /**
     * The monitors' clock: the system's, or with {@code SUPERLANCE_CLOCK_START=INSTANT} one that starts at that
     * instant and runs on from there, so an end-to-end test of a schedule (heartbeat's --cron at 16:05 in some
     * zone) need not wait for the real time. Deliveries keep the real clock.
     */
    static Clock monitorClock(Map<String, String> env) {
        String start = env.get("SUPERLANCE_CLOCK_START");
        if (start == null || start.isBlank()) {
            return Clock.systemUTC();
        }
        try {
            Instant at = Instant.parse(start.strip());
            Log.warn("monitors' clock starts at " + Log.time(at) + " (SUPERLANCE_CLOCK_START), not at the real time");
            return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), at));
        } catch (DateTimeParseException e) {
            Log.warn("ignoring SUPERLANCE_CLOCK_START: '" + start + "' is not an instant such as 2026-12-02T08:04:57Z");
            return Clock.systemUTC();
        }
    }

    /**
     * Each monitor's test: heartbeat's success ping and httpok's check, done for real once (nothing is
     * restarted), then its sample alert, marked as a test ({@link TestMode}), through its channels.
     * @return 0 when all went well, 2 when a monitor has nothing to test, else 1
     */
    public static int testAlerts(List<MonitorSetup> setups, Map<String, String> env, Clock clock) {
        int status = 0;
        for (MonitorSetup s : setups) {
            int own = testAction(s.monitor(), env);
            if (own >= 0 && s.channels().isEmpty()) {
                status = Math.max(status, own); // heartbeat and httpok with -p may have no channel
                continue;
            }
            status = Math.max(status, Math.max(own, testAlert(s.monitor(), s.channels(), clock)));
        }
        return status;
    }

    /** What the monitor itself does, once: @return 0 went well, 1 did not, -1 when it does nothing of its own to test */
    static int testAction(Monitor monitor, Map<String, String> env) {
        MonitorLog log = Log.of(monitor.name());
        if (monitor instanceof HeartbeatMonitor heartbeat) {
            Action.Ping ping = heartbeat.successPing();
            String error = new HttpPing(env).send(ping);
            if (error != null) {
                log.error("test ping to " + ping.url() + " failed: " + error);
                return 1;
            }
            log.info("test ping to " + ping.url() + ": answered (2xx)");
            return 0;
        }
        if (monitor instanceof HttpOkMonitor httpok) {
            HttpResult answer = new HttpProbe().get(httpok.probe());
            String verdict = httpok.verdict(answer);
            if (verdict != null) {
                log.error("test check of " + httpok.settings().url() + ": FAILS, a real check would act (nothing restarted now): " + verdict);
                return 1;
            }
            log.info("test check of " + httpok.settings().url() + ": OK (" + answer.status() + " " + answer.reason() + ")");
            return 0;
        }
        return -1;
    }

    /** Sends the monitor's sample alert, marked as a test, through every channel now. @return 0 when all took it, 2 with no channel, else 1 */
    public static int testAlert(Monitor monitor, List<Channel> channels, Clock clock) {
        MonitorLog log = Log.of(monitor.name());
        if (channels.isEmpty()) {
            log.error("--test-alert: no channel configured (give -m ADDRESS, and --smtp-host HOST to use SMTP)");
            return 2; // a setting, not a delivery, is wrong
        }
        Alert alert = TestMode.mark(monitor.sampleAlert(clock.instant()));
        int failed = 0;
        for (Channel channel : channels) {
            try {
                channel.send(alert);
                log.info("test alert sent via " + channel.name());
            } catch (DeliveryException | RuntimeException e) {
                log.error("test alert failed via " + channel.name() + ": " + Log.describe(e));
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
