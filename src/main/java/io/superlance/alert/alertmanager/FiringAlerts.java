package io.superlance.alert.alertmanager;

import io.superlance.alert.DeliveryException;
import io.superlance.alert.spool.AtomicFile;
import io.superlance.json.Json;
import io.superlance.log.Log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The incidents firing at one Alertmanager, by incident key: the labels, annotations and start each was
 * first sent with. Alertmanager resolves an alert nobody re-sends by its {@code endsAt}, so a thread of its
 * own re-sends every one of them each {@code resend} with {@code endsAt} {@link #ENDS_AFTER} intervals ahead,
 * beside the event loop and past the spool (a re-send is no new alert), until its resolution is sent.
 * <p>
 * Kept in a file of the state directory as well, rewritten at each change, so a restarted listener goes
 * on re-sending what fires: the monitors keep their incidents in their journals under the same state
 * directory, so the two are kept or lost together, and each incident's resolution (which the monitor
 * sends when it sees the check pass after the restart) ends the re-sending. Sends and re-sends hold one
 * lock, so a re-send never follows the resolution it would undo.
 */
final class FiringAlerts {
    /** Where in the state directory the files are. */
    static final String DIR = ".alertmanager";
    /** endsAt is this many re-send intervals ahead, as Prometheus sets it: a few lost re-sends end nothing. */
    static final int ENDS_AFTER = 4;

    private static final Map<String, FiringAlerts> SHARED = new HashMap<>();

    private final Path file;
    private final Duration resend;
    private final Clock clock;
    /** incident key -> {labels, annotations, startsAt} */
    private final Map<String, Map<String, Object>> firing = new LinkedHashMap<>();
    private Poster poster;
    private ScheduledExecutorService timer;
    private boolean resendFailing;

    /** Posts a list of alert documents to Alertmanager. */
    interface Poster {
        void post(List<Object> documents) throws DeliveryException;
    }

    /** @param file where the set is kept; null for memory only */
    FiringAlerts(Path file, Duration resend, Clock clock) {
        this.file = file;
        this.resend = resend;
        this.clock = clock;
        load();
    }

    /** This process's set for one Alertmanager: every monitor's channel to it shares it (and its one thread). */
    static FiringAlerts shared(String key, Path file, Duration resend, Clock clock) {
        synchronized (SHARED) {
            return SHARED.computeIfAbsent(key, k -> new FiringAlerts(file, resend, clock));
        }
    }

    Duration resend() {
        return resend;
    }

    /** How the re-sends post; the first channel's. Starts re-sending what a previous run left firing. */
    synchronized void postWith(Poster p) {
        if (poster == null) {
            poster = p;
            if (!firing.isEmpty() && !resend.isZero()) {
                start(Duration.ZERO); // what a previous run left: its last endsAt may be near
            }
        }
    }

    /** The first document this incident was sent with, or null when it is not firing. */
    synchronized Map<String, Object> get(String incident) {
        return firing.get(incident);
    }

    /** Incident keys firing now, in the order they began. */
    synchronized List<String> incidents() {
        return List.copyOf(firing.keySet());
    }

    /**
     * Records what the alerts change (an incident fires or ends), then posts them, under the lock re-sends take.
     * @param fired    incident -> its document ({labels, annotations, startsAt}); kept if not firing yet
     * @param resolved incidents that end
     */
    synchronized void send(Map<String, Map<String, Object>> fired, List<String> resolved, List<Object> documents, Poster p)
            throws DeliveryException {
        boolean changed = false;
        for (Map.Entry<String, Map<String, Object>> e : fired.entrySet()) {
            changed |= firing.putIfAbsent(e.getKey(), e.getValue()) == null;
        }
        for (String incident : resolved) {
            // forgotten before the post: if it fails, Alertmanager ends the alert at its endsAt all the same
            changed |= firing.remove(incident) != null;
        }
        if (changed) {
            save();
        }
        if (!firing.isEmpty() && !resend.isZero()) {
            start(resend);
        }
        p.post(documents);
    }

    /** Posts every firing incident again with a new endsAt; a failure waits for the next interval. */
    synchronized void resendAll() {
        if (firing.isEmpty() || poster == null) {
            return;
        }
        Instant endsAt = clock.instant().plus(resend.multipliedBy(ENDS_AFTER));
        List<Object> documents = new ArrayList<>();
        for (Map<String, Object> d : firing.values()) {
            Map<String, Object> m = new LinkedHashMap<>(d);
            m.put("endsAt", endsAt);
            documents.add(m);
        }
        try {
            poster.post(documents);
            if (resendFailing) {
                Log.info("Alertmanager takes the re-sent alerts again (" + documents.size() + " firing)");
            }
            resendFailing = false;
        } catch (DeliveryException | RuntimeException e) {
            if (!resendFailing) {
                Log.warn("cannot re-send the " + documents.size() + " alert(s) firing at Alertmanager: " + Log.describe(e)
                        + "; trying again every " + io.superlance.alert.DurationText.of(resend) + " (Alertmanager ends each at its endsAt, "
                        + io.superlance.alert.DurationText.of(resend.multipliedBy(ENDS_AFTER)) + " after the last one it got)");
            }
            resendFailing = true;
        }
    }

    private void start(Duration first) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alertmanager re-send");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, resend.toMillis());
        timer.scheduleAtFixedRate(this::resendAll, first.toMillis(), ms, TimeUnit.MILLISECONDS);
    }

    @SuppressWarnings("unchecked")
    private void load() {
        if (file == null) {
            return;
        }
        try {
            Object doc = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (Json.at(doc, "firing") instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (e.getValue() instanceof Map<?, ?> d && d.get("labels") instanceof Map<?, ?>) {
                        firing.put(e.getKey().toString(), new LinkedHashMap<>((Map<String, Object>) d));
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // nothing fired yet
        } catch (IOException | RuntimeException e) {
            Log.warn("cannot read the alerts firing at Alertmanager from " + file + " (" + Log.describe(e)
                    + "): those of a previous run are not re-sent, and Alertmanager ends them at their endsAt");
        }
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            AtomicFile.privateDirectory(file.getParent());
            AtomicFile.write(file, Json.write(Map.of("firing", firing)).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            Log.warn("cannot keep the alerts firing at Alertmanager in " + file + " (" + Log.describe(e)
                    + "): after a restart they are not re-sent until each reminds");
        }
    }
}
