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
        assertEquals(List.of(new Action.Wake(T0.plusSeconds(10)), new Action.Wake(T0.plus(LogMonitor.PARTIAL_WAIT))), first,
                "one wake to close the window, one to finish the unfinished ER... if its rest does not come");
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
    void stoppingSendsTheOpenWindowsNow_withAnUnfinishedLastLine() {
        LogMonitor m = monitor(Set.of("stdout"));
        ProcessId api = new ProcessId("api", "api");
        m.onEvent(out(WEB, "ERROR one\n"), T0);
        m.onEvent(out(api, "ok\nERROR half a li"), T0.plusSeconds(1));
        List<Action> stopped = m.onStop(T0.plusSeconds(2));
        assertEquals(2, stopped.size(), "one alert per open window, and no wake-ups: " + stopped);
        Alert web = ((Action.Notify) stopped.stream().filter(a -> ((Action.Notify) a).alert().process().equals(WEB))
                .findFirst().orElseThrow()).alert();
        assertEquals("logmon: web: 1 matching line", web.subject());
        assertTrue(web.body().contains("and 2026-11-21 05:00:02"), "the window ends when the listener stopped: " + web.body());
        Alert apiAlert = ((Action.Notify) stopped.stream().filter(a -> ((Action.Notify) a).alert().process().equals(api))
                .findFirst().orElseThrow()).alert();
        assertTrue(apiAlert.body().endsWith("ERROR half a li"), apiAlert.body());
        assertEquals(List.of(), m.onStop(T0.plusSeconds(3)), "nothing is sent twice");
        assertEquals(List.of(), m.onTimer(T0.plusSeconds(20)), "the timers of the closed windows find nothing");
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

    @Test
    void anUnfinishedLineIsTakenAsALineWhenItsRestDoesNotCome() {
        LogMonitor m = monitor(Set.of("stdout"));
        assertEquals(List.of(new Action.Wake(T0.plusSeconds(2))), m.onEvent(out(WEB, "ok\nFATAL 错误 no newline"), T0));
        assertEquals(List.of(), m.onEvent(out(WEB, " yet"), T0.plusSeconds(1)));
        assertEquals(List.of(), m.onTimer(T0.plusMillis(1999)).stream().filter(a -> a instanceof Action.Notify).toList());
        List<Action> flushed = m.onTimer(T0.plusSeconds(2));
        assertEquals(List.of(new Action.Wake(T0.plusSeconds(12))), flushed, "the flushed line opens a window");
        Alert a = ((Action.Notify) m.onTimer(T0.plusSeconds(12)).get(0)).alert();
        assertTrue(a.body().endsWith("\nFATAL 错误 no newline yet"), a.body());

        // A newline that comes in time finishes the line as usual; a new unfinished one waits afresh.
        LogMonitor n = monitor(Set.of("stdout"));
        n.onEvent(out(WEB, "ERROR a"), T0);
        n.onEvent(out(WEB, "\nERROR b"), T0.plusMillis(1500));
        List<Action> early = n.onTimer(T0.plusSeconds(2));
        assertEquals(List.of(new Action.Wake(T0.plusMillis(3500))), early, "ERROR b has waited only 0.5 s");
        n.onTimer(T0.plusMillis(3500));
        Alert b = ((Action.Notify) n.onTimer(T0.plusMillis(11_500)).get(0)).alert(); // the window opened when ERROR a was finished
        assertTrue(b.body().endsWith("\nERROR a\nERROR b"), b.body());
    }
}
