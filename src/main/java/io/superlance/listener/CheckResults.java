package io.superlance.listener;

import io.superlance.log.MonitorLog;
import io.superlance.monitor.Action;
import io.superlance.monitor.Effect;
import io.superlance.monitor.KeepsState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a monitor's checks and pings came out: the last of each kind (kept in its state journal, where
 * {@code superlance status} reads it), counts for {@code --metrics-file}, and the log of successes, which
 * would otherwise say nothing while all is well: the first success after a failure at once, and else at
 * most one summary an hour. Recorded under the monitor's lock; the metrics writer reads the counts.
 */
public final class CheckResults implements KeepsState {
    /** A monitor's own verdict on the facts it gathered ({@link Action.CheckResult}). */
    public static final String CHECK = "check";
    /** A ping to a heartbeat endpoint: whether the endpoint took it. */
    public static final String PING = "ping";
    /** At most one summary of successes per monitor this often. */
    static final Duration SUMMARY_EVERY = Duration.ofHours(1);
    private static final String LAST = "last ";
    private static final String LAST_OK = "last ok ";

    /**
     * One check or ping.
     *
     * @param kind   {@link #CHECK} or {@link #PING}
     * @param lastOk when one of its kind last succeeded (this one, when it did); null when unknown
     */
    public record Result(String kind, Instant at, boolean ok, String what, String reason, Instant lastOk) {
    }

    /** For the metrics: counts since the listener started, and the last success of each kind. */
    public record Counts(long checksOk, long checksFailed, long pingsOk, long pingsFailed, long restartsOk,
                         long restartsFailed, Instant lastOkCheck, Instant lastOkPing) {
    }

    private final MonitorLog log;
    private final Map<String, Result> last = new LinkedHashMap<>();
    private final Map<String, long[]> counts = new LinkedHashMap<>(); // kind: ok, failed
    private long restartsOk;
    private long restartsFailed;
    // the summary's hour: when it began, and per kind how many were ok and failed since, and what was checked
    private Instant hourBegan;
    private final Map<String, long[]> hour = new LinkedHashMap<>();
    private final Map<String, String> hourWhat = new LinkedHashMap<>();
    private Map<String, String> state = Map.of(); // what state() gives, made again only after last changed: it is asked after every event

    CheckResults(MonitorLog log) {
        this.log = log;
    }

    /**
     * Records one check or ping, and logs it when it is the first success after a failure (unless
     * {@code toldElsewhere}: a resolution alert or the ping's own line says it) or an hour's summary is due.
     */
    synchronized void record(String kind, Instant at, boolean ok, String what, String reason, boolean toldElsewhere) {
        Result before = last.get(kind);
        last.put(kind, new Result(kind, at, ok, what, reason, ok ? at : before == null ? null : before.lastOk()));
        state = null;
        counts.computeIfAbsent(kind, k -> new long[2])[ok ? 0 : 1]++;
        if (ok && before != null && !before.ok() && !toldElsewhere) {
            log.info(what + " ok again: " + reason);
        }
        if (hourBegan == null) {
            hourBegan = at;
        } else if (!at.isBefore(hourBegan.plus(SUMMARY_EVERY))) {
            summarize();
            hourBegan = at;
        }
        hour.computeIfAbsent(kind, k -> new long[2])[ok ? 0 : 1]++;
        if (ok) {
            hourWhat.put(kind, what);
        }
    }

    /** The restarts a check carried out: the effects of its {@link Action.Restart}s. */
    synchronized void restarted(List<Effect> effects) {
        for (Effect e : effects) {
            if (e.action() instanceof Action.Restart) {
                if (e.ok()) {
                    restartsOk++;
                } else {
                    restartsFailed++;
                }
            }
        }
    }

    /** One line for the hour, naming what was checked, when anything went well in it; failures are logged as they happen. */
    private void summarize() {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, long[]> e : hour.entrySet()) {
            long ok = e.getValue()[0];
            long failed = e.getValue()[1];
            if (ok > 0) {
                parts.add(ok + " " + e.getKey() + (ok == 1 ? "" : "s") + " ok" + (failed > 0 ? ", " + failed + " failed" : "")
                        + " (" + hourWhat.get(e.getKey()) + ")");
            }
        }
        if (!parts.isEmpty()) {
            log.info("in the last hour: " + String.join("; ", parts));
        }
        hour.clear();
        hourWhat.clear();
    }

    synchronized Counts counts() {
        long[] c = counts.getOrDefault(CHECK, new long[2]);
        long[] p = counts.getOrDefault(PING, new long[2]);
        return new Counts(c[0], c[1], p[0], p[1], restartsOk, restartsFailed, lastOk(CHECK), lastOk(PING));
    }

    private Instant lastOk(String kind) {
        Result r = last.get(kind);
        return r == null ? null : r.lastOk();
    }

    /** {@code last KIND}: result, time, what, reason; {@code last ok KIND}: the time of the last success. */
    @Override
    public synchronized Map<String, String> state() {
        if (state != null) {
            return state;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Result r : last.values()) {
            m.put(LAST + r.kind(), (r.ok() ? "ok" : "failed") + "\t" + r.at() + "\t" + r.what() + "\t" + r.reason());
            if (r.lastOk() != null) {
                m.put(LAST_OK + r.kind(), r.lastOk().toString());
            }
        }
        state = java.util.Collections.unmodifiableMap(m);
        return state;
    }

    @Override
    public synchronized List<String> restore(Map<String, String> state) {
        for (Result r : read(state)) {
            last.put(r.kind(), r);
        }
        this.state = null;
        return List.of(); // a value of another shape is dropped: the next check writes it anew
    }

    /** True for the keys it keeps in a journal. */
    static boolean owns(String key) {
        return key.startsWith(LAST);
    }

    /**
     * The last check and ping a journal's values hold, for {@code superlance status}; values of another
     * shape are left out.
     */
    public static List<Result> read(Map<String, String> state) {
        List<Result> out = new ArrayList<>();
        for (String kind : List.of(CHECK, PING)) {
            String v = state.get(LAST + kind);
            String[] f = v == null ? null : v.split("\t", 4);
            if (f == null || f.length < 4) {
                continue;
            }
            try {
                String ok = state.get(LAST_OK + kind);
                out.add(new Result(kind, Instant.parse(f[1]), f[0].equals("ok"), f[2], f[3], ok == null ? null : Instant.parse(ok)));
            } catch (RuntimeException ignored) {
                // not a time: left out
            }
        }
        return out;
    }
}
