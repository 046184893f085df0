package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventParser;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrashMailMonitorTest {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Instant NOW = Instant.parse("2026-11-21T02:03:04.567Z"); // 10:03:04,567 in Shanghai

    static Event exited(String group, String name, int expected) throws Exception {
        return EventParser.parse("PROCESS_STATE_EXITED",
                "processname:" + name + " groupname:" + group + " from_state:RUNNING expected:" + expected + " pid:2766");
    }

    static List<Alert> alerts(CrashMailMonitor m, Event e) {
        return m.onEvent(e, NOW).stream().map(a -> ((Action.Notify) a).alert()).toList();
    }

    static CrashMailMonitor monitor(List<String> programs, boolean any, String header) {
        return new CrashMailMonitor(ProgramSelector.of(programs, any), header, ZONE);
    }

    @Test
    void subjectAndBodyAreSuperlances() throws Exception {
        Alert a = alerts(monitor(List.of(), true, null), exited("cats", "cat", 0)).get(0);
        assertEquals(" cat crashed at 2026-11-21 10:03:04,567", a.subject());
        assertEquals("Process cat in group cats exited unexpectedly (pid 2766) from state RUNNING", a.body());
        assertEquals(AlertKind.PROCESS_CRASHED, a.kind());
        assertEquals("cats:cat", a.process().namespec());
    }

    @Test
    void optionalHeaderPrefixesTheSubject() throws Exception {
        Alert a = alerts(monitor(List.of(), true, "[prod]"), exited("cat", "cat", 0)).get(0);
        assertEquals("[prod]: cat crashed at 2026-11-21 10:03:04,567", a.subject());
    }

    @Test
    void expectedExitsAreNotMailed() throws Exception {
        assertTrue(alerts(monitor(List.of(), true, null), exited("cat", "cat", 1)).isEmpty());
    }

    @Test
    void programByNameMatchesInAnyGroup_andOnlyIt() throws Exception {
        CrashMailMonitor m = monitor(List.of("cat"), false, null);
        assertEquals(1, alerts(m, exited("cat", "cat", 0)).size());
        assertEquals(1, alerts(m, exited("pets", "cat", 0)).size());
        assertTrue(alerts(m, exited("dog", "dog", 0)).isEmpty());
    }

    @Test
    void programByNamespecMatchesOnlyThatGroup() throws Exception {
        CrashMailMonitor m = monitor(List.of("pets:cat", "web:*"), false, null);
        assertEquals(1, alerts(m, exited("pets", "cat", 0)).size());
        assertTrue(alerts(m, exited("cat", "cat", 0)).isEmpty());
        assertEquals(1, alerts(m, exited("web", "web_01", 0)).size());
    }

    @Test
    void anyOverridesPrograms() throws Exception {
        CrashMailMonitor m = monitor(List.of("cat"), true, null);
        assertEquals(1, alerts(m, exited("dog", "dog", 0)).size());
    }

    @Test
    void otherEventsAreIgnored() throws Exception {
        CrashMailMonitor m = monitor(List.of(), true, null);
        assertTrue(m.onEvent(EventParser.parse("TICK_60", "when:1"), NOW).isEmpty());
        assertTrue(m.onEvent(EventParser.parse("PROCESS_STATE_FATAL", "processname:a groupname:a from_state:BACKOFF"), NOW).isEmpty());
    }
}
