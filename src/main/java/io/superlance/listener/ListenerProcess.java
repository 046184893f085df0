package io.superlance.listener;

import io.superlance.alert.Channel;
import io.superlance.alert.delivery.DeliveryQueue;
import io.superlance.alert.delivery.RetryPolicy;
import io.superlance.alert.spool.Spool;
import io.superlance.alert.spool.SpoolLocation;
import io.superlance.http.Redacted;
import io.superlance.log.Log;
import io.superlance.log.MonitorLog;
import io.superlance.monitor.Monitor;
import io.superlance.protocol.EventReader;
import io.superlance.protocol.ProtocolException;
import io.superlance.protocol.ProtocolWriter;
import io.superlance.protocol.Stdout;
import io.superlance.rpc.SupervisorClient;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Runs monitors as a supervisord event listener on this process's stdin and stdout, with delivery
 * beside the loop. On EOF and on SIGTERM (supervisord stopping us) it exits within {@link Stop#STOP_TIME}:
 * supervisord sends a stopping listener nothing, so every moment spent then fills its event buffer.
 * What is not delivered by then is in the spool already, for the next start.
 */
public final class ListenerProcess {
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

    /** @param metricsFile --metrics-file: where the counts are written every {@link MetricsFile#every}; null for nowhere */
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
                spool = Spools.open(setup.channels(), env, setup.delivery(), Spools.name(setups, i), log);
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
            metricsWriter.scheduleWithFixedDelay(metrics::write, 0, MetricsFile.every(env).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        Stop stop = new Stop(runtimes, queues, metrics);
        stop.onSigterm();

        EventReader reader = LenUnits.reader(lenCounts, env);
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
        stop.ending();
        return status;
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
}
