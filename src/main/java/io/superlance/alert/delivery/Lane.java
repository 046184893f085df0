package io.superlance.alert.delivery;

import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.DurationText;
import io.superlance.log.Log;
import io.superlance.log.MonitorLog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One channel's deliveries: sends a batch, counts the attempts at it, says how long to wait before the
 * next one, and gives up on a refusal that retrying cannot fix or on alerts older than the give-up age.
 * Each outcome is logged. The queue runs each lane on its own thread, so a hanging channel holds up no
 * other.
 */
final class Lane {
    private final Channel channel;
    private final String key;
    private final RetryPolicy retry;
    private final Clock clock;
    private final MonitorLog log;
    private long currentSeq = -1;
    private int attempts;
    private int failures;
    // failed since it last had nothing due: what piled up meanwhile goes out folded
    private boolean recovering;
    // subjects sent a message of their own since then
    private int subjectsSent;
    private String lastError;
    // the last attempt found the destination's budget spent, and whether the log has said so since the last send
    private boolean overBudget;
    private boolean budgetSaid;
    // Set when the listener stops: a call that fails then was cut by the exit (a sendmail killed), not by the channel.
    private volatile boolean stopping;
    // alerts by outcome, read by the metrics writer
    private final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong givenUp = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param key the channel's name in the spool
     * @param log the log of the monitor whose alerts these are
     */
    /** The listener stops: what fails from now on was cut by the exit. */
    void stopping() {
        stopping = true;
    }

    Lane(Channel channel, String key, RetryPolicy retry, Clock clock, MonitorLog log) {
        this.log = log;
        this.channel = channel;
        this.key = key;
        this.retry = retry;
        this.clock = clock;
    }

    /** Alerts sent, attempts at alerts that failed and will be retried, alerts given up. */
    long[] outcomes() {
        return new long[]{sent.get(), failed.get(), givenUp.get()};
    }

    /** Attempts at the current batch so far. */
    int attempts() {
        return attempts;
    }

    /** True when the last attempt sent nothing because the destination's budget was spent: no failure. */
    boolean overBudget() {
        return overBudget;
    }

    /** Why the last attempt failed. */
    String lastError() {
        return lastError;
    }

    Channel channel() {
        return channel;
    }

    String key() {
        return key;
    }

    /**
     * -1 in normal times; from a failure until the lane has nothing due, how many more subjects get a folded
     * message of their own (the others share one summary), for {@link BatchChooser#next}.
     */
    int subjectsLeft() {
        return recovering ? Math.max(0, BatchChooser.MAX_SUBJECTS - subjectsSent) : -1;
    }

    /** Nothing is due for the lane: it has caught up after a failure. */
    void caughtUp() {
        if (recovering) {
            log.info("what piled up for " + channel.name() + " while it failed is out");
        }
        recovering = false;
        subjectsSent = 0;
    }

    /**
     * Sends the batch once.
     * @return null when the batch is finished with (sent, or given up), else the wait before trying again
     */
    Duration attempt(Batch b) {
        overBudget = false;
        long first = b.groups().get(0).get(0).seq();
        attempts = first == currentSeq ? attempts + 1 : 1;
        currentSeq = first;
        String what = b.entries().size() == 1 ? "alert " + b.ids()
                : "alerts " + b.ids() + " (as " + (b.alerts().size() == 1 ? "one message" : b.alerts().size() + " messages in one") + ")";
        try {
            if (channel.foldsAlerts()) {
                channel.sendAll(b.alerts());
            } else {
                channel.send(b.alerts().get(0));
            }
            failures = 0;
            budgetSaid = false;
            if (recovering) {
                subjectsSent += (int) b.groups().stream().filter(g -> Folding.incidentOf(g.get(0).alert()) != null).count();
            }
            sent.addAndGet(b.entries().size());
            log.info(what + " sent via " + channel.name() + (attempts > 1 ? " at attempt " + attempts : "")
                    + (b.notShown() > 0 ? ", with the count of " + b.notShown() + " alerts the full spool could not keep" : ""));
            return null;
        } catch (DeliveryException e) {
            if (stopping) {
                lastError = "cut by the listener's exit: " + Log.describe(e); // what its spool file says for status
                log.info(what + " not sent via " + channel.name() + ": cut by the listener's exit; it stays in the spool");
                return retry.delayAfter(Math.max(1, failures));
            }
            if (e.overBudget()) {
                // nothing was posted: not a failure, and what arrives meanwhile joins this batch's message
                attempts--;
                overBudget = true;
                if (!budgetSaid) {
                    log.info(what + " wait for " + channel.name() + ": " + e.getMessage());
                    budgetSaid = true;
                }
                return e.retryAfter();
            }
            budgetSaid = false;
            failures++;
            recovering = true;
            lastError = Log.describe(e);
            Instant oldest = b.entries().get(0).alert().time();
            boolean tooOld = clock.instant().isAfter(oldest.plus(retry.giveUpAfter()));
            if (!e.retryable() || tooOld) {
                givenUp.addAndGet(b.entries().size());
                log.error(what + " given up via " + channel.name() + " after " + attempts + " attempt(s): "
                        + Log.describe(e) + (e.retryable() ? " (older than the give-up age " + DurationText.of(retry.giveUpAfter()) + ")"
                        : " (retrying cannot help)"));
                return null;
            }
            failed.addAndGet(b.entries().size());
            Duration delay = retry.delayAfter(failures);
            if (e.retryAfter() != null && e.retryAfter().compareTo(delay) > 0) {
                delay = e.retryAfter(); // the service said when; sooner would only be refused again
            }
            log.warn(what + " not sent via " + channel.name() + " (attempt " + attempts + "): " + Log.describe(e)
                    + "; retrying in " + delay.toMillis() + " ms");
            return delay;
        } catch (RuntimeException e) {
            givenUp.addAndGet(b.entries().size());
            log.error(what + " given up via " + channel.name() + " after an unexpected error: " + Log.describe(e));
            return null;
        }
    }
}
