package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.DeliveryQueue;
import io.superlance.alert.spool.Spool;
import io.superlance.alert.spool.SpoolLocation;
import io.superlance.log.Log;
import io.superlance.monitor.CheckingMonitor;
import io.superlance.monitor.Monitor;
import io.superlance.protocol.EventReader;
import io.superlance.protocol.ProtocolException;
import io.superlance.protocol.ProtocolWriter;

import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Runs monitors as a supervisord event listener on this process's stdin and stdout, with delivery
 * beside the loop, drained on EOF and on SIGTERM (supervisord stopping us) before we exit; what is
 * not delivered by then stays in the spool for the next start.
 */
public final class ListenerProcess {
    /** How long exit waits for pending alerts; well inside supervisord's default stopwaitsecs of 10. */
    static final Duration DRAIN_TIME = Duration.ofSeconds(5);

    private ListenerProcess() {
    }

    /**
     * How pending alerts are kept and retried.
     * @param spoolDir null for the default directory ({@link SpoolLocation})
     */
    public record Delivery(Path spoolDir, int spoolMax, Duration minInterval, DeliveryQueue.RetryPolicy retry) {

        public static Delivery standard() {
            return new Delivery(null, 1000, Duration.ZERO, DeliveryQueue.RetryPolicy.standard());
        }
    }

    /** @return the exit status: 0 on EOF, 1 when not under supervisord or the stream broke */
    public static int run(List<Monitor> monitors, List<Channel> channels, Map<String, String> env) {
        return run(monitors, channels, env, Delivery.standard());
    }

    /** @return the exit status: 0 on EOF, 1 when not under supervisord or the stream broke, 2 when the spool cannot be used */
    public static int run(List<Monitor> monitors, List<Channel> channels, Map<String, String> env, Delivery delivery) {
        if (env.get("SUPERVISOR_SERVER_URL") == null) {
            Log.error("must run as a supervisord event listener ([eventlistener:x] in supervisord.conf): "
                    + "SUPERVISOR_SERVER_URL is not set; use --test-alert to try the channels by hand");
            return 1;
        }
        TreeSet<String> events = new TreeSet<>();
        monitors.forEach(m -> events.addAll(m.events()));
        Log.info("listening for " + String.join(", ", events) + "; alerts via "
                + (channels.isEmpty() ? "no channel (log only)" : String.join(", ", channels.stream().map(Channel::name).toList())));

        Spool spool;
        try {
            spool = openSpool(channels, env, delivery);
        } catch (IOException e) {
            Log.error("--spool-dir: cannot use " + delivery.spoolDir() + ": " + Log.describe(e));
            return 2;
        }
        DeliveryQueue queue = new DeliveryQueue(channels, spool, delivery.retry(), delivery.minInterval(), Clock.systemUTC());
        queue.start();
        Thread drainOnTerm = new Thread(() -> queue.drain(DRAIN_TIME), "drain on exit");
        Runtime.getRuntime().addShutdownHook(drainOnTerm);

        EventReader reader = new EventReader(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 64 * 1024));
        ProtocolWriter writer = new ProtocolWriter(new FileOutputStream(FileDescriptor.out));
        CheckWorker checks = monitors.stream().anyMatch(m -> m instanceof CheckingMonitor)
                ? CheckWorker.live(env, queue) : null;
        // what monitors have gathered (a digest's lines) is kept beside the pending alerts
        List<Monitor> kept = monitors.stream().map(m -> StateKeeper.wrap(m, spool.dir())).toList();
        Dispatcher dispatcher = new Dispatcher(queue, checks);
        ActionHandler handler = (from, action) -> {
            dispatcher.handle(from, action);
            if (from instanceof StateKeeper k) {
                k.afterActions();
            }
        };
        Listener listener = new Listener(reader, writer, kept, handler, Clock.systemUTC());
        int status = 0;
        try {
            listener.run();
            Log.info("stdin closed: supervisord is gone or stopping us; exiting");
        } catch (ProtocolException e) {
            Log.error("protocol error, exiting so supervisord restarts us: " + e.getMessage());
            status = 1;
        } catch (IOException e) {
            Log.error("cannot talk to supervisord, exiting: " + Log.describe(e));
            status = 1;
        }
        if (checks != null) {
            checks.stop(Duration.ofSeconds(2)); // a check under way gets a moment to finish; its alerts are then drained
        }
        queue.drain(DRAIN_TIME);
        return status;
    }

    /** The spool named by --spool-dir (it must work), else the default one, else memory only. */
    static Spool openSpool(List<Channel> channels, Map<String, String> env, Delivery delivery) throws IOException {
        List<String> keys = DeliveryQueue.keys(channels);
        if (channels.isEmpty()) {
            return Spool.inMemory(delivery.spoolMax(), keys); // nothing to deliver, nothing to keep
        }
        if (delivery.spoolDir() != null) {
            Spool spool = Spool.open(delivery.spoolDir(), delivery.spoolMax(), keys);
            Log.info("pending alerts are kept in " + spool.dir());
            return spool;
        }
        Path dir = SpoolLocation.defaultDir(env);
        try {
            Spool spool = Spool.open(dir, delivery.spoolMax(), keys);
            Log.info("pending alerts are kept in " + spool.dir() + " (--spool-dir to choose)");
            return spool;
        } catch (IOException e) {
            Log.warn("cannot use the spool directory " + dir + " (" + Log.describe(e) + "): pending alerts are kept "
                    + "in memory only and lost if the listener is killed; give --spool-dir DIR");
            return Spool.inMemory(delivery.spoolMax(), keys);
        }
    }

    /** Sends the monitor's sample alert through every channel now. @return 0 when all took it, else 1 */
    public static int testAlert(Monitor monitor, List<Channel> channels, Clock clock) {
        if (channels.isEmpty()) {
            Log.error("--test-alert: no channel configured (give -m ADDRESS, and --smtp-host HOST to use SMTP)");
            return 1;
        }
        Alert alert = monitor.sampleAlert(clock.instant());
        int failed = 0;
        for (Channel channel : channels) {
            try {
                channel.send(alert);
                Log.info("test alert sent via " + channel.name());
            } catch (DeliveryException | RuntimeException e) {
                Log.error("test alert failed via " + channel.name() + ": " + Log.describe(e));
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
