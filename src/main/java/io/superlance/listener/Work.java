package io.superlance.listener;

import io.superlance.monitor.Action;
import io.superlance.monitor.Probe;

import java.util.List;

/**
 * The I/O a batch of actions asks for, done by the {@link CheckWorker} beside the event loop: first the
 * steps in the order decided (restarts, core dumps, pings, and the log lines decided after the first
 * of them, so the log reads in that order), then the facts to gather for the monitor's next decision.
 *
 * @param trigger what asked for it, e.g. {@code TICK_60}, for the log; null when no check did
 * @param probes  null when the batch asks for no facts: no decision follows unless a step had an effect
 */
record Work(String trigger, List<Action> steps, List<Probe> probes) {
    Work {
        steps = List.copyOf(steps);
        probes = probes == null ? null : List.copyOf(probes);
    }

    boolean isEmpty() {
        return steps.isEmpty() && probes == null;
    }
}
