package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.alert.spool.AtomicFile;
import io.superlance.log.Log;
import io.superlance.monitor.Action;
import io.superlance.monitor.CheckingMonitor;
import io.superlance.monitor.KeepsState;
import io.superlance.monitor.Monitor;
import io.superlance.monitor.Snapshot;
import io.superlance.monitor.TimedMonitor;
import io.superlance.protocol.Event;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a monitor's state in a journal in the spool directory, so lines a digest has gathered survive
 * a {@code kill -9}. Each event that changes the state appends the changed values (microseconds: no
 * disk sync, which would take milliseconds on the event loop; a power loss may therefore cost the
 * lines since the last digest, while digests themselves go to the spool synced). When values go away
 * (a digest went out) the journal is rewritten whole. When an event also raised alerts, the state is
 * saved only after they are in the spool ({@link #afterActions}): a crash in between then repeats
 * lines in the next digest rather than losing them. A timed monitor (logmon) changes its state on the
 * timer thread too, and a checking one (memmon, httpok) on the check worker, hence the locks; their
 * alerts are handed over before that state is saved ({@link Dispatcher}, {@link CheckWorker}).
 */
final class StateKeeper implements TimedMonitor, CheckingMonitor {
    /** Journal records before it is rewritten whole. */
    static final int COMPACT_AFTER = 5000;

    private final Monitor monitor;
    private final KeepsState state;
    private final Path file;
    private Map<String, String> saved = Map.of();
    private FileChannel journal;
    private int records;
    private boolean dirty;

    private StateKeeper(Monitor monitor, Path file) {
        this.monitor = monitor;
        this.state = (KeepsState) monitor;
        this.file = file;
    }

    /** The monitor itself when it keeps no state or there is no directory; else it wrapped, its saved state restored. */
    static Monitor wrap(Monitor monitor, Path dir) {
        if (!(monitor instanceof KeepsState) || dir == null) {
            return monitor;
        }
        StateKeeper k = new StateKeeper(monitor, dir.resolve("state-" + monitor.name() + ".journal"));
        k.load();
        return k;
    }

    @Override
    public String name() {
        return monitor.name();
    }

    @Override
    public Set<String> events() {
        return monitor.events();
    }

    @Override
    public Alert sampleAlert(Instant now) {
        return monitor.sampleAlert(now);
    }

    @Override
    public synchronized List<Action> onEvent(Event event, Instant now) {
        return saved(monitor.onEvent(event, now));
    }

    @Override
    public synchronized List<Action> onTimer(Instant now) {
        return monitor instanceof TimedMonitor t ? saved(t.onTimer(now)) : List.of();
    }

    /** A checking monitor (memmon, httpok) decides on the check worker, which hands its actions over first. */
    @Override
    public synchronized List<Action> decide(Snapshot snapshot, Instant now) {
        return monitor instanceof CheckingMonitor c ? saved(c.decide(snapshot, now)) : List.of();
    }

    @Override
    public List<Action> onStart(Instant now) {
        return monitor.onStart(now);
    }

    @Override
    public synchronized List<Action> onStop(Instant now) {
        return saved(monitor.onStop(now));
    }

    /** The state is saved now when there are no actions, else once they are handed over ({@link #afterActions}). */
    private List<Action> saved(List<Action> actions) {
        dirty = true;
        if (actions.isEmpty()) {
            save();
        }
        return actions;
    }

    /** Called once the actions of the last event (or timer) were handed over. */
    synchronized void afterActions() {
        if (dirty) {
            save();
        }
    }

    private void save() {
        dirty = false;
        Map<String, String> now = state.state();
        if (now.equals(saved)) {
            return;
        }
        try {
            boolean removed = !now.keySet().containsAll(saved.keySet());
            if (removed || records >= COMPACT_AFTER || journal == null) {
                rewrite(now);
            } else {
                StringBuilder b = new StringBuilder();
                for (Map.Entry<String, String> e : now.entrySet()) {
                    if (!e.getValue().equals(saved.get(e.getKey()))) {
                        b.append(escape(e.getKey())).append('\t').append(escape(e.getValue())).append('\n');
                        records++;
                    }
                }
                ByteBuffer buf = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    journal.write(buf);
                }
            }
            saved = now;
        } catch (IOException e) {
            Log.error("cannot save " + monitor.name() + "'s state to " + file + ": " + Log.describe(e)
                    + "; a restart would lose what it has gathered");
            closeJournal();
        }
    }

    private void rewrite(Map<String, String> now) throws IOException {
        closeJournal();
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : now.entrySet()) {
            b.append(escape(e.getKey())).append('\t').append(escape(e.getValue())).append('\n');
        }
        AtomicFile.write(file, b.toString().getBytes(StandardCharsets.UTF_8), false);
        journal = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        records = now.size();
    }

    private void closeJournal() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException ignored) {
                // reopened on the next save
            }
            journal = null;
        }
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Map<String, String> m = new LinkedHashMap<>();
            int start = 0;
            for (int nl = text.indexOf('\n'); nl >= 0; start = nl + 1, nl = text.indexOf('\n', start)) {
                String line = text.substring(start, nl); // a last line without its newline was cut short: ignored
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    m.put(unescape(line.substring(0, tab)), unescape(line.substring(tab + 1)));
                }
            }
            state.restore(m);
            saved = state.state();
            if (!m.isEmpty()) {
                Log.info("restored what " + monitor.name() + " had gathered before it stopped (" + file + ")");
            }
        } catch (IOException | RuntimeException e) {
            Log.error("cannot read " + file + " (" + Log.describe(e) + "): starting with nothing gathered");
        }
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
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
