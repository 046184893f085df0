package io.superlance.listener;

import io.superlance.alert.spool.AtomicFile;
import io.superlance.log.Log;
import io.superlance.log.MonitorLog;
import io.superlance.monitor.KeepsState;
import io.superlance.monitor.Monitor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keeps a monitor's state in a journal in the spool directory, so lines a digest has gathered survive
 * a {@code kill -9}. Each save appends the values that changed (microseconds: no disk sync, which would
 * take milliseconds on the event path; a power loss may therefore cost the lines since the last digest,
 * while digests themselves go to the spool, which forces them to disk). When values go away (a digest went out) the
 * journal is rewritten whole. Its {@link MonitorRuntime} saves once per batch of actions, after every
 * alert of the batch is in the spool: a kill in between then repeats lines in the next digest rather
 * than losing them. Used under the monitor's lock only.
 */
public final class StateJournal {
    /** How long the handled events of events that asked for nothing may wait to be written (saveAfterEvent). */
    static final Duration HANDLED_MAY_WAIT = Duration.ofSeconds(1);
    /** Journal records before it is rewritten whole. */
    static final int COMPACT_AFTER = 5000;
    private static final String PREFIX = "state-";
    private static final String SUFFIX = ".journal";

    private final MonitorLog log;
    private final List<KeepsState> parts; // the monitor's state, if any, and its handled events
    private final HandledEvents handled; // one of the parts, which tells what changed in it
    private final Path file;
    // What the journal holds of the parts other than the handled events: those are only ever appended
    // (each is a new key), so nothing needs comparing with them.
    private Map<String, String> saved = new LinkedHashMap<>();
    private FileChannel journal;
    private int records;
    // A save's work, kept from one save to the next: it runs after every event.
    private final List<String> changed = new ArrayList<>(); // key, value, key, value...: what differs from saved
    private int added; // how many of them saved does not hold
    private final java.util.function.BiConsumer<String, String> compare = (key, value) -> {
        String was = saved.get(key);
        if (!value.equals(was)) {
            changed.add(key);
            changed.add(value);
            added += was == null ? 1 : 0;
        }
    };

    private long lastWrite; // nanoTime of the last write; writtenOnce tells whether there was one
    private boolean writtenOnce;
    private final LongSupplier nanos;

    private StateJournal(String name, List<KeepsState> parts, HandledEvents handled, Path file, LongSupplier nanos) {
        this.log = Log.of(name);
        this.parts = parts;
        this.handled = handled;
        this.file = file;
        this.nanos = nanos;
    }

    /**
     * The journal of a monitor, the events it handled and what else its runtime keeps ({@code more}), in
     * {@code dir}; null when there is no directory.
     */
    static StateJournal of(Monitor monitor, HandledEvents handled, Path dir, KeepsState... more) {
        return of(monitor, handled, dir, System::nanoTime, more);
    }

    /** @param nanos the clock of {@link #saveAfterEvent}'s second */
    static StateJournal of(Monitor monitor, HandledEvents handled, Path dir, LongSupplier nanos, KeepsState... more) {
        if (dir == null) {
            return null;
        }
        List<KeepsState> parts = new ArrayList<>();
        if (monitor instanceof KeepsState k) {
            parts.add(k);
        }
        parts.add(handled);
        parts.addAll(List.of(more));
        return new StateJournal(monitor.name(), parts, handled, file(dir, monitor.name()), nanos);
    }

    /** The state of all its parts; their keys do not overlap. */
    private Map<String, String> state() {
        Map<String, String> m = new LinkedHashMap<>();
        for (KeepsState part : parts) {
            m.putAll(part.state());
        }
        return m;
    }

    /**
     * Saves after an event that asked for nothing. When only the handled events changed, they wait for the
     * next save, at most {@link #HANDLED_MAY_WAIT} after the last write: most events of a busy host change
     * nothing else, and a write per event (a stat and an append) was a good part of what an event cost.
     * Nothing is lost by the wait: such an event handled again after a restart asks for nothing again.
     * The journal's time, the "last event" of {@code superlance status}, stays within that second.
     */
    void saveAfterEvent() {
        if (journal != null && writtenOnce && nanos.getAsLong() - lastWrite < HANDLED_MAY_WAIT.toNanos()
                && othersUnchanged()) {
            return;
        }
        save();
    }

    /** Whether the parts other than the handled events hold what the journal holds. */
    private boolean othersUnchanged() {
        changed.clear();
        added = 0;
        int others = 0;
        for (KeepsState part : parts) {
            if (part != handled) {
                Map<String, String> values = part.state();
                others += values.size();
                values.forEach(compare);
            }
        }
        return changed.isEmpty() && others == saved.size();
    }

    /**
     * Records the state as it is now, when it changed since the last save. It runs after every event, so
     * it compares the parts' values with what was saved in place: building the whole state each time
     * (some 1,000 handled events) was most of what a listener allocated per event. The handled events
     * say which of them changed, so a save looks at the one just handled rather than at all of them: comparing
     * a thousand values per event was most of the time an event took. Handled events let go are not
     * removed from the journal (which would rewrite it whole every 500 events): they stay until it is
     * compacted, after {@value #COMPACT_AFTER} records.
     */
    void save() {
        if (journal != null && !Files.exists(file)) {
            // The spool directory was removed under us: appending to the removed file would lose every line
            // from now on without a word. A stat per save costs microseconds.
            log.warn("the state journal " + file + " was removed: writing it anew, whole");
            closeJournal();
            savedIs(new LinkedHashMap<>());
        }
        changed.clear();
        added = 0;
        int size = 0;
        for (KeepsState part : parts) {
            if (part == handled) {
                continue;
            }
            Map<String, String> values = part.state();
            size += values.size();
            // forEach, not entrySet(): an unmodifiable view wraps each entry it iterates
            values.forEach(compare);
        }
        // The parts' keys do not overlap, so a saved key is gone exactly when fewer keys are left than that.
        boolean removed = size < saved.size() + added;
        handled.takeChanges(compare);
        if (changed.isEmpty() && !removed) {
            return;
        }
        try {
            if (removed || records >= COMPACT_AFTER || journal == null) {
                Map<String, String> now = state();
                rewrite(now);
                savedIs(now);
                written();
                return;
            }
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < changed.size(); i += 2) {
                b.append(escape(changed.get(i))).append('\t').append(escape(changed.get(i + 1))).append('\n');
            }
            ByteBuffer buf = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                journal.write(buf);
            }
            records += changed.size() / 2;
            for (int i = 0; i < changed.size(); i += 2) {
                String key = changed.get(i);
                if (!key.startsWith(HandledEvents.KEY)) {
                    saved.put(key, changed.get(i + 1));
                }
            }
            written();
        } catch (IOException e) {
            log.error("cannot save the state to " + file + ": " + Log.describe(e)
                    + "; a restart would lose what it has gathered");
            closeJournal();
        }
    }

    /** What the journal now holds, {@code state}: {@link #saved} keeps the parts' other than the handled events. */
    private void savedIs(Map<String, String> state) {
        saved = new LinkedHashMap<>();
        state.forEach((key, value) -> {
            if (!key.startsWith(HandledEvents.KEY)) {
                saved.put(key, value);
            }
        });
    }

    private void written() {
        lastWrite = nanos.getAsLong();
        writtenOnce = true;
    }

    private void rewrite(Map<String, String> now) throws IOException {
        closeJournal();
        AtomicFile.privateDirectory(file.getParent());
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : now.entrySet()) {
            b.append(escape(e.getKey())).append('\t').append(escape(e.getValue())).append('\n');
        }
        AtomicFile.write(file, b.toString().getBytes(StandardCharsets.UTF_8), false);
        journal = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        records = now.size();
    }

    /** Lets go of the open journal file; the next save opens it again. */
    void closeJournal() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException ignored) {
                // reopened on the next save
            }
            journal = null;
        }
    }

    /**
     * Hands what an earlier run saved back to the monitor. A damaged journal gives back every line that
     * can be read; the file itself is set aside under {@code unreadable/}, as the spool does with entries,
     * and what was kept is written anew.
     */
    void load() {
        if (!Files.exists(file)) {
            return;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            log.error("cannot read " + file + " (" + Log.describe(e) + "): starting with nothing gathered");
            return;
        }
        Map<String, String> m = new LinkedHashMap<>();
        int unreadable = 0;
        int start = 0;
        // A last line without its newline was cut short by a kill: ignored, not damage.
        for (int nl = indexOf(bytes, start); nl >= 0; start = nl + 1, nl = indexOf(bytes, start)) {
            String line = decode(bytes, start, nl);
            int tab = line == null ? -1 : line.indexOf('\t');
            if (tab > 0) {
                m.put(unescape(line.substring(0, tab)), unescape(line.substring(tab + 1)));
            } else {
                unreadable++;
            }
        }
        try {
            List<String> rejected = new ArrayList<>();
            for (KeepsState part : parts) {
                rejected.addAll(part.restore(m));
            }
            if (!rejected.isEmpty()) {
                log.error("cannot use what " + file + " holds for " + String.join("; ", rejected)
                        + ": left out");
            }
            Map<String, String> restored = state();
            savedIs(restored);
            if (unreadable > 0) {
                Path to = setAside();
                log.error(unreadable + " line(s) of " + file + " cannot be read: it is moved to " + to
                        + ", its " + m.size() + " readable value(s) kept");
            }
            if (unreadable > 0 || !rejected.isEmpty()) {
                rewrite(restored);
            }
            if (m.keySet().stream().anyMatch(k -> !k.startsWith(HandledEvents.KEY) && !CheckResults.owns(k))) {
                log.info("restored what it had gathered before it stopped (" + file + ")");
            }
        } catch (IOException | RuntimeException e) {
            log.error("cannot read " + file + " (" + Log.describe(e) + "): starting with nothing gathered");
        }
    }

    /** Moves the journal under {@code unreadable/} beside it, where it is kept for the operator. */
    private Path setAside() throws IOException {
        Path aside = file.resolveSibling("unreadable");
        AtomicFile.privateDirectory(aside);
        Path to = aside.resolve(file.getFileName());
        Files.move(file, to, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The line as UTF-8, or null when it is not valid UTF-8. */
    private static String decode(byte[] bytes, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * The values a monitor's journal holds, read without taking it (the last record of a key wins; a line
     * cut short is left out): for {@code superlance status}, while the listener writes it or after it died.
     * @return empty when there is no journal or it cannot be read
     */
    public static Map<String, String> peek(Path file) {
        Map<String, String> m = new LinkedHashMap<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return m;
        }
        int start = 0;
        for (int nl = indexOf(bytes, start); nl >= 0; start = nl + 1, nl = indexOf(bytes, start)) {
            String line = decode(bytes, start, nl);
            int tab = line == null ? -1 : line.indexOf('\t');
            if (tab > 0) {
                m.put(unescape(line.substring(0, tab)), unescape(line.substring(tab + 1)));
            }
        }
        return m;
    }

    /** The journal file of the monitor named {@code monitor} in {@code dir}. */
    public static Path file(Path dir, String monitor) {
        return dir.resolve(PREFIX + monitor + SUFFIX);
    }

    /** The monitor whose journal {@code file} is; null when it is no journal. */
    public static String monitorOf(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX) && name.length() > PREFIX.length() + SUFFIX.length()
                ? name.substring(PREFIX.length(), name.length() - SUFFIX.length()) : null;
    }

    static String escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
            }
        }
        return s; // most keys and values: one scan, nothing made
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
