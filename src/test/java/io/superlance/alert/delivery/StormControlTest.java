package io.superlance.alert.delivery;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.protocol.ProcessId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class StormControlTest {
    static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    static Alert alert(String program, boolean resolved) {
        return Alert.of("crashmail", AlertKind.PROCESS_CRASHED, T).process(new ProcessId(program, program)).pid(1)
                .state("EXITED").resolved(resolved).build();
    }

    @Test
    void atMostOneMessagePerProgramPerWindow() {
        StormControl s = new StormControl(Duration.ofMinutes(5));
        assertNull(s.holdUntil(alert("web", false), T), "the first goes out at once");
        assertEquals(T.plusSeconds(300), s.holdUntil(alert("web", false), T.plusSeconds(10)));
        assertEquals(T.plusSeconds(300), s.holdUntil(alert("web", false), T.plusSeconds(299)));
        assertNull(s.holdUntil(alert("db", false), T.plusSeconds(20)), "other programs have their own window");
        assertNull(s.holdUntil(alert("web", true), T.plusSeconds(30)), "a resolution is never held");
        // the folded message went out at T+300 and opened the next window
        assertEquals(T.plusSeconds(600), s.holdUntil(alert("web", false), T.plusSeconds(301)));
        // a quiet window: the next alert goes out at once again
        assertNull(s.holdUntil(alert("web", false), T.plusSeconds(1000)));
    }

    @Test
    void alertsTiedToNoProgramHaveAWindowPerIncident() {
        StormControl s = new StormControl(Duration.ofMinutes(5));
        Alert metric = Alert.of("httpok", AlertKind.HTTP_BAD_METRIC, T).incident("h/httpok/u fill<=80").build();
        Alert other = Alert.of("httpok", AlertKind.HTTP_BAD_METRIC, T).incident("h/httpok/u depth<100").build();
        assertNull(s.holdUntil(metric, T));
        assertEquals(T.plusSeconds(300), s.holdUntil(metric, T.plusSeconds(5)));
        assertNull(s.holdUntil(other, T.plusSeconds(5)));
    }

    @Test
    void offByDefault() {
        StormControl s = new StormControl(Duration.ZERO);
        assertNull(s.holdUntil(alert("web", false), T));
        assertNull(s.holdUntil(alert("web", false), T));
    }
}
