package io.superlance.listener;

import io.superlance.alert.Asctime;
import io.superlance.alert.silence.Silence;
import io.superlance.alert.silence.SilenceStore;
import io.superlance.alert.silence.Silences;
import io.superlance.log.Log;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The host's silences as this listener sees them: the store looked at once a second on the process's timer
 * thread (a stat; the file is read only when it changed), each silence's start and end logged once, and
 * every monitor then given the chance to send what a silence that ended withheld.
 */
final class SilenceWatch implements Runnable {
    /** How often the store is looked at: a silence added or removed is honoured within this. */
    static final long EVERY_MILLIS = 1000;

    private final SilenceStore.Watcher store;
    private final List<MonitorRuntime> runtimes;
    private final Clock clock;
    private final Set<String> inForce = new HashSet<>(); // timer thread only
    private String lastFault; // timer thread only

    SilenceWatch(Path stateDir, List<MonitorRuntime> runtimes, Clock clock) {
        this.store = new SilenceStore.Watcher(stateDir);
        this.runtimes = runtimes;
        this.clock = clock;
    }

    Silences current() {
        return store.current();
    }

    /** Reads the store now (before the monitors start, so what they raise at once is judged), then every second. */
    void start(ScheduledExecutorService timers) {
        look();
        timers.scheduleAtFixedRate(this, EVERY_MILLIS, EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        try {
            look();
            for (MonitorRuntime r : runtimes) {
                r.silencesChanged();
            }
        } catch (RuntimeException e) {
            Log.error("silences: " + Log.describe(e)); // caught: an exception would end the schedule
        }
    }

    private void look() {
        try {
            store.refresh();
            if (lastFault != null) {
                Log.info("silences: " + store.file() + " read again");
                lastFault = null;
            }
        } catch (IOException e) {
            String fault = Log.describe(e);
            if (!fault.equals(lastFault)) {
                Log.error("silences: cannot read " + store.file() + " (" + fault + "): the silences read before stay in force");
                lastFault = fault;
            }
        }
        Instant now = clock.instant();
        Silences current = store.current();
        Set<String> active = new HashSet<>();
        for (Silence s : current.active(now)) {
            active.add(s.id());
            if (inForce.add(s.id())) {
                Log.info("silence " + s.id() + " in force until " + Asctime.format(s.end(), ZoneId.systemDefault()) + ": "
                        + s.what() + (s.reason().isBlank() ? "" : " (" + s.reason() + ")") + ", by " + s.author());
            }
        }
        for (String id : List.copyOf(inForce)) {
            if (!active.contains(id)) {
                inForce.remove(id);
                Log.info("silence " + id + (current.byId(id) == null ? " removed" : " expired"));
            }
        }
    }
}
