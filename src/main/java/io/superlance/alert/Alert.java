package io.superlance.alert;

import io.superlance.protocol.ProcessId;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One thing to tell a human. {@code subject} and {@code body} are the plain texts superlance users know;
 * the structured fields let channels such as webhooks or Alertmanager label it. Built with
 * {@link #of}; derived with the {@code with...} copies.
 *
 * @param id       stable across retries, so a receiver can recognise a second copy
 * @param source   the monitor that raised it, e.g. {@code crashmail}
 * @param kind     what happened
 * @param process  the program concerned, or null
 * @param pid      its pid, or null
 * @param state    its state when this was raised, e.g. {@code EXITED}, or null
 * @param resolved true when this tells that an earlier alert of the same kind is over
 */
public record Alert(String id, Instant time, String source, AlertKind kind, String subject, String body,
                    ProcessId process, Integer pid, String state, boolean resolved) {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
    }

    /** An alert with a {@link #newId new id}, empty texts and no program, until the builder says otherwise. */
    public static Builder of(String source, AlertKind kind, Instant time) {
        return new Builder(source, kind, time);
    }

    /** An id unique across listener restarts: time, our pid, a sequence. */
    public static String newId(Instant time) {
        return Long.toString(time.toEpochMilli(), 36) + "-" + Long.toString(ProcessHandle.current().pid(), 36)
                + "-" + SEQUENCE.incrementAndGet();
    }

    public Alert withId(String newId) {
        return new Alert(newId, time, source, kind, subject, body, process, pid, state, resolved);
    }

    public Alert withSubject(String newSubject) {
        return new Alert(id, time, source, kind, newSubject, body, process, pid, state, resolved);
    }

    public Alert withBody(String newBody) {
        return new Alert(id, time, source, kind, subject, newBody, process, pid, state, resolved);
    }

    public Alert withResolved(boolean newResolved) {
        return new Alert(id, time, source, kind, subject, body, process, pid, state, newResolved);
    }

    /** The optional parts of an alert; {@link #build} makes it. */
    public static final class Builder {
        private final String source;
        private final AlertKind kind;
        private final Instant time;
        private String id;
        private String subject = "";
        private String body = "";
        private ProcessId process;
        private Integer pid;
        private String state;
        private boolean resolved;

        private Builder(String source, AlertKind kind, Instant time) {
            this.source = source;
            this.kind = kind;
            this.time = time;
        }

        /** Instead of a new id: for an alert read back, or a test that names it. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder body(String body) {
            this.body = body;
            return this;
        }

        public Builder process(ProcessId process) {
            this.process = process;
            return this;
        }

        public Builder pid(Integer pid) {
            this.pid = pid;
            return this;
        }

        public Builder state(String state) {
            this.state = state;
            return this;
        }

        public Builder resolved(boolean resolved) {
            this.resolved = resolved;
            return this;
        }

        public Alert build() {
            return new Alert(id != null ? id : newId(time), time, source, kind, subject, body, process, pid, state, resolved);
        }
    }
}
