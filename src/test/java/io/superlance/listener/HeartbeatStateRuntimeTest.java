package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.monitor.HeartbeatMonitor;
import io.superlance.monitor.Incidents;
import io.superlance.monitor.ProgramSelector;
import io.superlance.protocol.EventNames;
import io.superlance.rpc.ProcessInfo;
import io.superlance.status.HostStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.superlance.listener.SupervisorWatchRuntimeTest.tickUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code heartbeat -p web --for 1} with web stopped, alerted once; the listener restarts with the same spool directory
 * (its journal): the restarted heartbeat does not alert web again, counts it firing and {@code superlance status} lists it.
 */
class HeartbeatStateRuntimeTest {
    static final ProcessInfo WEB_STOPPED = new ProcessInfo("web", "web", 0, "STOPPED", 0, 1, 2, 0, "Dec 07 03:00 AM");

    /** supervisord with web stopped; pings are taken. */
    static final class WebStopped extends FakeOperations {
        WebStopped() {
            pingError = null;
        }

        @Override
        public List<ProcessInfo> processes() {
            calls.add("processes");
            return List.of(WEB_STOPPED);
        }
    }

    static HeartbeatMonitor heartbeat() {
        return new HeartbeatMonitor(HeartbeatMonitor.Settings.of("http://hc.invalid/ping").tick(EventNames.TICK_5)
                .programs(ProgramSelector.of(List.of("web"), false)).method("GET").timeout(Duration.ofSeconds(1)).retries(0)
                .host("host1").zone(ZoneOffset.UTC).build());
    }

    @Test
    void aRestartedHeartbeatDoesNotAlertAProgramStillDownAgain(@TempDir Path dir) throws Exception {
        Files.createFile(dir.resolve("lock")); // a spool directory, as status finds them
        List<Alert> sent = new CopyOnWriteArrayList<>();
        WebStopped first = new WebStopped();
        try (MonitorRuntime runtime = new MonitorRuntime(heartbeat(), sent::add, dir, first, Clock.systemUTC())) {
            runtime.start();
            tickUntil(runtime, () -> first.pings.size() >= 3); // a few checks: the journal is written after each
            assertEquals(1, runtime.incidentsFiring());
        }
        assertEquals(List.of("heartbeat: web is STOPPED"), sent.stream().map(Alert::subject).toList());

        WebStopped second = new WebStopped();
        try (MonitorRuntime runtime = new MonitorRuntime(heartbeat(), sent::add, dir, second, Clock.systemUTC())) {
            runtime.start();
            tickUntil(runtime, () -> second.pings.size() >= 3);
            assertEquals(1, sent.size(), "not alerted again after the restart: " + sent);
            assertEquals(1, runtime.incidentsFiring());
            assertEquals(true, second.pings.get(0).failure(), "the failure ping still names web");
        }
        assertEquals(List.of("web"), HostStatus.read(dir).get(0).firing().stream().map(Incidents.Firing::what).toList());
    }
}
