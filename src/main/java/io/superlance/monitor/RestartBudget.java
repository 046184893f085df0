package io.superlance.monitor;

import io.superlance.protocol.ProcessId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --max-restarts N/DURATION}: at most N restarts of one program within any DURATION. Past it the
 * program is left alone (and the caller alerts once) until the oldest restart leaves the window.
 */
public final class RestartBudget {
    /** @param text as the user wrote it, e.g. {@code 3/1h}, for messages */
    public record Limit(int count, Duration window, String text) {
        /** The DURATION part as the user wrote it, e.g. {@code 1h} of {@code 3/1h}. */
        public String windowText() {
            return text.substring(text.indexOf('/') + 1);
        }

        /** e.g. {@code restarted 3 times within 1h already (--max-restarts 3/1h)} */
        public String describe() {
            return "restarted " + count + (count == 1 ? " time" : " times") + " within " + windowText()
                    + " already (--max-restarts " + text + ")";
        }
    }

    private static final String RESTARTS = "restarts ";

    private final Limit limit;
    private final Map<ProcessId, Deque<Instant>> history = new HashMap<>();
    private final Set<ProcessId> exhausted = new HashSet<>();

    /** @param limit null for no limit */
    public RestartBudget(Limit limit) {
        this.limit = limit;
    }

    public Limit limit() {
        return limit;
    }

    /** True when one more restart of {@code process} now stays within the budget. */
    public boolean allows(ProcessId process, Instant now) {
        if (limit == null) {
            return true;
        }
        Deque<Instant> times = history.get(process);
        if (times != null) {
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(limit.window()))) {
                times.removeFirst();
            }
        }
        boolean ok = times == null || times.size() < limit.count();
        if (ok) {
            exhausted.remove(process);
        }
        return ok;
    }

    /** True the first time a refused {@code process} is reported since its budget ran out: alert then, not on every check. */
    public boolean firstRefusal(ProcessId process) {
        return exhausted.add(process);
    }

    public void record(ProcessId process, Instant now) {
        if (limit != null) {
            history.computeIfAbsent(process, k -> new ArrayDeque<>()).addLast(now);
        }
    }

    /**
     * Takes back the last {@link #record} of {@code process}: its restart was not begun (a silence with
     * --pause-actions, the listener stopping), so it must not use up the budget it would have after.
     */
    public void notBegun(ProcessId process) {
        Deque<Instant> times = history.get(process);
        if (times != null) {
            times.pollLast();
        }
    }

    /**
     * What to keep across listener restarts ({@link KeepsState}), so that restarting the listener does
     * not renew the budget: per program, {@code restarts GROUP:NAME} = its restart times, and
     * {@code refused} after them once its refusal was reported.
     */
    public Map<String, String> state() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<ProcessId, Deque<Instant>> e : history.entrySet()) {
            if (!e.getValue().isEmpty()) {
                StringBuilder v = new StringBuilder();
                for (Instant t : e.getValue()) {
                    v.append(v.length() == 0 ? "" : ",").append(t);
                }
                m.put(RESTARTS + e.getKey().qualified(), v + (exhausted.contains(e.getKey()) ? " refused" : ""));
            }
        }
        return m;
    }

    /** Takes back what {@link #state} kept; other keys are ignored, values it cannot use are added to {@code rejected}. */
    public void restore(Map<String, String> state, List<String> rejected) {
        KeepsState.restoreEach(state, RESTARTS, (key, value) -> {
            ProcessId p = ProcessId.ofQualified(key);
            String[] v = value.split(" ");
            Deque<Instant> times = new ArrayDeque<>();
            for (String t : v[0].split(",")) {
                times.addLast(Instant.parse(t));
            }
            history.put(p, times);
            if (v.length > 1) {
                exhausted.add(p);
            }
        }, rejected);
    }
}
