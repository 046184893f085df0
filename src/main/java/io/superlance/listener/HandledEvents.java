package io.superlance.listener;

import io.superlance.monitor.KeepsState;
import io.superlance.protocol.Event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events a monitor has handled lately, so that one supervisord hands over again is not alerted
 * twice. After a listener's {@code kill -9}, supervisord 4.2.5 gives the event it had in flight back to
 * its pool, and also to every pool whose listener has the same priority (it tells processes apart by
 * priority only), which handled that event already. The repeat carries the event's {@code serial}
 * (supervisord's number for the event, the same in every pool; {@code poolserial} counts per pool).
 * Kept in the state journal, so a repeat reaching the restarted listener is recognised too. Serials
 * start again from 0 when supervisord restarts, so an event is known by its serial and its content.
 */
final class HandledEvents implements KeepsState {
    /** Events remembered at least; up to twice as many, the oldest half let go at once. */
    static final int KEEP = 500;
    static final String KEY = "handled ";

    // KEY + serial -> content's hash, oldest first: keyed as the journal keeps it, so state() is a view
    private final Map<String, String> recent = new LinkedHashMap<>();
    private final Map<String, String> view = Collections.unmodifiableMap(recent);
    // What changed since the journal last took it (takeChanges), so a save looks at one event, not all of them:
    // the keys put since, in order. Those let go meanwhile are not handed over; those let go earlier stay in
    // the journal until it is compacted, and a restore lets them go again (restore).
    private final List<String> put = new ArrayList<>();

    /**
     * True the first time the event of this {@code serial} is seen, and remembers it; false for a repeat.
     * Without a serial an event cannot be recognised: always true.
     */
    boolean firstTime(String serial, Event event) {
        if (serial == null) {
            return true;
        }
        String key = KEY + serial;
        String content = Integer.toHexString(contentHash(event));
        if (content.equals(recent.get(key))) {
            return false;
        }
        recent.remove(key); // the same serial for another event: supervisord was restarted
        recent.put(key, content);
        put.add(key);
        if (recent.size() >= 2 * KEEP) {
            letGoOldest(KEEP);
        }
        return true;
    }

    private void letGoOldest(int count) {
        Iterator<String> oldest = recent.keySet().iterator();
        for (int i = 0; i < count; i++) {
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * {@code event.toString().hashCode()}, what the journal has always kept, computed without building the
     * string for the events that come by the thousand: the record's {@code toString()} formats every
     * field and was a sixth of what a listener allocated per event. Any other event is hashed from its string.
     */
    static int contentHash(Event event) {
        if (event instanceof Event.ProcessStateChange e) {
            int h = hash(0, "ProcessStateChange[name=", e.name());
            h = hash(h, ", state=", e.state().toString());
            h = process(hash(h, ", process=", ""), e.process());
            h = hash(h, ", fromState=", e.fromState());
            h = number(hash(h, ", pid=", ""), e.pid());
            h = number(hash(h, ", tries=", ""), e.tries());
            return hash(hash(h, ", expected=", String.valueOf(e.expected())), "]", "");
        }
        if (event instanceof Event.Tick e) {
            int h = hash(0, "Tick[name=", e.name());
            h = number(hash(h, ", periodSeconds=", ""), e.periodSeconds());
            return hash(number(hash(h, ", when=", ""), e.when()), "]", "");
        }
        if (event instanceof Event.ProcessLog e) {
            int h = process(hash(hash(0, "ProcessLog[name=", e.name()), ", process=", ""), e.process());
            h = number(hash(h, ", pid=", ""), e.pid());
            h = hash(h, ", channel=", e.channel());
            return hash(hash(h, ", data=", e.data()), "]", "");
        }
        return event.toString().hashCode();
    }

    /** {@code h}, the String hash of what came before (0 for nothing), carried on over {@code a} and {@code b} ("null" for null). */
    private static int hash(int h, String a, String b) {
        for (int i = 0; i < a.length(); i++) {
            h = 31 * h + a.charAt(i);
        }
        String t = b == null ? "null" : b;
        for (int i = 0; i < t.length(); i++) {
            h = 31 * h + t.charAt(i);
        }
        return h;
    }

    /** Carried on over {@link io.superlance.protocol.ProcessId#toString()}, its namespec. */
    private static int process(int h, io.superlance.protocol.ProcessId p) {
        if (p == null) {
            return hash(h, "null", "");
        }
        return p.group().equals(p.name()) ? hash(h, p.name(), "") : hash(hash(h, p.group(), ":"), p.name(), "");
    }

    /** Carried on over {@code String.valueOf(n)}. */
    private static int number(int h, Integer n) {
        return n == null ? hash(h, "null", "") : number(h, n.longValue());
    }

    /** Carried on over the decimal digits of {@code v}, as {@code String.valueOf} writes them. */
    private static int number(int h, long v) {
        if (v == Long.MIN_VALUE) {
            return hash(h, Long.toString(v), "");
        }
        if (v < 0) {
            h = 31 * h + '-';
            v = -v;
        }
        long digit = 1;
        while (digit <= v / 10) {
            digit *= 10;
        }
        for (; digit > 0; digit /= 10) {
            h = 31 * h + (char) ('0' + v / digit % 10);
        }
        return h;
    }

    /** How many it remembers. */
    int size() {
        return recent.size();
    }

    /**
     * Hands {@code changed} each value put since the last call (the journal's save) and still remembered,
     * and forgets them. Those let go are not taken out of the journal: rewriting it whole each time half of
     * them went (every 500 events) was a good part of an event's time; a restore lets them go again.
     */
    void takeChanges(java.util.function.BiConsumer<String, String> changed) {
        for (String key : put) {
            String content = recent.get(key);
            if (content != null) {
                changed.accept(key, content);
            }
        }
        put.clear();
    }

    @Override
    public Map<String, String> state() {
        return view;
    }

    @Override
    public List<String> restore(Map<String, String> state) {
        List<String> rejected = new ArrayList<>();
        recent.clear();
        put.clear();
        KeepsState.restoreEach(state, KEY, (serial, content) -> recent.put(KEY + serial, content), rejected);
        if (recent.size() >= 2 * KEEP) { // the journal keeps those let go until it is compacted
            letGoOldest(recent.size() - (2 * KEEP - 1));
        }
        return rejected;
    }
}
