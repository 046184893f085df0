package io.superlance.listener;

import io.superlance.alert.delivery.DeliveryQueue;
import io.superlance.alert.mail.SendmailTransport;
import io.superlance.log.Log;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a listener ends, within {@link #STOP_TIME}: supervisord sends a stopping listener nothing, so every
 * moment spent then fills its event buffer; what is not delivered by then is in the spool already, for the
 * next start. SIGTERM (supervisorctl stop) ends the process through a shutdown hook, EOF on stdin through
 * the end of the loop. Both come together when supervisord shuts down: the second caller waits until the
 * first has stopped, or the JVM would end with the hook while the alerts of windows still open were on their way.
 */
final class Stop {
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

    private final List<MonitorRuntime> runtimes;
    private final List<DeliveryQueue> queues;
    private final MetricsFile metrics; // null for none
    private final AtomicBoolean ending = new AtomicBoolean(); // set when the loop ends on its own (EOF, protocol error)
    private boolean stopped; // under this

    Stop(List<MonitorRuntime> runtimes, List<DeliveryQueue> queues, MetricsFile metrics) {
        this.runtimes = List.copyOf(runtimes);
        this.queues = List.copyOf(queues);
        this.metrics = metrics;
    }

    /** SIGTERM stops the listener, then the process exits 0. */
    void onSigterm() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!ending.get()) {
                Log.info("told to stop (SIGTERM): delivering what is due for a moment, then exiting; the rest stays in the spool");
            }
            run();
            if (!ending.get()) {
                // SIGTERM is how supervisord stops us: a clean stop. Exit 0, or supervisord logs the JVM's 143
                // as "WARN stopped: NAME (exit status 143)" at every supervisorctl stop.
                System.err.flush();
                Runtime.getRuntime().halt(0);
            }
        }, "stop on SIGTERM"));
    }

    /** The loop ended on its own (EOF, a protocol error): the listener stops, and the process then exits. */
    void ending() {
        ending.set(true);
        run();
    }

    private synchronized void run() {
        if (stopped) {
            return;
        }
        stopped = true;
        long deadline = System.nanoTime() + DELIVER_TIME.toNanos();
        for (MonitorRuntime runtime : runtimes) {
            // a check under way gets a moment to finish, a restart under way longer; their alerts go to the spool
            runtime.stop(DELIVER_TIME);
        }
        stopDelivery(deadline);
        if (metrics != null) {
            metrics.write(); // what the last moments changed
        }
    }

    /**
     * Every queue by one deadline, so several monitors do not multiply the wait at exit. Then the sendmail
     * commands still running are killed with their children: one that delivered after our exit would be
     * sent again by the next start, which finds its alert still pending.
     */
    private void stopDelivery(long deadline) {
        for (DeliveryQueue queue : queues) {
            queue.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), FINISH_CALLS_TIME);
        }
        int killed = SendmailTransport.killRunning();
        if (killed > 0) {
            Log.info(killed + " sendmail command(s) still running at exit killed: their alerts stay in the spool as not sent");
        }
    }
}
