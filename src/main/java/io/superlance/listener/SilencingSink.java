package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertSink;
import io.superlance.alert.silence.Silence;
import io.superlance.alert.silence.Silences;
import io.superlance.alert.spool.AlertText;
import io.superlance.log.Log;
import io.superlance.log.MonitorLog;
import io.superlance.monitor.KeepsState;
import io.superlance.monitor.Monitor;
import io.superlance.monitor.NamesPrograms;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Where a monitor's alerts leave it: the one place that decides silenced or not before the delivery queue.
 * An alert a silence mutes is logged and counted, not sent. One about an incident is withheld: when the
 * silence ends (expires, or is removed) and the incident still fires, it is sent then; when the incident
 * resolves during the silence, neither it nor its resolution is sent. The resolution of an incident whose
 * alert went out (before the silence began) is sent: receivers that were told it fires (Alertmanager, a
 * webhook) are told it is over; the resolution of one never told is not.
 * What is withheld and how many alerts each silence muted is kept in the monitor's journal, so a listener
 * restarted during a silence neither loses nor repeats them. Called under the monitor's lock only.
 */
public final class SilencingSink implements AlertSink, KeepsState {
    private static final String HELD = "silenced.held ";
    private static final String MUTED = "silenced.muted ";
    private static final String TOLD = "silenced.told ";

    private final MonitorLog log;
    private final List<String> watched;
    private final Supplier<Silences> silences;
    private final AlertSink next;
    private final Clock clock;
    private final Map<String, Held> held = new LinkedHashMap<>(); // by incident key
    private final Map<String, Long> muted = new LinkedHashMap<>(); // by silence id
    // Incidents whose alert went out and whose resolution has not: a resolution during a silence is sent only
    // for those. httpok's incident, for one, fires without an alert when its restart is paused.
    private final java.util.Set<String> told = new java.util.LinkedHashSet<>();
    private final AtomicLong total = new AtomicLong(); // for the metrics file: since the listener started

    /** @param text the alert as the journal keeps it, written once: the text has a time stamp, and the journal appends what changed */
    private record Held(Alert alert, String silence, String text) {
        Held(Alert alert, String silence) {
            this(alert, silence, AlertText.write(alert));
        }

        Held by(String other) {
            return new Held(alert, other, text);
        }
    }

    /**
     * @param watched  the programs its monitor's options name ({@code NAME}, {@code GROUP:NAME}, {@code GROUP:*}):
     *                 what an alert about no program (httpok's URL) concerns
     * @param silences the host's silences as last read
     * @param next     where an alert not silenced goes: the delivery queue
     */
    SilencingSink(String monitor, List<String> watched, Supplier<Silences> silences, AlertSink next, Clock clock) {
        this.log = Log.of(monitor);
        this.watched = List.copyOf(watched);
        this.silences = silences;
        this.next = next;
        this.clock = clock;
    }

    /** The programs {@code monitor}'s options name, as a silence compares them. */
    static List<String> watched(Monitor monitor) {
        if (!(monitor instanceof NamesPrograms n)) {
            return List.of();
        }
        return n.programNames().stream().map(p -> p.group() ? p.value() + ":*" : p.value()).toList();
    }

    @Override
    public void submit(Alert alert) {
        Silence s = silences.get().muting(alert, programs(alert), clock.instant());
        String key = alert.incident();
        if (alert.resolved()) {
            Held h = key == null ? null : held.remove(key);
            if (key != null && told.remove(key)) {
                next.submit(alert); // its start was told: its end is told too, silence or not
            } else if (h != null) {
                mute(h.silence());
                log.info("alert " + alert.id() + " not sent: the incident resolved during silence " + h.silence()
                        + ", which withheld its alert: " + alert.subject().strip());
            } else if (s != null) { // its start was not told either
                muted(s, alert, "");
            } else {
                next.submit(alert);
            }
            return;
        }
        if (s == null) {
            if (key != null) {
                held.remove(key); // the silence has just ended: this newer alert goes instead
                told.add(key);
            }
            next.submit(alert);
            return;
        }
        muted(s, alert, key != null ? "; sent when the silence ends if still firing" : "");
        if (key != null) {
            held.put(key, new Held(alert, s.id()));
        }
    }

    private void muted(Silence s, Alert alert, String more) {
        mute(s.id());
        log.info("alert " + alert.id() + " silenced by " + s.id() + (s.reason().isBlank() ? "" : " (" + s.reason() + ")")
                + ": " + alert.subject().strip() + more);
    }

    private void mute(String silence) {
        muted.merge(silence, 1L, Long::sum);
        total.incrementAndGet();
    }

    private List<String> programs(Alert alert) {
        return alert.process() != null ? List.of(alert.process().qualified()) : watched;
    }

    /**
     * Sends what is withheld once no silence mutes it any more and its incident still fires; forgets the
     * counts of silences gone from the store.
     *
     * @param firing whether the incident of that key fires now, in the monitor's state
     * @return true when its state changed (to be saved)
     */
    boolean release(Predicate<String> firing) {
        if (held.isEmpty() && muted.isEmpty()) {
            return false;
        }
        Silences current = silences.get();
        boolean changed = false;
        for (Iterator<Map.Entry<String, Held>> it = held.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Held> e = it.next();
            Alert a = e.getValue().alert();
            Silence s = current.muting(a, programs(a), clock.instant());
            if (s != null) {
                if (!s.id().equals(e.getValue().silence())) { // another silence goes on muting it
                    e.setValue(e.getValue().by(s.id()));
                    changed = true;
                }
                continue;
            }
            it.remove();
            changed = true;
            if (firing.test(e.getKey())) {
                log.info("silence " + e.getValue().silence() + " is over and the incident still fires: alert " + a.id()
                        + " sent now: " + a.subject().strip());
                next.submit(a);
                told.add(e.getKey());
            } else {
                log.info("silence " + e.getValue().silence() + " is over; the incident of alert " + a.id()
                        + " no longer fires: not sent");
            }
        }
        changed |= muted.keySet().removeIf(id -> current.byId(id) == null);
        return changed;
    }

    /** Alerts silenced since the listener started, for the metrics file. */
    long silencedTotal() {
        return total.get();
    }

    @Override
    public Map<String, String> state() {
        if (held.isEmpty() && muted.isEmpty() && told.isEmpty()) {
            return Map.of(); // the journal asks after every event: nothing made when nothing is held
        }
        Map<String, String> m = new LinkedHashMap<>();
        held.forEach((key, h) -> m.put(HELD + key, h.silence() + "\n" + h.text()));
        muted.forEach((id, n) -> m.put(MUTED + id, Long.toString(n)));
        told.forEach(key -> m.put(TOLD + key, "told"));
        return m;
    }

    @Override
    public List<String> restore(Map<String, String> state) {
        List<String> rejected = new ArrayList<>();
        KeepsState.restoreEach(state, HELD, (key, value) -> {
            int nl = value.indexOf('\n');
            String text = value.substring(nl + 1);
            held.put(key, new Held(AlertText.read(text), value.substring(0, nl), text));
        }, rejected);
        KeepsState.restoreEach(state, MUTED, (id, value) -> muted.put(id, Long.parseLong(value)), rejected);
        KeepsState.restoreEach(state, TOLD, (key, value) -> told.add(key), rejected);
        return rejected;
    }

    /** How many alerts each silence muted, in a monitor's journal ({@code superlance status}). */
    public static Map<String, Long> mutedIn(Map<String, String> state) {
        Map<String, Long> out = new LinkedHashMap<>();
        KeepsState.restoreEach(state, MUTED, (id, value) -> out.put(id, Long.parseLong(value)), new ArrayList<>());
        return out;
    }

    /** The incidents whose alert a silence withholds, with the silence's id, in a monitor's journal. */
    public static Map<String, String> heldIn(Map<String, String> state) {
        Map<String, String> out = new LinkedHashMap<>();
        KeepsState.restoreEach(state, HELD, (key, value) -> out.put(key, value.substring(0, Math.max(0, value.indexOf('\n')))),
                new ArrayList<>());
        return out;
    }
}
