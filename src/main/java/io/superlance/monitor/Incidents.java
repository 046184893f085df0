package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.DurationText;
import io.superlance.alert.Facts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The incidents of one monitor, each under a stable key naming what is checked (a program, a URL and
 * its check, a job). A condition fires once it is confirmed by {@code --for} consecutive bad checks,
 * reminds at most every {@code --repeat} while it stays, and resolves once, at the first good check
 * after it fired. A good check before confirmation starts the count again and says nothing: a single
 * bad sample is no incident. Pure and single-threaded, like every monitor; its state goes in the
 * monitor's journal so a firing incident survives a listener restart (and is neither fired again nor
 * forgotten). An incident remembers the kinds it was told as ({@link #told}), so its resolution can end
 * each of them: Alertmanager and webhooks tell alerts apart by kind. This class is also the one reader
 * of the journal's incident entries ({@link #firingIn}), for {@code superlance status} and the metrics.
 */
public final class Incidents {
    /** Alertmanager's {@code repeat_interval} default: on-call hears of a lasting problem a few times a day. */
    public static final Duration DEFAULT_REPEAT = Duration.ofHours(4);
    private static final String PREFIX = "incident.";
    /** Where the listener's own watches (its ticks, program names, supervisord) keep their incidents in the journal. */
    public static final String WATCH_PREFIX = "watch.";

    /** What a check means for one incident. */
    public enum Step {
        /** nothing to tell: all well, or still firing with no reminder due */
        NONE,
        /** bad, but not yet confirmed: {@link Verdict#count()} of {@link Verdict#forChecks()} */
        PENDING,
        /** confirmed now: tell it */
        FIRE,
        /** still firing and a reminder is due */
        REMIND,
        /** it fired and is over now (only when resolutions are sent) */
        RESOLVE
    }

    /**
     * @param key       the incident's stable key ({@link #key})
     * @param count     consecutive bad checks so far (0 after a good one)
     * @param since     the first bad check of the run of bad checks, or null
     * @param lasted    from {@code since} to now
     * @param reminders reminders sent before this one (for REMIND) or in all (for RESOLVE)
     * @param told      the kinds the incident was told as (for RESOLVE: what the resolution ends), in order
     */
    public record Verdict(Step step, String key, int count, int forChecks, Instant since, Duration lasted, int reminders,
                          List<AlertKind> told) {
        public Verdict {
            told = List.copyOf(told);
        }

        /** True when this verdict is something to tell people. */
        public boolean tells() {
            return step == Step.FIRE || step == Step.REMIND || step == Step.RESOLVE;
        }

        /** True when it fired now or a reminder is due: an alert of the condition goes out. */
        public boolean alerts() {
            return step == Step.FIRE || step == Step.REMIND;
        }

        /** The end of a reminder's subject, the same words for every monitor and watch; empty for any other step. */
        public String reminderNote() {
            return step == Step.REMIND ? reminderNote(lasted) : "";
        }

        /**
         * An alert of this incident, from {@code source}: its key, and resolved when this verdict resolves it.
         * The caller adds subject, body and facts, {@link #duration} last.
         */
        public Alert.Builder alert(String source, AlertKind kind, Instant now) {
            return Alert.of(source, kind, now).incident(key).resolved(step == Step.RESOLVE);
        }

        /** For a resolution's {@link Facts#DURATION}: how long the incident lasted; null for any other step. */
        public String duration() {
            return step == Step.RESOLVE ? DurationText.of(lasted) : null;
        }

        /** The end of a reminder's subject: {@code (still after 4h)}. */
        public static String reminderNote(Duration lasted) {
            return " (still after " + DurationText.of(lasted) + ")";
        }
    }

    /** An incident that fired and has not resolved, as the journal holds it; {@code what} with the watch's prefix for a watch's. */
    public record Firing(String what, Instant since, int reminders) {
    }

    private static final class Incident {
        int bad;
        Instant since;
        boolean firing;
        Instant lastTold;
        int reminders;
        final Set<AlertKind> told = new LinkedHashSet<>();
    }

    private final String prefix;
    private final String statePrefix; // of its journal keys
    private final Predicate<String> owns; // what of a journal key it takes back
    private final int forChecks;
    private final Duration repeat;
    private final boolean sendResolved;
    private final Map<String, Incident> incidents = new LinkedHashMap<>();

    /**
     * @param host         this host's name, the first part of every key
     * @param monitor      the monitor's name, the second part
     * @param forChecks    {@code --for}: consecutive bad checks before an incident fires, at least 1 (its converter checks it)
     * @param repeat       {@code --repeat}: least time between reminders; null or zero for none
     * @param sendResolved false for {@code --no-resolved}: an incident that ends says nothing
     */
    public Incidents(String host, String monitor, int forChecks, Duration repeat, boolean sendResolved) {
        this(host, monitor, forChecks, repeat, sendResolved, PREFIX, what -> true);
    }

    /**
     * The incidents of one of the listener's watches over a monitor: kept in the journal apart from the
     * monitor's own, each watch taking back only what it {@code owns}.
     */
    public static Incidents ofWatch(String host, String monitor, int forChecks, Duration repeat, Predicate<String> owns) {
        return new Incidents(host, monitor, forChecks, repeat, true, WATCH_PREFIX, owns);
    }

    private Incidents(String host, String monitor, int forChecks, Duration repeat, boolean sendResolved, String statePrefix,
                      Predicate<String> owns) {
        this.prefix = key(host, monitor, "");
        this.statePrefix = statePrefix;
        this.owns = owns;
        this.forChecks = forChecks;
        this.repeat = repeat == null || repeat.isZero() || repeat.isNegative() ? null : repeat;
        this.sendResolved = sendResolved;
    }

    /** The incident key of {@code what}: host, monitor and what is checked. */
    public String key(String what) {
        return prefix + what;
    }

    /**
     * The incident key of {@code what} of {@code monitor} on {@code host}, for a monitor whose alerts are events
     * rather than conditions (logmon's lines: nothing to confirm or resolve), so they group as incidents do.
     */
    public static String key(String host, String monitor, String what) {
        return host + "/" + monitor + "/" + what;
    }

    public int forChecks() {
        return forChecks;
    }

    /** A check of {@code what} found it bad. */
    public Verdict bad(String what, Instant now) {
        Incident i = incidents.computeIfAbsent(what, w -> new Incident());
        if (i.bad == 0 && !i.firing) {
            i.since = now;
        }
        i.bad++;
        if (i.firing) {
            if (repeat != null && !now.isBefore(i.lastTold.plus(repeat))) {
                Verdict v = verdict(Step.REMIND, what, i, now);
                i.lastTold = now;
                i.reminders++;
                return v;
            }
            return verdict(Step.NONE, what, i, now);
        }
        if (i.bad < forChecks) {
            return verdict(Step.PENDING, what, i, now);
        }
        i.firing = true;
        i.lastTold = now;
        return verdict(Step.FIRE, what, i, now);
    }

    /**
     * {@code what} is bad beyond doubt, e.g. a job's failed run, which is a fact rather than a sample to
     * confirm: it fires now (FIRE), or says nothing when it fires already.
     */
    public Verdict fire(String what, Instant now) {
        Incident i = incidents.computeIfAbsent(what, w -> new Incident());
        if (i.firing) {
            return verdict(Step.NONE, what, i, now);
        }
        if (i.bad == 0) {
            i.since = now;
        }
        i.bad = Math.max(i.bad + 1, forChecks);
        i.firing = true;
        i.lastTold = now;
        return verdict(Step.FIRE, what, i, now);
    }

    /**
     * {@code what} fired, but the alert it called for was not sent (the restart it was about was not begun: a
     * silence's --pause-actions, the listener stopping): it is bad as before, not firing, so the next bad check
     * fires it again and a good one resolves nothing.
     */
    public void untold(String what) {
        Incident i = incidents.get(what);
        if (i != null) {
            i.firing = false;
        }
    }

    /** {@code what}'s incident was told as {@code kind}: its resolution ends that alert too. */
    public void told(String what, AlertKind kind) {
        Incident i = incidents.get(what);
        if (i != null && i.firing) {
            i.told.add(kind);
        }
    }

    /** A check of {@code what} found it good. */
    public Verdict good(String what, Instant now) {
        Incident i = incidents.remove(what);
        if (i == null || !i.firing) {
            return new Verdict(Step.NONE, key(what), 0, forChecks, null, Duration.ZERO, 0, List.of());
        }
        Verdict v = verdict(sendResolved ? Step.RESOLVE : Step.NONE, what, i, now);
        return new Verdict(v.step(), v.key(), 0, forChecks, v.since(), v.lasted(), v.reminders(), v.told());
    }

    /** True while {@code what} has fired and not resolved. */
    public boolean firing(String what) {
        Incident i = incidents.get(what);
        return i != null && i.firing;
    }

    /** How many have fired and not resolved. */
    public int firingCount() {
        return (int) incidents.values().stream().filter(i -> i.firing).count();
    }

    /** What is checked of every incident firing or pending now, in the order they began. */
    public Set<String> open() {
        return Set.copyOf(incidents.keySet());
    }

    /** Forgets {@code what} without a word, e.g. a program removed from supervisord's configuration. */
    public void forget(String what) {
        incidents.remove(what);
    }

    private Verdict verdict(Step step, String what, Incident i, Instant now) {
        // by hand: Duration.between goes through Instant.until's general unit arithmetic, costly in the interpreter
        Duration down = Duration.ofSeconds(now.getEpochSecond() - i.since.getEpochSecond(), now.getNano() - i.since.getNano());
        return new Verdict(step, key(what), i.bad, forChecks, i.since, down, i.reminders,
                List.copyOf(i.told));
    }

    /**
     * For the monitor's {@link KeepsState#state}: one {@code incident.WHAT} entry each ({@code watch.WHAT} for a
     * watch's), {@code firing|pending COUNT SINCE LAST_TOLD|- REMINDERS [KIND,KIND]}.
     */
    public Map<String, String> state() {
        if (incidents.isEmpty()) {
            return Map.of(); // the journal asks after every event: nothing made when nothing fires
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, Incident> e : incidents.entrySet()) {
            Incident i = e.getValue();
            StringBuilder v = new StringBuilder().append(i.firing ? "firing" : "pending").append(' ').append(i.bad).append(' ')
                    .append(i.since).append(' ').append(i.lastTold == null ? "-" : i.lastTold.toString()).append(' ').append(i.reminders);
            if (!i.told.isEmpty()) {
                v.append(' ').append(String.join(",", i.told.stream().map(AlertKind::wire).toList()));
            }
            m.put(statePrefix + e.getKey(), v.toString());
        }
        return m;
    }

    /** Takes back what {@link #state} gave; returns what it could not use, as {@link KeepsState#restore} does. */
    public List<String> restore(Map<String, String> state) {
        List<String> rejected = new ArrayList<>();
        KeepsState.restoreEach(state, statePrefix, (what, value) -> {
            if (owns.test(what)) {
                incidents.put(what, parse(value));
            }
        }, rejected);
        return rejected;
    }

    private static Incident parse(String value) {
        String[] f = value.split(" ");
        if ((f.length != 5 && f.length != 6) || !(f[0].equals("firing") || f[0].equals("pending"))) {
            throw new IllegalArgumentException("not an incident");
        }
        Incident i = new Incident();
        i.firing = f[0].equals("firing");
        i.bad = Integer.parseInt(f[1]);
        i.since = Instant.parse(f[2]);
        i.lastTold = f[3].equals("-") ? null : Instant.parse(f[3]);
        i.reminders = Integer.parseInt(f[4]);
        if (f.length == 6) {
            for (String kind : f[5].split(",")) {
                i.told.add(AlertKind.fromWire(kind));
            }
        }
        if (i.bad < 0 || i.reminders < 0 || (i.firing && i.lastTold == null)) {
            throw new IllegalArgumentException("not an incident");
        }
        return i;
    }

    /**
     * The incidents firing in a monitor's journal ({@code state}: all it holds), its own and its watches';
     * entries of another shape are left out (the listener reports them when it loads the journal).
     */
    public static List<Firing> firingIn(Map<String, String> state) {
        List<Firing> out = new ArrayList<>();
        for (Map.Entry<String, String> e : state.entrySet()) {
            String key = e.getKey();
            String what = key.startsWith(PREFIX) ? key.substring(PREFIX.length())
                    : key.startsWith(WATCH_PREFIX) ? key.substring(WATCH_PREFIX.length()) : null;
            if (what == null || !e.getValue().startsWith("firing")) {
                continue;
            }
            try {
                Incident i = parse(e.getValue());
                out.add(new Firing(what, i.since, i.reminders));
            } catch (RuntimeException ignored) {
                // damaged: not counted
            }
        }
        return out;
    }
}
