package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.Facts;
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
                List.of(Pattern.compile("retry")), channels, Duration.ofSeconds(10), SELF, ZoneOffset.UTC, "h"));
    }

    private static Event.ProcessLog out(ProcessId p, String data) {
        return new Event.ProcessLog(EventNames.PROCESS_LOG_STDOUT, p, 42, "stdout", data);
    }

    private static List<Alert> alerts(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.Notify).map(a -> ((Action.Notify) a).alert()).toList();
    }

    @Test
    void theFirstMatchingLineGoesOutAtOnce_theRestOfTheWindowAsOneFoldedAlert() {
        LogMonitor m = monitor(Set.of("stdout"));
        assertEquals(Set.of(EventNames.PROCESS_LOG_STDOUT), m.events());
        List<Action> first = m.onEvent(out(WEB, "ok\n错误: 一\nERROR retry later\nERROR two\nER"), T0);
        assertEquals(3, first.size(), "the first line at once, a wake to close the window, one to finish ER...: " + first);
        Alert now = ((Action.Notify) first.get(0)).alert();
        assertEquals("logmon: web: 错误: 一", now.subject());
        assertTrue(now.body().endsWith("(--match 错误|ERROR):\n错误: 一"), now.body());
        assertEquals(WEB, now.process());
        assertEquals(42, now.pid());
        assertEquals("h/logmon/web", now.incident());
        assertEquals("错误: 一", now.fact(Facts.LINES));
        assertEquals("1", now.fact(Facts.COUNT));
        assertEquals("错误|ERROR", now.fact(Facts.PATTERN));
        assertEquals(List.of(new Action.Wake(T0.plusSeconds(10)), new Action.Wake(T0.plus(LogMonitor.PARTIAL_WAIT))),
                first.subList(1, 3));
        assertEquals(List.of(), m.onEvent(out(WEB, "ROR three\n"), T0.plusSeconds(1)), "later lines wait for the window");
        assertEquals(List.of(), m.onTimer(T0.plusSeconds(9)));
        List<Alert> closed = alerts(m.onTimer(T0.plusSeconds(10)));
        assertEquals(1, closed.size());
        Alert a = closed.get(0);
        assertEquals("logmon: web: 2 more matching lines", a.subject());
        assertTrue(a.body().endsWith("\nERROR two\nERROR three"), a.body());
        assertFalse(a.body().contains("retry"), a.body());
        assertFalse(a.body().contains("一"), "the first line went out already: " + a.body());
        assertEquals(WEB, a.process());
        assertEquals(42, a.pid());
        assertEquals("h/logmon/web", a.incident(), "one incident per program");
        assertEquals("2", a.fact(Facts.COUNT));
        assertEquals("ERROR two\nERROR three", a.fact(Facts.LINES));
        assertEquals("错误|ERROR", a.fact(Facts.PATTERN));
    }

    @Test
    void aLoneLineIsOneAlert_andTheNextOneAfterTheWindowGoesOutAtOnceAgain() {
        LogMonitor m = monitor(Set.of("stdout"));
        assertEquals(1, alerts(m.onEvent(out(WEB, "ERROR one\n"), T0)).size());
        assertEquals(List.of(), m.onTimer(T0.plusSeconds(10)), "no line joined: nothing more to say");
        List<Alert> again = alerts(m.onEvent(out(WEB, "ERROR later\n"), T0.plusSeconds(11)));
        assertEquals(List.of("logmon: web: ERROR later"), again.stream().map(Alert::subject).toList());
    }

    @Test
    void aBurstOfFiftyLinesIsTwoAlerts() {
        LogMonitor m = monitor(Set.of("stdout"));
        StringBuilder burst = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            burst.append("ERROR ").append(i).append(" ").append("x".repeat(600)).append('\n');
        }
        List<Alert> sent = new java.util.ArrayList<>(alerts(m.onEvent(out(WEB, burst.toString()), T0)));
        sent.addAll(alerts(m.onTimer(T0.plusSeconds(10))));
        assertEquals(2, sent.size(), sent.toString());
        assertTrue(sent.get(0).subject().length() < 200, "a long line is cut in the subject: " + sent.get(0).subject());
        assertTrue(sent.get(0).subject().startsWith("logmon: web: ERROR 1 xxx"), sent.get(0).subject());
        assertEquals("logmon: web: 49 more matching lines", sent.get(1).subject());
        assertTrue(sent.get(1).body().endsWith("(39 more not shown)"), sent.get(1).body());
    }

    @Test
    void stoppingSendsTheOpenWindowsNow_withAnUnfinishedLastLine() {
        LogMonitor m = monitor(Set.of("stdout"));
        ProcessId api = new ProcessId("api", "api");
        m.onEvent(out(WEB, "ERROR one\nERROR two\n"), T0);
        m.onEvent(out(api, "ok\nERROR half a li"), T0.plusSeconds(1));
        List<Action> stopped = m.onStop(T0.plusSeconds(2));
        assertTrue(stopped.stream().allMatch(a -> a instanceof Action.Notify), "no wake-ups: " + stopped);
        List<Alert> sent = alerts(stopped);
        assertEquals(2, sent.size(), "web's folded window, api's unfinished line at once: " + sent);
        Alert web = sent.stream().filter(a -> a.process().equals(WEB)).findFirst().orElseThrow();
        assertEquals("logmon: web: 1 more matching line", web.subject());
        assertTrue(web.body().contains("and 2026-11-21 05:00:02"), "the window ends when the listener stopped: " + web.body());
        Alert apiAlert = sent.stream().filter(a -> a.process().equals(api)).findFirst().orElseThrow();
        assertEquals("logmon: api: ERROR half a li", apiAlert.subject());
        assertEquals(List.of(), m.onStop(T0.plusSeconds(3)), "nothing is sent twice");
        assertEquals(List.of(), m.onTimer(T0.plusSeconds(20)), "the timers of the closed windows find nothing");
    }

    @Test
    void itsOwnOutputAndUnselectedChannelsAreNotWatched() {
        LogMonitor m = monitor(Set.of("stdout"));
        assertEquals(List.of(), m.onEvent(out(SELF, "ERROR about ourselves\n"), T0));
        LogMonitor both = monitor(Set.of("stdout", "stderr"));
        List<Action> a = both.onEvent(new Event.ProcessLog(EventNames.PROCESS_LOG_STDERR, WEB, 1, "stderr", "ERROR x\n"), T0);
        assertEquals(2, a.size());
        Alert alert = alerts(a).get(0);
        assertTrue(alert.body().endsWith("[stderr] ERROR x"), alert.body());
        assertEquals("logmon: web: [stderr] ERROR x", alert.subject());
    }

    @Test
    void anUnfinishedLineIsTakenAsALineWhenItsRestDoesNotCome() {
        LogMonitor m = monitor(Set.of("stdout"));
        assertEquals(List.of(new Action.Wake(T0.plusSeconds(2))), m.onEvent(out(WEB, "ok\nFATAL 错误 no newline"), T0));
        assertEquals(List.of(), m.onEvent(out(WEB, " yet"), T0.plusSeconds(1)));
        assertEquals(List.of(), m.onTimer(T0.plusMillis(1999)).stream().filter(a -> a instanceof Action.Notify).toList());
        List<Action> flushed = m.onTimer(T0.plusSeconds(2));
        assertEquals(new Action.Wake(T0.plusSeconds(12)), flushed.get(1), "the flushed line opens a window");
        Alert a = alerts(flushed).get(0);
        assertTrue(a.body().endsWith("\nFATAL 错误 no newline yet"), a.body());

        // A newline that comes in time finishes the line as usual; a new unfinished one waits afresh.
        LogMonitor n = monitor(Set.of("stdout"));
        n.onEvent(out(WEB, "ERROR a"), T0);
        assertEquals(List.of("logmon: web: ERROR a"), alerts(n.onEvent(out(WEB, "\nERROR b"), T0.plusMillis(1500)))
                .stream().map(Alert::subject).toList(), "finished by its newline, the line goes out at once");
        List<Action> early = n.onTimer(T0.plusSeconds(2));
        assertEquals(List.of(new Action.Wake(T0.plusMillis(3500))), early, "ERROR b has waited only 0.5 s");
        n.onTimer(T0.plusMillis(3500));
        Alert b = alerts(n.onTimer(T0.plusMillis(11_500))).get(0); // the window opened when ERROR a was finished
        assertEquals("logmon: web: 1 more matching line", b.subject());
        assertTrue(b.body().endsWith("\nERROR b"), b.body());
    }
}
