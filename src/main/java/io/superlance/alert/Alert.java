package io.superlance.alert;

import io.superlance.protocol.ProcessId;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * @param incident what the alert is about, stable across its firing, reminders and resolution (host,
 *                 monitor, what is checked), or null where the monitor names none
 * @param facts    named values for channels that render fields rather than texts, in the order the
 *                 monitor gave them; names are in {@link Facts}. Never null
 */
public record Alert(String id, Instant time, String source, AlertKind kind, String subject, String body,
                    ProcessId process, Integer pid, String state, boolean resolved, String incident,
                    Map<String, String> facts) {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        facts = facts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    /** The named value, or null. */
    public String fact(String name) {
        return facts.get(name);
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
        return new Alert(newId, time, source, kind, subject, body, process, pid, state, resolved, incident, facts);
    }

    public Alert withSubject(String newSubject) {
        return new Alert(id, time, source, kind, newSubject, body, process, pid, state, resolved, incident, facts);
    }

    public Alert withBody(String newBody) {
        return new Alert(id, time, source, kind, subject, newBody, process, pid, state, resolved, incident, facts);
    }

    public Alert withResolved(boolean newResolved) {
        return new Alert(id, time, source, kind, subject, body, process, pid, state, newResolved, incident, facts);
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
        private String incident;
        private final Map<String, String> facts = new LinkedHashMap<>();

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

        public Builder incident(String incident) {
            this.incident = incident;
            return this;
        }

        /** Adds a named value (see {@link Facts}); a null value is left out. */
        public Builder fact(String name, Object value) {
            if (value != null) {
                facts.put(name, value.toString());
            }
            return this;
        }

        public Builder facts(Map<String, String> more) {
            more.forEach(this::fact);
            return this;
        }

        /** The facts given, after {@code monitor} and the program's {@code program}, {@code group}, {@code pid}, {@code state}. */
        public Alert build() {
            Map<String, String> all = new LinkedHashMap<>();
            all.put(Facts.MONITOR, source);
            if (process != null) {
                all.put(Facts.PROGRAM, process.name());
                all.put(Facts.GROUP, process.group());
            }
            if (pid != null) {
                all.put(Facts.PID, pid.toString());
            }
            if (state != null) {
                all.put(Facts.STATE, state);
            }
            all.putAll(facts);
            return new Alert(id != null ? id : newId(time), time, source, kind, subject, body, process, pid, state, resolved,
                    incident, all);
        }
    }
}
