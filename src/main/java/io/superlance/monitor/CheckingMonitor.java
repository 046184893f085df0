package io.superlance.monitor;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * A monitor whose decisions need facts that take I/O (supervisord's process list, memory, an HTTP GET)
 * and whose decisions do I/O (restarts, core dumps, pings). Its {@link #onEvent} returns an
 * {@link Action.Check}; the listener then runs {@link #check} on the monitor's check thread, one check
 * at a time (one asked for while another runs is skipped).
 */
public interface CheckingMonitor extends Monitor {
    /**
     * One check, top to bottom: the I/O through {@code ops} in its order, never under the monitor's lock;
     * every read or change of the monitor's state inside {@code guard}, which takes the lock for that pure
     * decision alone. So the event loop, which decides events under the same lock, waits at most for
     * one decision, never for a GET or a restart.
     *
     * @param trigger what asked for it, e.g. {@code TICK_60}
     * @throws IOException supervisord or /proc did not answer: the check ends there
     */
    void check(String trigger, CheckOperations ops, Guard guard) throws IOException;

    /** Runs a check's decisions under the monitor's lock. */
    interface Guard {
        /**
         * Runs {@code decision} under the monitor's lock, with the time now, and carries out the actions it
         * added (alerts into the spool, log lines, check results; the state saved) before returning.
         *
         * @return what the decision returned; null, the decision not run, once the listener was killed
         */
        <T> T decide(Decision<T> decision);
    }

    /** A pure decision of a check: adds its actions (alerts, log lines, check results) and returns what the check goes on with. */
    interface Decision<T> {
        T decide(Instant now, List<Action> actions);
    }
}
