package io.superlance.alert.silence;

import io.superlance.alert.AlertKind;
import io.superlance.alert.Asctime;
import io.superlance.alert.DurationText;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What {@code superlance silence add/list/remove/extend} do with the store, and the rules that keep a
 * silence safe: it ends (at most {@link #MAX} from now unless forced), it names what it silences, and
 * one that silences everything says why. A refusal is an {@link IllegalArgumentException} of one line.
 */
public final class SilenceAdmin {
    /** The longest silence without {@code --force}: a forgotten one would hide a week of real trouble at most. */
    public static final Duration MAX = Duration.ofDays(7);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@code silence add}'s options, as given; {@code forDuration} or {@code until} is null. */
    public record Request(List<String> programs, boolean all, List<String> monitors, List<String> kinds, Duration forDuration,
                          String until, String reason, boolean pauseActions, boolean force) {
    }

    private final SilenceStore store;
    private final Clock clock;
    private final Set<String> monitorNames;
    private final UnaryOperator<String> nearestMonitor;
    private final String author;

    /**
     * @param monitorNames the commands {@code --monitor} may name
     * @param author       who is adding: status shows it
     */
    public SilenceAdmin(SilenceStore store, Clock clock, Set<String> monitorNames, String author) {
        this(store, clock, monitorNames, misspelt -> null, author);
    }

    /** @param nearestMonitor the monitor a misspelt {@code --monitor} is closest to, or null: "did you mean" */
    public SilenceAdmin(SilenceStore store, Clock clock, Set<String> monitorNames, UnaryOperator<String> nearestMonitor,
                        String author) {
        this.store = store;
        this.clock = clock;
        this.monitorNames = Set.copyOf(monitorNames);
        this.nearestMonitor = nearestMonitor;
        this.author = author;
    }

    /** Who runs this: the user behind sudo when there is one. */
    public static String author(java.util.Map<String, String> env) {
        String sudo = env.get("SUDO_USER");
        String user = System.getProperty("user.name", "?");
        return sudo != null && !sudo.isBlank() && !sudo.equals(user) ? sudo + " (as " + user + ")" : user;
    }

    /** Checks the request and stores the silence. @return it, with its new id */
    public Silence add(Request r) throws IOException {
        Instant now = clock.instant();
        Silence wanted = check(r, now);
        List<Silence> written = store.update(now, silences -> {
            List<Silence> out = new ArrayList<>(silences);
            out.add(withNewId(wanted, silences));
            return out;
        });
        return written.get(written.size() - 1);
    }

    private Silence check(Request r, Instant now) {
        if (r.all() && !r.programs().isEmpty()) {
            throw new IllegalArgumentException("give --program or --all, not both");
        }
        if (!r.all() && r.programs().isEmpty()) {
            throw new IllegalArgumentException("name what to silence: --program NAME (GROUP:NAME, GROUP:*), or --all");
        }
        for (String p : r.programs()) {
            String problem = ProgramPattern.problem(p);
            if (problem != null) {
                throw new IllegalArgumentException("--program: " + problem);
            }
        }
        for (String m : r.monitors()) {
            if (!monitorNames.contains(m)) {
                String near = nearestMonitor.apply(m);
                throw new IllegalArgumentException("--monitor: '" + m + "' is no monitor ("
                        + (near == null ? "" : "did you mean " + near + "? ") + "one of " + String.join(", ",
                        monitorNames.stream().sorted().toList()) + ")");
            }
        }
        List<AlertKind> kinds = new ArrayList<>();
        for (String k : r.kinds()) {
            try {
                kinds.add(AlertKind.fromWire(k));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--kind: '" + k + "' is no alert kind (one of " + String.join(", ",
                        java.util.Arrays.stream(AlertKind.values()).map(AlertKind::wire).toList()) + ")");
            }
        }
        if (r.all() && (r.reason() == null || r.reason().isBlank())) {
            throw new IllegalArgumentException("--all silences every program: say why with --reason TEXT");
        }
        Instant end = end(r.forDuration(), r.until(), now);
        return new Silence("", r.programs(), r.all(), r.monitors(), kinds, now, end, author, r.reason(), r.pauseActions())
                .withEnd(limited(end, now, r.force(), r.forDuration() != null ? "--for" : "--until"));
    }

    private Instant end(Duration forDuration, String until, Instant now) {
        if (forDuration == null && until == null) {
            throw new IllegalArgumentException("a silence needs an end: --for DURATION (e.g. 15m) or --until TIME");
        }
        if (forDuration != null && until != null) {
            throw new IllegalArgumentException("give --for or --until, not both");
        }
        if (forDuration != null) {
            if (forDuration.isZero() || forDuration.isNegative()) {
                throw new IllegalArgumentException("--for: a silence must last longer than 0s");
            }
            return now.plus(forDuration);
        }
        Instant end = UntilTime.parse(until, now.atZone(clock.getZone()));
        if (!end.isAfter(now)) {
            throw new IllegalArgumentException("--until: " + until.strip() + " is in the past (now is "
                    + Asctime.format(now, clock.getZone()) + ")");
        }
        return end;
    }

    private static Instant limited(Instant end, Instant now, boolean force, String option) {
        if (!force && Duration.between(now, end).compareTo(MAX) > 0) {
            throw new IllegalArgumentException(option + ": " + DurationText.of(Duration.between(now, end))
                    + " is longer than 7 days; add --force if you mean it");
        }
        return end;
    }

    private static Silence withNewId(Silence s, List<Silence> taken) {
        String id;
        do {
            byte[] b = new byte[4];
            RANDOM.nextBytes(b);
            id = HexFormat.of().formatHex(b);
        } while (taken.stream().map(Silence::id).toList().contains(id));
        return new Silence(id, s.programs(), s.all(), s.monitors(), s.kinds(), s.start(), s.end(), s.author(), s.reason(),
                s.pauseActions());
    }

    /** Every silence the store holds, those ended within the last hour included. */
    public List<Silence> list() throws IOException {
        return store.read();
    }

    /** Ends the silence now: its alerts still firing are sent within a second. @return it as it was */
    public Silence remove(String id) throws IOException {
        Silence[] found = new Silence[1];
        store.update(clock.instant(), silences -> {
            found[0] = find(silences, id);
            return silences.stream().filter(s -> !s.id().equals(id)).toList();
        });
        return found[0];
    }

    /** Moves its end {@code by} later; one that has ended is not brought back. @return it as it is now */
    public Silence extend(String id, Duration by, boolean force) throws IOException {
        if (by.isZero() || by.isNegative()) {
            throw new IllegalArgumentException("extend: a duration longer than 0s");
        }
        Instant now = clock.instant();
        Silence[] changed = new Silence[1];
        store.update(now, silences -> {
            Silence s = find(silences, id);
            if (!s.activeAt(now)) {
                throw new IllegalArgumentException("silence " + id + " has ended: add a new one");
            }
            changed[0] = s.withEnd(limited(s.end().plus(by), now, force, "extend"));
            return silences.stream().map(x -> x.id().equals(id) ? changed[0] : x).toList();
        });
        return changed[0];
    }

    private static Silence find(List<Silence> silences, String id) {
        for (Silence s : silences) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no silence '" + id + "' (superlance silence list shows them)");
    }

    /** For people: one line per silence, in force or ended lately. */
    public static String table(List<Silence> silences, Instant now, ZoneId zone) {
        if (silences.isEmpty()) {
            return "no silences\n";
        }
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(new String[] {"ID", "UNTIL", "BY", "SILENCES", "REASON"});
        for (Silence s : silences) {
            rows.add(new String[] {s.id(), until(s, now, zone), s.author(), s.what(), s.reason()});
        }
        int[] widths = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                b.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
            }
            b.append(row[row.length - 1]).append('\n');
        }
        return b.toString();
    }

    /** {@code Mon Dec  7 10:00:00 2026 (in 15m)}, or when it ended. */
    public static String until(Silence s, Instant now, ZoneId zone) {
        return Asctime.format(s.end(), zone) + (s.activeAt(now) ? " (in " + DurationText.of(Duration.between(now, s.end())) + ")"
                : now.isBefore(s.start()) ? " (not begun)" : " (ended)");
    }
}
