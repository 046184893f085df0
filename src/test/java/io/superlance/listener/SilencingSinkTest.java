package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.testing.VirtualClock;
import io.superlance.alert.silence.Silence;
import io.superlance.alert.silence.Silences;
import io.superlance.monitor.Action;
import io.superlance.rpc.ProcessInfo;
import io.superlance.status.HostStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static io.superlance.listener.HeartbeatStateRuntimeTest.WEB_STOPPED;
import static io.superlance.listener.HeartbeatStateRuntimeTest.heartbeat;
import static io.superlance.listener.SupervisorWatchRuntimeTest.tickUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * heartbeat {@code -p web} behind the sink, web stopped during a 20 s silence: its alert is withheld and sent when the
 * silence ends only if web is still down; kept across a listener restart. The silences' clock is the test's.
 */
class SilencingSinkTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Silence WEB = new Silence("s1", List.of("web"), false, List.of(), List.of(), T0, T0.plusSeconds(20),
            "ops", "deploy", true);

    private final VirtualClock clock = new VirtualClock(T0.plusSeconds(1));
    private final AtomicReference<Silences> silences = new AtomicReference<>(new Silences(List.of(WEB)));
    private final List<Alert> sent = new CopyOnWriteArrayList<>();

    /** supervisord whose web is stopped or running, as the test says. */
    static final class Web extends FakeOperations {
        Web(boolean running) {
            pingError = null;
            processes(List.of(running ? WEB : WEB_STOPPED));
        }
    }

    private SilencingSink sink() {
        return new SilencingSink("heartbeat", List.of("web"), silences::get, sent::add, clock);
    }

    private static MonitorRuntime runtime(SilencingSink sink, Path dir, FakeOperations ops) {
        MonitorRuntime r = new MonitorRuntime(heartbeat(), sink, dir, ops, Clock.systemUTC());
        r.start();
        return r;
    }

    @Test
    void anIncidentStillFiringWhenTheSilenceEndsIsSentThen_once(@TempDir Path dir) throws Exception {
        SilencingSink sink = sink();
        Web ops = new Web(false);
        try (MonitorRuntime runtime = runtime(sink, dir, ops)) {
            tickUntil(runtime, () -> runtime.incidentsFiring() == 1);
            runtime.silencesChanged();
            assertEquals(List.of(), sent, "silenced");
            assertEquals(1, sink.silencedTotal());
            Thread.sleep(1100); // what is withheld is written to the journal once, not again at each save
            int before = ops.pings.size();
            tickUntil(runtime, () -> ops.pings.size() >= before + 2);
            String journal = Files.readString(StateJournal.file(dir, "heartbeat"));
            assertEquals(1, journal.split("silenced.held ", -1).length - 1, journal);
            clock.advance(Duration.ofSeconds(19));
            runtime.silencesChanged();
            assertEquals(List.of("heartbeat: web is STOPPED"), sent.stream().map(Alert::subject).toList());
            runtime.silencesChanged();
            int pings = ops.pings.size();
            tickUntil(runtime, () -> ops.pings.size() >= pings + 3);
            assertEquals(1, sent.size(), "once");
        }
    }

    @Test
    void removingTheSilenceReleasesItTheSameWay(@TempDir Path dir) throws Exception {
        try (MonitorRuntime runtime = runtime(sink(), dir, new Web(false))) {
            tickUntil(runtime, () -> runtime.incidentsFiring() == 1);
            silences.set(Silences.NONE);
            runtime.silencesChanged();
            assertEquals(1, sent.size());
        }
    }

    @Test
    void anIncidentThatResolvedDuringTheSilenceSendsNothing(@TempDir Path dir) throws Exception {
        Web ops = new Web(false);
        try (MonitorRuntime runtime = runtime(sink(), dir, ops)) {
            tickUntil(runtime, () -> runtime.incidentsFiring() == 1);
            ops.processes(List.of(FakeOperations.WEB));
            tickUntil(runtime, () -> runtime.incidentsFiring() == 0);
            clock.advance(Duration.ofSeconds(20));
            runtime.silencesChanged();
            assertEquals(List.of(), sent, "neither the alert nor its resolution");
        }
    }

    @Test
    void theEndOfAnIncidentToldBeforeTheSilenceIsSent(@TempDir Path dir) throws Exception {
        silences.set(Silences.NONE);
        Web ops = new Web(false);
        try (MonitorRuntime runtime = runtime(sink(), dir, ops)) {
            tickUntil(runtime, () -> runtime.incidentsFiring() == 1);
            silences.set(new Silences(List.of(WEB)));
            ops.processes(List.of(FakeOperations.WEB));
            tickUntil(runtime, () -> runtime.incidentsFiring() == 0);
            assertEquals(List.of(false, true), sent.stream().map(Alert::resolved).toList());
        }
    }

    private static Alert url(boolean resolved, String subject) {
        return Alert.of("httpok", io.superlance.alert.AlertKind.HTTP_BAD_STATUS, T0).subject(subject).incident("host1/httpok/u status")
                .resolved(resolved).build();
    }

    /** httpok with --pause-actions: its incident fired without an alert (no restart, nothing to report); its end says nothing. */
    @Test
    void theEndOfAnIncidentNeverToldIsNotSentDuringASilence() {
        SilencingSink sink = new SilencingSink("httpok", List.of("web"), silences::get, sent::add, clock);
        sink.submit(url(true, "ok again"));
        assertEquals(List.of(), sent);
        assertEquals(1, sink.silencedTotal());
    }

    @Test
    void anIncidentToldBeforeTheSilenceWhoseReminderWasWithheld_resolvesWithItsResolutionOnly() {
        silences.set(Silences.NONE);
        SilencingSink sink = new SilencingSink("httpok", List.of("web"), silences::get, sent::add, clock);
        sink.submit(url(false, "bad status"));
        silences.set(new Silences(List.of(WEB)));
        sink.submit(url(false, "bad status (still after 4h)"));
        sink.submit(url(true, "ok again"));
        sink.release(key -> true);
        assertEquals(List.of("bad status", "ok again"), sent.stream().map(Alert::subject).toList());
    }

    /** The silence is on disk and the withheld alert in the monitor's journal: a restart neither loses nor doubles it. */
    @Test
    void aListenerRestartedDuringTheSilenceSendsTheWithheldAlertOnceWhenItEnds(@TempDir Path dir) throws Exception {
        Files.createFile(dir.resolve("lock"));
        try (MonitorRuntime runtime = runtime(sink(), dir, new Web(false))) {
            tickUntil(runtime, () -> runtime.incidentsFiring() == 1);
        }
        HostStatus.Monitor status = HostStatus.read(dir).get(0);
        assertEquals("s1", status.silencedBy(status.firing().get(0)), "status marks it silenced");
        assertEquals(Map.of("s1", 1L), status.muted());

        Web ops = new Web(false);
        try (MonitorRuntime runtime = runtime(sink(), dir, ops)) {
            tickUntil(runtime, () -> ops.pings.size() >= 3);
            runtime.silencesChanged();
            assertEquals(List.of(), sent, "the restarted heartbeat knows web fires, and the silence holds");
        }
        clock.advance(Duration.ofSeconds(29)); // it ended while no listener ran
        try (MonitorRuntime runtime = runtime(sink(), dir, new Web(false))) {
            runtime.silencesChanged();
            assertEquals(List.of("heartbeat: web is STOPPED"), sent.stream().map(Alert::subject).toList());
        }
        try (MonitorRuntime runtime = runtime(sink(), dir, new Web(false))) {
            runtime.silencesChanged();
            assertEquals(1, sent.size(), "not again after another restart");
        }
        assertNull(HostStatus.read(dir).get(0).silencedBy(HostStatus.read(dir).get(0).firing().get(0)));
    }

    @Test
    void pauseActionsStopsTheRestartOfAMatchedProgramWithoutAskingSupervisord() {
        LiveOperations ops = new LiveOperations(Map.of(), "httpok", silences::get);
        silences.set(new Silences(List.of(new Silence("s2", List.of("web"), false, List.of(), List.of(), Instant.now().minusSeconds(1),
                Instant.now().plusSeconds(60), "ops", "deploy", true))));
        assertNull(ops.restart(new Action.Restart(FakeOperations.WEB)), "not begun: no SUPERVISOR_SERVER_URL was needed");
        assertNull(ops.dumpCore(new Action.DumpCore(FakeOperations.WEB.id(), 100, "true")));
        ProcessInfo db = new ProcessInfo("db", "db", 20, "RUNNING", 100, 1, 2, 0, "");
        try {
            ops.restart(new Action.Restart(db));
            throw new AssertionError("db is not silenced: its restart was tried");
        } catch (RuntimeException expected) {
            // no supervisord to ask here: it was tried, as it should be
        }
    }
}
