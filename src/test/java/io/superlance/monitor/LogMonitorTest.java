package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventNames;
import io.superlance.protocol.ProcessId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogMonitorTest {
    private static final ProcessId WEB = new ProcessId("web", "web");
    private static final ProcessId SELF = new ProcessId("logmon", "logmon");
    private static final Instant T0 = Instant.parse("2026-11-21T05:00:00Z");

    private static LogMonitor monitor(Set<String> channels) {
        return new LogMonitor(new LogMonitor.Settings(ProgramSelector.all(), List.of(Pattern.compile("错误|ERROR")),
                List.of(Pattern.compile("retry")), channels, Duration.ofSeconds(10), SELF, ZoneOffset.UTC));
    }

    private static Event.ProcessLog out(ProcessId p, String data) {
        return new Event.ProcessLog(EventNames.PROCESS_LOG_STDOUT, p, 42, "stdout", data);
    }

    @Test
    void matchingLinesAreGroupedIntoOneAlertWhenTheTimerClosesTheWindow() {
        LogMonitor m = monitor(Set.of("stdout"));
        assertEquals(Set.of(EventNames.PROCESS_LOG_STDOUT), m.events());
        List<Action> first = m.onEvent(out(WEB, "ok\n错误: 一\nERROR retry later\nER"), T0);
        assertEquals(List.of(new Action.Wake(T0.plusSeconds(10))), first);
        assertEquals(List.of(), m.onEvent(out(WEB, "ROR two\n"), T0.plusSeconds(1)));
        assertEquals(List.of(), m.onTimer(T0.plusSeconds(9)));
        List<Action> closed = m.onTimer(T0.plusSeconds(10));
        assertEquals(1, closed.size());
        Alert a = ((Action.Notify) closed.get(0)).alert();
        assertEquals("logmon: web: 2 matching lines", a.subject());
        assertTrue(a.body().endsWith("\n错误: 一\nERROR two"), a.body());
        assertFalse(a.body().contains("retry"), a.body());
        assertEquals(WEB, a.process());
        assertEquals(42, a.pid());
    }

    @Test
    void itsOwnOutputAndUnselectedChannelsAreNotWatched() {
        LogMonitor m = monitor(Set.of("stdout"));
        assertEquals(List.of(), m.onEvent(out(SELF, "ERROR about ourselves\n"), T0));
        LogMonitor both = monitor(Set.of("stdout", "stderr"));
        List<Action> a = both.onEvent(new Event.ProcessLog(EventNames.PROCESS_LOG_STDERR, WEB, 1, "stderr", "ERROR x\n"), T0);
        assertEquals(1, a.size());
        Alert alert = ((Action.Notify) both.onTimer(T0.plusSeconds(10)).get(0)).alert();
        assertTrue(alert.body().endsWith("[stderr] ERROR x"), alert.body());
    }
}
