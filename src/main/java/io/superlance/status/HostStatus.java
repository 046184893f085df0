package io.superlance.status;

import io.superlance.alert.Asctime;
import io.superlance.alert.DurationText;
import io.superlance.alert.spool.Spool;
import io.superlance.alert.spool.SpoolEntry;
import io.superlance.json.Json;
import io.superlance.alert.silence.Silence;
import io.superlance.alert.silence.SilenceAdmin;
import io.superlance.alert.silence.SilenceStore;
import io.superlance.alert.silence.Silences;
import io.superlance.listener.CheckResults;
import io.superlance.listener.SilencingSink;
import io.superlance.listener.StateJournal;
import io.superlance.monitor.Incidents;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the listeners of this host have pending, firing and done, read from their spool directories: the
 * alerts waiting per channel with their attempts, the incidents firing and the restart budgets used (from
 * the monitors' journals), the last check and ping and how they came out ({@link CheckResults}, in the
 * same journals), and when each monitor last wrote its journal (within a second of every event). Only
 * reads files, so it never holds up a listener, and works as well after the listener died.
 */
public final class HostStatus {
    private static final String RESTARTS = "restarts ";

    private HostStatus() {
    }

    /** One alert waiting for one channel. */
    public record Pending(String channel, String id, String subject, Instant raised, int attempts, String lastError,
                         Instant nextAttempt) {
    }

    /** Restarts of one program still counted against its --max-restarts budget. */
    public record Restarts(String program, int count, boolean refused) {
    }

    /**
     * @param name         the monitor, or the directory when it keeps no journal
     * @param lastActivity when its journal was last written (within a second of each event handled); null when unknown
     * @param checks       its last check and last ping, those it did
     * @param running      whether a listener holds its spool now (true, false), or null when that cannot be told
     * @param muted        how many of its alerts each silence (by id) kept from being sent
     * @param withheld     the incidents (keys) whose alert a silence withholds until it ends, with the silence's id
     */
    public record Monitor(String name, Path dir, List<Pending> pending, List<Incidents.Firing> firing, Instant lastActivity,
                          List<Restarts> restarts, List<CheckResults.Result> checks, Boolean running, Map<String, Long> muted,
                          Map<String, String> withheld) {
        public Monitor(String name, Path dir, List<Pending> pending, List<Incidents.Firing> firing, Instant lastActivity,
                       List<Restarts> restarts, List<CheckResults.Result> checks, Boolean running) {
            this(name, dir, pending, firing, lastActivity, restarts, checks, running, Map.of(), Map.of());
        }

        /** The silence withholding the alert of this incident, or null. */
        public String silencedBy(Incidents.Firing f) {
            for (Map.Entry<String, String> e : withheld.entrySet()) {
                if (e.getKey().endsWith("/" + f.what())) { // an incident's key is HOST/MONITOR/WHAT
                    return e.getValue();
                }
            }
            return null;
        }
    }

    /** A silence in force, with how many alerts it muted across the listeners. */
    public record Silenced(Silence silence, long muted) {
    }

    /**
     * The silences in force in the store of {@code root} (the state directory; or its parent, for the spool
     * directory of one listener), each with the alerts it muted in {@code monitors}.
     */
    public static List<Silenced> silences(Path root, List<Monitor> monitors, Instant now) throws IOException {
        Path dir = Files.exists(root.resolve(SilenceStore.FILE)) || root.getParent() == null ? root : root.getParent();
        List<Silenced> out = new ArrayList<>();
        for (Silence s : new Silences(new SilenceStore(dir).read()).active(now)) {
            out.add(new Silenced(s, monitors.stream().mapToLong(m -> m.muted().getOrDefault(s.id(), 0L)).sum()));
        }
        return out;
    }

    /** For people: the silences in force, before the monitors' blocks; nothing when there are none. */
    public static String silencesTable(List<Silenced> silences, Instant now) {
        StringBuilder b = new StringBuilder();
        for (Silenced x : silences) {
            Silence s = x.silence();
            b.append("silence ").append(s.id()).append("  until ").append(SilenceAdmin.until(s, now, ZoneId.systemDefault()))
                    .append('\n').append("  silences:    ").append(s.what()).append('\n')
                    .append("  by:          ").append(s.author()).append(s.reason().isBlank() ? "" : ", reason: " + s.reason()).append('\n')
                    .append("  muted:       ").append(x.muted()).append(x.muted() == 1 ? " alert" : " alerts").append('\n');
        }
        return b.toString();
    }

    /** Every spool directory at or under {@code root} (two levels down: listener, then monitor). */
    public static List<Monitor> read(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a directory");
        }
        List<Path> dirs = new ArrayList<>();
        if (isSpool(root)) {
            dirs.add(root);
        }
        for (Path listener : subdirectories(root)) {
            if (isSpool(listener)) {
                dirs.add(listener);
            }
            for (Path monitor : subdirectories(listener)) {
                if (isSpool(monitor)) {
                    dirs.add(monitor);
                }
            }
        }
        dirs.sort(null);
        List<Monitor> out = new ArrayList<>();
        for (Path dir : dirs) {
            out.addAll(monitors(root, dir));
        }
        return out;
    }

    /**
     * The directories right in {@code dir}. Not Files.walk: it reads every file's attributes, and a listener
     * renames its entries' temporary files away meanwhile (NoSuchFileException); those are skipped here.
     */
    private static List<Path> subdirectories(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            entries.forEach(out::add);
        } catch (IOException | DirectoryIteratorException e) {
            // gone or unreadable meanwhile: nothing of it to show
        }
        return out;
    }

    /**
     * Whether a listener runs on this spool: it holds the lock on {@code lock} while it runs, and the kernel
     * lets the lock go when it exits, kill -9 included. Null when the file cannot be opened to try (another
     * user's spool). A lock this process got is let go at once.
     */
    static Boolean running(Path dir) {
        try (FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.WRITE)) {
            FileLock got = ch.tryLock();
            if (got == null) {
                return true;
            }
            got.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this very process (tests, --test-alert)
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean isSpool(Path dir) {
        return Files.exists(dir.resolve("lock"));
    }

    private static List<Monitor> monitors(Path root, Path dir) throws IOException {
        List<Pending> pending = pending(dir);
        List<Path> journals;
        try (Stream<Path> files = Files.list(dir)) {
            journals = files.filter(f -> StateJournal.monitorOf(f) != null).sorted().toList();
        }
        String where = root.equals(dir) ? dir.getFileName().toString() : root.relativize(dir).toString();
        if (journals.isEmpty()) {
            return List.of(new Monitor(where, dir, pending, List.of(), null, List.of(), List.of(), running(dir), Map.of(), Map.of()));
        }
        List<Monitor> out = new ArrayList<>();
        for (Path journal : journals) { // one journal per monitor; a spool is one monitor's
            Map<String, String> state = StateJournal.peek(journal);
            List<Incidents.Firing> firing = Incidents.firingIn(state);
            List<Restarts> restarts = new ArrayList<>();
            for (Map.Entry<String, String> e : state.entrySet()) {
                String[] f = e.getValue().split(" ");
                try {
                    if (e.getKey().startsWith(RESTARTS)) {
                        restarts.add(new Restarts(e.getKey().substring(RESTARTS.length()), f[0].split(",").length,
                                f.length > 1 && f[1].equals("refused")));
                    }
                } catch (RuntimeException ignored) {
                    // a value of another shape: the listener reports it itself when it loads the journal
                }
            }
            Instant last;
            try {
                last = Files.getLastModifiedTime(journal).toInstant();
            } catch (IOException e) {
                last = null;
            }
            out.add(new Monitor(StateJournal.monitorOf(journal) + (journals.size() > 1 || root.equals(dir) ? "" : " (" + where + ")"),
                    dir, pending, firing, last, restarts, CheckResults.read(state), running(dir), SilencingSink.mutedIn(state),
                    SilencingSink.heldIn(state)));
        }
        return out;
    }

    private static List<Pending> pending(Path dir) {
        List<String> channels = Spool.channels(dir);
        List<Pending> out = new ArrayList<>();
        for (SpoolEntry e : Spool.peek(dir)) {
            List<String> waiting = new ArrayList<>();
            for (String c : channels) {
                if (!e.doneFor(c)) {
                    waiting.add(c);
                }
            }
            if (channels.isEmpty()) {
                waiting.add("?");
            }
            for (String c : waiting) {
                SpoolEntry.Tries t = e.tries(c);
                out.add(new Pending(c, e.alert().id(), e.alert().subject(), e.alert().time(), t == null ? 0 : t.attempts(),
                        t == null ? null : t.lastError(), t == null ? null : t.nextAttempt()));
            }
        }
        return out;
    }

    /** For people: one block per monitor. */
    public static String table(List<Monitor> monitors, Instant now) {
        StringBuilder b = new StringBuilder();
        if (monitors.isEmpty()) {
            return "no listener state found\n";
        }
        for (Monitor m : monitors) {
            b.append(m.name()).append("  ").append(m.dir()).append('\n');
            b.append("  listener:    ").append(m.running() == null ? "unknown (cannot open its lock file)"
                    : m.running() ? "running" : "NOT RUNNING (no process holds its spool)").append('\n');
            b.append("  last event:  ").append(m.lastActivity() == null ? "unknown" : ago(m.lastActivity(), now)).append('\n');
            if (m.pending().isEmpty()) {
                b.append("  pending:     none\n");
            } else {
                // an alert waiting for four channels is one alert: counted once, with its deliveries beside
                long alerts = m.pending().stream().map(Pending::id).distinct().count();
                b.append("  pending:     ").append(alerts).append(alerts == 1 ? " alert" : " alerts")
                        .append(alerts == m.pending().size() ? "" : " (" + m.pending().size() + " deliveries)").append('\n');
                b.append(String.format("    %-30s %-10s %8s  %-12s %s%n", "CHANNEL", "AGE", "ATTEMPTS", "NEXT", "SUBJECT / LAST ERROR"));
                for (Pending p : m.pending()) {
                    b.append(String.format("    %-30s %-10s %8d  %-12s %s%n", cut(p.channel(), 30),
                            DurationText.of(positive(Duration.between(p.raised(), now))), p.attempts(),
                            p.nextAttempt() == null ? "-" : "in " + DurationText.of(positive(Duration.between(now, p.nextAttempt()))),
                            p.subject().strip() + (p.lastError() != null ? " / " + p.lastError() : "")));
                }
            }
            if (m.firing().isEmpty()) {
                b.append("  firing:      none\n");
            } else {
                for (Incidents.Firing f : m.firing()) {
                    String silenced = m.silencedBy(f);
                    b.append("  firing:      ").append(f.what()).append(" since ").append(ago(f.since(), now))
                            .append(f.reminders() > 0 ? ", " + f.reminders() + " reminder(s)" : "")
                            .append(silenced == null ? "" : ", SILENCED by " + silenced + " (sent when it ends, if still firing)").append('\n');
                }
            }
            long muted = m.muted().values().stream().mapToLong(Long::longValue).sum();
            if (muted > 0) {
                b.append("  silenced:    ").append(muted).append(muted == 1 ? " alert" : " alerts").append(" not sent (")
                        .append(String.join(", ", m.muted().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()))
                        .append(")\n");
            }
            for (CheckResults.Result c : m.checks()) {
                b.append(String.format("  %-13s", "last " + c.kind() + ":")).append(ago(c.at(), now))
                        .append(c.ok() ? ", ok: " : ", FAILED: ").append(c.what()).append(": ").append(c.reason().replace('\n', ' '))
                        .append(c.ok() ? "" : c.lastOk() == null ? " (no success known)" : " (last ok " + DurationText.of(positive(Duration.between(c.lastOk(), now))) + " ago)")
                        .append('\n');
            }
            for (Restarts r : m.restarts()) {
                b.append("  restarts:    ").append(r.program()).append(": ").append(r.count()).append(" in the window")
                        .append(r.refused() ? ", budget used up (restarts refused)" : "").append('\n');
            }
        }
        return b.toString();
    }

    /** For scripts: an array of monitors. */
    public static String json(List<Monitor> monitors) {
        List<Object> out = new ArrayList<>();
        for (Monitor m : monitors) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("monitor", m.name());
            o.put("dir", m.dir().toString());
            o.put("running", m.running());
            o.put("lastEvent", m.lastActivity() == null ? null : m.lastActivity().toString());
            List<Object> pending = new ArrayList<>();
            for (Pending p : m.pending()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("channel", p.channel());
                x.put("id", p.id());
                x.put("subject", p.subject());
                x.put("raised", p.raised().toString());
                x.put("attempts", p.attempts());
                x.put("lastError", p.lastError());
                x.put("nextAttempt", p.nextAttempt() == null ? null : p.nextAttempt().toString());
                pending.add(x);
            }
            o.put("pending", pending);
            List<Object> firing = new ArrayList<>();
            for (Incidents.Firing f : m.firing()) {
                Map<String, Object> x = new LinkedHashMap<>(Map.of("incident", f.what(), "since", f.since().toString(), "reminders", f.reminders()));
                x.put("silencedBy", m.silencedBy(f));
                firing.add(x);
            }
            o.put("firing", firing);
            List<Object> restarts = new ArrayList<>();
            for (Restarts r : m.restarts()) {
                restarts.add(new LinkedHashMap<>(Map.of("program", r.program(), "restarts", r.count(), "refused", r.refused())));
            }
            o.put("restarts", restarts);
            o.put("alertsSilenced", new LinkedHashMap<>(m.muted()));
            o.put("lastCheck", null);
            o.put("lastPing", null);
            for (CheckResults.Result c : m.checks()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("at", c.at().toString());
                x.put("result", c.ok() ? "ok" : "failed");
                x.put("what", c.what());
                x.put("reason", c.reason());
                x.put("lastOk", c.lastOk() == null ? null : c.lastOk().toString());
                o.put(c.kind().equals(CheckResults.PING) ? "lastPing" : "lastCheck", x);
            }
            out.add(o);
        }
        return Json.write(out) + "\n";
    }

    private static String ago(Instant t, Instant now) {
        return DurationText.of(positive(Duration.between(t, now))) + " ago (" + Asctime.format(t, ZoneId.systemDefault()) + ")";
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
