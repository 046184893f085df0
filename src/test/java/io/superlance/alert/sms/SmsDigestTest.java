package io.superlance.alert.sms;

import io.superlance.alert.Alert;
import io.superlance.monitor.Action;
import io.superlance.monitor.DigestMonitor;
import io.superlance.monitor.ProgramSelector;
import io.superlance.protocol.Event;
import io.superlance.protocol.ProcessId;
import io.superlance.protocol.ProcessState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A digest through --sms-gateway: its lines, cut to one SMS. */
class SmsDigestTest {
    static final Instant T = Instant.parse("2024-05-06T07:08:09.123Z");

    static Alert digest(DigestMonitor.Kind kind, int crashes) {
        DigestMonitor m = new DigestMonitor(kind, ProgramSelector.all(), "TICK_60", 1, null, ZoneOffset.UTC);
        for (int i = 0; i < crashes; i++) {
            m.onEvent(new Event.ProcessStateChange("PROCESS_STATE_EXITED", ProcessState.EXITED,
                    new ProcessId("web", "web"), "RUNNING", 100 + i, null, false), T);
        }
        return ((Action.Notify) m.onEvent(new Event.Tick("TICK_60", 60, 0), T).get(0)).alert();
    }

    @Test
    void crashsmsDigestIsItsLines() {
        assertEquals("[web:web](100) exited unexpectedly 2024-05-06 07:08:09,123",
                SmsText.of(digest(DigestMonitor.Kind.CRASH_SMS, 1), ZoneOffset.UTC));
        String two = SmsText.of(digest(DigestMonitor.Kind.CRASH_SMS, 5), ZoneOffset.UTC);
        assertEquals(160, two.length() + two.chars().filter(c -> "^{}\\[~]|€".indexOf(c) >= 0).count(),
                "one GSM segment: brackets count two: " + two);
        assertTrue(two.startsWith("[web:web](100) exited unexpectedly 2024-05-06 07:08:09,123 [web:web](101)"), two);
    }

    @Test
    void crashmailbatchDigestIsSubjectThenLines() {
        assertTrue(SmsText.of(digest(DigestMonitor.Kind.CRASH, 1), ZoneOffset.UTC)
                .startsWith("Crash alert from supervisord 2024-05-06 07:08:09,123 -- Process web:web (pid 100)"));
    }
}
