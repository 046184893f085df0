package io.superlance.alert;

import io.superlance.protocol.ProcessId;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One thing to tell a human. {@code subject} and {@code body} are the plain texts superlance users know;
 * the structured fields let channels such as webhooks or Alertmanager label it.
 *
 * @param id       stable across retries, so a receiver can recognise a second copy
 * @param source   the monitor that raised it, e.g. {@code crashmail}
 * @param kind     what happened, e.g. {@code ProcessCrashed}
 * @param process  the program concerned, or null
 * @param pid      its pid, or null
 * @param state    its state when this was raised, e.g. {@code EXITED}, or null
 * @param resolved true when this tells that an earlier alert of the same kind is over
 */
public record Alert(String id, Instant time, String source, String kind, String subject, String body,
                    ProcessId process, Integer pid, String state, boolean resolved) {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** An id unique across listener restarts: time, our pid, a sequence. */
    public static String newId(Instant time) {
        return Long.toString(time.toEpochMilli(), 36) + "-" + Long.toString(ProcessHandle.current().pid(), 36)
                + "-" + SEQUENCE.incrementAndGet();
    }
}
