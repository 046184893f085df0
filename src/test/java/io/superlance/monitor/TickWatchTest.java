package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.protocol.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TickWatchTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static Monitor wanting(String... events) {
        return new Monitor() {
            @Override
            public String name() {
                return "crashmailbatch";
            }

            @Override
            public Set<String> events() {
                return Set.of(events);
            }

            @Override
            public List<Action> onEvent(Event event, Instant now) {
                return List.of();
            }

            @Override
            public Alert sampleAlert(Instant now) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void noTickForTwoPeriodsIsOneAlert_resolvedByTheNextTick() {
        TickWatch w = TickWatch.of(wanting("PROCESS_STATE_EXITED", "TICK_60"), "web7", null, T0);
        assertEquals(Duration.ofSeconds(60), w.period());
        assertEquals(List.of(), w.check(T0.plusSeconds(60)));
        assertEquals(List.of(), w.check(T0.plusSeconds(119)));
        List<Alert> fired = w.check(T0.plusSeconds(120));
        assertEquals(1, fired.size());
        Alert a = fired.get(0);
        assertEquals(AlertKind.TICK_MISSING, a.kind());
        assertEquals("crashmailbatch: no TICK_60 from supervisord for 2m", a.subject());
        assertTrue(a.body().contains("Add TICK_60 to events= of its [eventlistener:x] section"), a.body());
        assertEquals("web7/crashmailbatch/tick", a.incident());
        assertEquals(List.of(), w.check(T0.plusSeconds(180)), "once per condition");
        assertEquals(List.of(), w.onEvent("PROCESS_STATE_EXITED", T0.plusSeconds(200)), "only a tick clears it");
        List<Alert> resolved = w.onEvent("TICK_60", T0.plusSeconds(240));
        assertEquals(1, resolved.size());
        assertTrue(resolved.get(0).resolved());
        assertEquals("crashmailbatch: TICK_60 arrives again", resolved.get(0).subject());
        assertEquals(a.incident(), resolved.get(0).incident());
        assertEquals(List.of(), w.onEvent("TICK_60", T0.plusSeconds(300)));
        assertEquals(List.of(), w.check(T0.plusSeconds(400)), "ticks came in time");
    }

    @Test
    void ticksInTimeSayNothing() {
        TickWatch w = TickWatch.of(wanting("TICK_5"), "h", null, T0);
        for (int i = 1; i < 100; i++) {
            assertEquals(List.of(), w.onEvent("TICK_5", T0.plusSeconds(5L * i)));
            assertEquals(List.of(), w.check(T0.plusSeconds(5L * i + 4)));
        }
    }

    @Test
    void aMonitorTakingAnyTickWaitsForTwoOfTheLongest_andOneWantingNoneIsNotWatched() {
        TickWatch w = TickWatch.of(wanting("TICK_5", "TICK_60", "TICK_3600"), "h", null, T0);
        assertEquals(Duration.ofHours(1), w.period());
        assertEquals(List.of(), w.check(T0.plus(Duration.ofMinutes(119))));
        assertEquals("crashmailbatch: no TICK_5 or TICK_60 or TICK_3600 from supervisord for 2h",
                w.check(T0.plus(Duration.ofHours(2))).get(0).subject());
        assertNull(TickWatch.of(wanting("PROCESS_STATE_EXITED"), "h", null, T0));
    }

    /** A tick missing for hours reminds every --repeat; after a restart its incident is neither fired again nor forgotten. */
    @Test
    void aMissingTickRemindsEveryRepeat_andSurvivesARestart() {
        TickWatch w = TickWatch.of(wanting("TICK_60"), "h", Duration.ofHours(4), T0);
        assertEquals(1, w.check(T0.plusSeconds(120)).size());
        assertEquals(List.of(), w.check(T0.plus(Duration.ofHours(3))));
        assertEquals(List.of("crashmailbatch: no TICK_60 from supervisord for 4h2m (still after 4h)"),
                w.check(T0.plus(Duration.ofMinutes(242))).stream().map(Alert::subject).toList());

        TickWatch after = TickWatch.of(wanting("TICK_60"), "h", Duration.ofHours(4), T0.plus(Duration.ofHours(5)));
        assertEquals(List.of(), after.restore(w.state()));
        assertEquals(1, after.firing());
        assertEquals(List.of(), after.check(T0.plus(Duration.ofHours(6))), "not fired again");
        List<Alert> resolved = after.onEvent("TICK_60", T0.plus(Duration.ofHours(7)));
        assertEquals(1, resolved.size());
        assertTrue(resolved.get(0).resolved());
        assertEquals("crashmailbatch has its TICK_60 again, 6h58m after it was reported missing.", resolved.get(0).body());
    }
}
