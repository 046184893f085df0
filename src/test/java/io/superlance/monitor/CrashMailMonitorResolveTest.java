package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventNames;
import io.superlance.protocol.ProcessId;
import io.superlance.protocol.ProcessState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** crashmail's "running again" alert, which lets Alertmanager resolve a crash. */
class CrashMailMonitorResolveTest {
    private static final Instant NOW = Instant.parse("2026-11-21T05:00:00Z");
    private static final ProcessId WEB = new ProcessId("web", "web-1");

    private static Event.ProcessStateChange exited(ProcessId p, boolean expected) {
        return new Event.ProcessStateChange(EventNames.PROCESS_STATE_EXITED, ProcessState.EXITED, p, "RUNNING", 10, null, expected);
    }

    private static Event.ProcessStateChange running(ProcessId p) {
        return new Event.ProcessStateChange(EventNames.PROCESS_STATE_RUNNING, ProcessState.RUNNING, p, "STARTING", 11, null, null);
    }

    private static List<Alert> alerts(List<Action> actions) {
        return actions.stream().map(a -> ((Action.Notify) a).alert()).toList();
    }

    @Test
    void runningAfterACrashResolvesIt_once() {
        CrashMailMonitor m = new CrashMailMonitor(ProgramSelector.all(), "ops", ZoneOffset.UTC);
        assertTrue(m.events().contains(EventNames.PROCESS_STATE_RUNNING));

        Alert crash = alerts(m.onEvent(exited(WEB, false), NOW)).get(0);
        assertFalse(crash.resolved());
        List<Alert> back = alerts(m.onEvent(running(WEB), NOW.plusSeconds(1)));
        assertEquals(1, back.size());
        Alert resolved = back.get(0);
        assertTrue(resolved.resolved());
        assertEquals(crash.kind(), resolved.kind(), "same kind: Alertmanager matches it to the crash");
        assertEquals(WEB, resolved.process());
        assertEquals(11, resolved.pid());
        assertEquals("RUNNING", resolved.state());
        assertEquals("ops: web-1 running again at 2026-11-21 05:00:01,000", resolved.subject());
        assertEquals("1s", resolved.fact("duration"), "how long it was down, for mail, SMS and chat");

        assertTrue(m.onEvent(running(WEB), NOW.plusSeconds(2)).isEmpty(), "only the first RUNNING after a crash");
    }

    @Test
    void runningWithoutACrash_orAfterAnExpectedExit_saysNothing() {
        CrashMailMonitor m = new CrashMailMonitor(ProgramSelector.all(), null, ZoneOffset.UTC);
        assertTrue(m.onEvent(running(WEB), NOW).isEmpty());
        assertTrue(m.onEvent(exited(WEB, true), NOW).isEmpty());
        assertTrue(m.onEvent(running(WEB), NOW).isEmpty());
    }

    @Test
    void unselectedProgramsAreIgnored() {
        CrashMailMonitor m = new CrashMailMonitor(ProgramSelector.of(List.of("db"), false), null, ZoneOffset.UTC);
        assertTrue(m.onEvent(exited(WEB, false), NOW).isEmpty());
        assertTrue(m.onEvent(running(WEB), NOW).isEmpty());
    }
}
