package io.superlance.monitor;

import io.superlance.alert.Alert;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.superlance.monitor.DigestMonitorTest.exited;
import static io.superlance.monitor.DigestMonitorTest.fatal;
import static io.superlance.monitor.DigestMonitorTest.tick;
import static io.superlance.monitor.MemMonitorTest.T0;
import static io.superlance.monitor.MemMonitorTest.alerts;
import static io.superlance.monitor.MemMonitorTest.memmon;
import static io.superlance.monitor.MemMonitorTest.programs;
import static io.superlance.monitor.MemMonitorTest.restarts;
import static io.superlance.monitor.MemMonitorTest.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cases of Python superlance 2.0.0's own test suite (superlance/tests) that apply here, as data: the
 * events and settings they feed in and what they expect out, checked against our monitors.
 */
class SuperlanceTestsDataTest {
    /** test_crashmailbatch: an expected exit is no line; an unexpected one of foo in bar is. */
    @Test
    void crashmailbatchLines() {
        DigestMonitor m = DigestMonitorTest.monitor(DigestMonitor.Kind.CRASH, "TICK_60", 1.0, null);
        m.onEvent(exited("bar", "foo", 58597, true), DigestMonitorTest.T);
        m.onEvent(exited("bar", "foo", 58597, false), DigestMonitorTest.T);
        List<Action> sent = m.onEvent(tick("TICK_60"), DigestMonitorTest.T);
        Alert a = DigestMonitorTest.only(sent);
        assertEquals(1, a.body().lines().count());
        assertTrue(a.body().endsWith(" -- Process bar:foo (pid 58597) died unexpectedly"), a.body());
        assertEquals("Crash alert from supervisord", a.subject(), "test_sets_default_subject_when_None");
    }

    /** test_fatalmailbatch: FATAL of foo in bar; its default subject. */
    @Test
    void fatalmailbatchLines() {
        DigestMonitor m = DigestMonitorTest.monitor(DigestMonitor.Kind.FATAL, "TICK_60", 1.0, null);
        m.onEvent(fatal("bar", "foo"), DigestMonitorTest.T);
        Alert a = DigestMonitorTest.only(m.onEvent(tick("TICK_60"), DigestMonitorTest.T));
        assertTrue(a.body().endsWith(" -- Process bar:foo failed to start too many times"), a.body());
        assertEquals("Fatal start alert from supervisord", a.subject());
    }

    /** test_crashsms: no subject unless one is given (and then no Subject: header at all). */
    @Test
    void crashsmsHasNoDefaultSubject() {
        DigestMonitor m = DigestMonitorTest.monitor(DigestMonitor.Kind.CRASH_SMS, "TICK_60", 1.0, null);
        m.onEvent(exited("bar", "foo", 58597, false), DigestMonitorTest.T);
        Alert a = DigestMonitorTest.only(m.onEvent(tick("TICK_60"), DigestMonitorTest.T));
        assertEquals("", a.subject());
        assertTrue(a.body().startsWith("[bar:foo](58597) exited unexpectedly "), a.body());
    }

    /**
     * test_process_state_monitor: each TICK_60 adds one minute (TICK_5 5/60); below the interval nothing
     * goes out, at it the lines gathered so far go out once and the batch starts again.
     */
    @Test
    void batchMinutes() {
        DigestMonitor m = DigestMonitorTest.monitor(DigestMonitor.Kind.CRASH, "TICK_60", 3.0, null);
        m.onEvent(exited("bar", "foo", 1, false), DigestMonitorTest.T);
        m.onEvent(exited("bar", "baz", 2, false), DigestMonitorTest.T);
        assertEquals(List.of(), m.onEvent(tick("TICK_60"), DigestMonitorTest.T), "1.0 of 3.0 minutes");
        assertEquals(List.of(), m.onEvent(tick("TICK_60"), DigestMonitorTest.T), "2.0 of 3.0 minutes");
        assertEquals(2, DigestMonitorTest.only(m.onEvent(tick("TICK_60"), DigestMonitorTest.T)).body().lines().count());
        assertEquals(List.of(), m.onEvent(tick("TICK_60"), DigestMonitorTest.T), "a new batch, empty");

        DigestMonitor five = DigestMonitorTest.monitor(DigestMonitor.Kind.CRASH, "TICK_5", 1.0, null);
        five.onEvent(exited("bar", "foo", 1, false), DigestMonitorTest.T);
        for (int i = 1; i < 12; i++) {
            assertEquals(List.of(), five.onEvent(tick("TICK_5"), DigestMonitorTest.T), i + " x 5/60 minutes");
        }
        DigestMonitorTest.only(five.onEvent(tick("TICK_5"), DigestMonitorTest.T));
    }

    /** test_memmon test_subject_no_name / test_subject_with_name. */
    @Test
    void memmonSubjects() throws java.io.IOException {
        for (String[] c : new String[][]{{null, "memmon: process web:web restarted"},
                {"thinko", "memmon [thinko]: process web:web restarted"}}) {
            MemMonitor m = memmon(programs(Map.of("web", 1L)), false, null, c[0], 1, null);
            List<Action> checked = check(m, T0);
            assertEquals(1, restarts(checked).size());
            assertEquals(c[1], alerts(checked).get(0).subject());
        }
    }

    /** test_memmon test_uptime_short_email / test_uptime_long_no_email: mail when up at most -u (up 60 s here). */
    @Test
    void memmonMailsOnlyWithinTheUptimeLimit() throws java.io.IOException {
        for (Object[] c : new Object[][]{{61, 1}, {60, 1}, {59, 0}}) {
            MemMonitor m = memmon(programs(Map.of("web", 1L)), false, Duration.ofSeconds((int) c[0]), null, 1, null);
            List<Action> checked = check(m, T0);
            assertEquals(1, restarts(checked).size());
            assertEquals(c[1], alerts(checked).size(), "-u " + c[0]);
        }
    }
}
