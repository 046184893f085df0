package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.protocol.Event;
import io.superlance.protocol.ProcessId;
import io.superlance.protocol.ProcessState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigestMonitorTest {
    static final Instant T = Instant.parse("2024-05-06T07:08:09.123Z");

    static Event exited(String group, String name, int pid, boolean expected) {
        return new Event.ProcessStateChange("PROCESS_STATE_EXITED", ProcessState.EXITED, new ProcessId(group, name),
                "RUNNING", pid, null, expected);
    }

    static Event fatal(String group, String name) {
        return new Event.ProcessStateChange("PROCESS_STATE_FATAL", ProcessState.FATAL, new ProcessId(group, name),
                "BACKOFF", null, null, null);
    }

    static Event tick(String name) {
        return new Event.Tick(name, Integer.parseInt(name.substring(5)), 0);
    }

    static DigestMonitor monitor(DigestMonitor.Kind kind, String tick, double interval, String subject) {
        return new DigestMonitor(kind, ProgramSelector.all(), tick, interval, subject, ZoneOffset.UTC);
    }

    static Alert only(List<Action> actions) {
        assertEquals(1, actions.size(), actions.toString());
        return ((Action.Notify) actions.get(0)).alert();
    }

    @Test
    void crashmailbatchLinesAndSubject() {
        DigestMonitor m = monitor(DigestMonitor.Kind.CRASH, "TICK_60", 1.0, null);
        assertEquals(List.of(), m.onEvent(exited("web", "web_00", 42, false), T));
        assertEquals(List.of(), m.onEvent(exited("web", "web_01", 43, true), T)); // expected: not a crash
        assertEquals(List.of(), m.onEvent(exited("db", "db", 44, false), T.plusMillis(5)));
        Alert a = only(m.onEvent(tick("TICK_60"), T));
        assertEquals("Crash alert from supervisord", a.subject());
        assertEquals("2024-05-06 07:08:09,123 -- Process web:web_00 (pid 42) died unexpectedly\n"
                + "2024-05-06 07:08:09,128 -- Process db:db (pid 44) died unexpectedly", a.body());
        assertNull(a.process(), "several programs: none named");
        assertEquals("crashmailbatch", a.source());
    }

    @Test
    void fatalmailbatchLinesAndSubject() {
        DigestMonitor m = monitor(DigestMonitor.Kind.FATAL, "TICK_60", 1.0, null);
        assertEquals(List.of(), m.onEvent(fatal("svc", "api"), T));
        Alert a = only(m.onEvent(tick("TICK_60"), T));
        assertEquals("Fatal start alert from supervisord", a.subject());
        assertEquals("2024-05-06 07:08:09,123 -- Process svc:api failed to start too many times", a.body());
        assertEquals(new ProcessId("svc", "api"), a.process());
        assertTrue(m.events().contains("PROCESS_STATE_FATAL"));
    }

    @Test
    void crashsmsLinesAndNoDefaultSubject() {
        DigestMonitor m = monitor(DigestMonitor.Kind.CRASH_SMS, "TICK_60", 1.0, null);
        m.onEvent(exited("web", "web", 1234, false), T);
        Alert a = only(m.onEvent(tick("TICK_60"), T));
        assertEquals("", a.subject());
        assertEquals("[web:web](1234) exited unexpectedly 2024-05-06 07:08:09,123", a.body());
    }

    @Test
    void ticksAddTheirMinutesUntilTheInterval_thenTheBatchRestarts() {
        DigestMonitor m = monitor(DigestMonitor.Kind.CRASH, "TICK_5", 0.25, "custom"); // 3 ticks of 5 s
        m.onEvent(exited("a", "a", 1, false), T);
        assertEquals(List.of(), m.onEvent(tick("TICK_5"), T));
        assertEquals(List.of(), m.onEvent(tick("TICK_60"), T), "another tick does not count");
        m.onEvent(exited("b", "b", 2, false), T);
        assertEquals(List.of(), m.onEvent(tick("TICK_5"), T));
        Alert a = only(m.onEvent(tick("TICK_5"), T));
        assertEquals("custom", a.subject());
        assertEquals(2, a.body().lines().count());
        assertEquals(0, m.gathered());
        // nothing gathered: nothing sent, and the count still restarts
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of(), m.onEvent(tick("TICK_5"), T));
        }
        m.onEvent(exited("c", "c", 3, false), T);
        assertEquals(List.of(), m.onEvent(tick("TICK_5"), T));
        assertEquals(List.of(), m.onEvent(tick("TICK_5"), T));
        assertEquals(1, only(m.onEvent(tick("TICK_5"), T)).body().lines().count());
    }

    @Test
    void anUnknownTickIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> monitor(DigestMonitor.Kind.CRASH, "TICK_7", 1, null));
    }

    @Test
    void sampleAlertLooksLikeARealLine() {
        for (DigestMonitor.Kind k : DigestMonitor.Kind.values()) {
            Alert a = monitor(k, "TICK_60", 1, null).sampleAlert(T);
            assertTrue(a.body().contains("example:example"), a.body());
        }
    }

    @Test
    void aHugeDigestQuotesTheFirstLinesAndCountsTheRest() {
        DigestMonitor m = monitor(DigestMonitor.Kind.CRASH, "TICK_60", 1.0, null);
        for (int i = 0; i < DigestMonitor.MAX_LINES + 5; i++) {
            m.onEvent(exited("web", "web", i, false), T);
        }
        Alert a = only(m.onEvent(tick("TICK_60"), T));
        List<String> lines = a.body().lines().toList();
        assertEquals(DigestMonitor.MAX_LINES + 1, lines.size());
        assertEquals("5 more lines not shown", lines.get(lines.size() - 1));
    }
}
