package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Facts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RpcWatchTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String URL = "http://127.0.0.1:9001";
    private static final String REFUSED = "supervisor.getAllProcessInfo: cannot talk to supervisord at " + URL + ": Connection refused";
    private static final String CREDENTIALS = "supervisor.getAllProcessInfo: supervisord at " + URL + " refused our credentials";

    private static List<String> logs(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.Log).map(a -> ((Action.Log) a).message()).toList();
    }

    private static List<Alert> alerts(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.Notify).map(a -> ((Action.Notify) a).alert()).toList();
    }

    private static boolean warnings(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.Log).allMatch(a -> ((Action.Log) a).warning());
    }

    @Test
    void twoFailedReadsAreOneAlert_aFailureIsLoggedWhenItBeginsOrChanges_andTheNextAnswerResolvesIt() {
        RpcWatch w = new RpcWatch("memmon", "web7", null);
        assertEquals(List.of(), w.answered(T0), "all well: nothing to say");

        List<Action> first = w.failed(URL, REFUSED, T0);
        assertEquals(List.of("cannot read supervisord's process list, checks wait until it answers: " + REFUSED), logs(first));
        assertEquals(List.of(), alerts(first), "one failed read may be supervisord busy for a moment");
        assertTrue(warnings(first), "a supervisord that does not answer is a warning in the log, not news");

        List<Action> second = w.failed(URL, REFUSED, T0.plusSeconds(60));
        assertEquals(List.of(), logs(second), "the same failure is not logged again");
        List<Alert> fired = alerts(second);
        assertEquals(1, fired.size());
        Alert a = fired.get(0);
        assertEquals(AlertKind.SUPERVISOR_UNREACHABLE, a.kind());
        assertEquals("memmon: supervisord at " + URL + " does not answer", a.subject());
        assertTrue(a.body().startsWith("memmon cannot read supervisord's process list: " + REFUSED + ". It checks nothing"), a.body());
        assertEquals("web7/memmon/rpc " + URL, a.incident());
        assertEquals(URL, a.fact(Facts.URL));
        assertEquals(REFUSED, a.fact(Facts.MESSAGE));

        for (int i = 2; i < 30; i++) {
            assertEquals(List.of(), w.failed(URL, REFUSED, T0.plusSeconds(60L * i)), "nothing more on check " + i);
        }
        List<Action> changed = w.failed(URL, CREDENTIALS, T0.plusSeconds(1800));
        assertEquals(List.of("still cannot read supervisord's process list, now: " + CREDENTIALS), logs(changed));
        assertEquals(List.of(), alerts(changed), "the same incident: no second alert");

        List<Action> back = w.answered(T0.plusSeconds(3600));
        assertEquals(List.of("supervisord at " + URL + " answers again, after 1h"), logs(back));
        assertTrue(!warnings(back), "the recovery is news");
        List<Alert> resolved = alerts(back);
        assertEquals(1, resolved.size());
        assertTrue(resolved.get(0).resolved());
        assertEquals(a.incident(), resolved.get(0).incident());
        assertEquals("memmon: supervisord at " + URL + " answers again", resolved.get(0).subject());
        assertEquals(List.of(), w.answered(T0.plusSeconds(3660)));
    }

    @Test
    void aSingleFailedReadIsLoggedAndItsRecoveryToo_butNeverAlerted() {
        RpcWatch w = new RpcWatch("httpok", "h", null);
        assertEquals(List.of(), alerts(w.failed(URL, REFUSED, T0)));
        List<Action> back = w.answered(T0.plusSeconds(5));
        assertEquals(List.of("supervisord at " + URL + " answers again, after 5s"), logs(back));
        assertEquals(List.of(), alerts(back));
        assertEquals(List.of(), alerts(w.failed(URL, REFUSED, T0.plusSeconds(10))), "the count starts again");
    }

    /** supervisord down for hours is told again every --repeat, as the monitors' own incidents are. */
    @Test
    void aLastingFailureRemindsEveryRepeat() {
        RpcWatch w = new RpcWatch("memmon", "h", Duration.ofHours(4));
        w.failed(URL, REFUSED, T0);
        assertEquals(1, alerts(w.failed(URL, REFUSED, T0.plusSeconds(60))).size());
        assertEquals(List.of(), alerts(w.failed(URL, REFUSED, T0.plusSeconds(3 * 3600))));
        List<Alert> reminder = alerts(w.failed(URL, REFUSED, T0.plusSeconds(4 * 3600 + 60)));
        assertEquals(List.of("memmon: supervisord at " + URL + " does not answer (still after 4h1m)"),
                reminder.stream().map(Alert::subject).toList());
        assertEquals(false, reminder.get(0).resolved());
        assertEquals(List.of(), alerts(w.failed(URL, REFUSED, T0.plusSeconds(5 * 3600))), "the next one 4h later");
    }

    /**
     * The listener restarted (kill -9, supervisord restarting it) while supervisord did not answer: the
     * incident comes back from the journal, so it is not alerted again, and its end is still told.
     */
    @Test
    void aFiringIncidentSurvivesARestart_notFiredAgain_andResolvedWhenSupervisordAnswers() {
        RpcWatch before = new RpcWatch("memmon", "h", null);
        before.failed(URL, REFUSED, T0);
        assertEquals(1, alerts(before.failed(URL, REFUSED, T0.plusSeconds(60))).size());
        Map<String, String> journal = before.state();
        assertEquals(Set.of(Incidents.WATCH_PREFIX + "rpc " + URL), journal.keySet());

        RpcWatch after = new RpcWatch("memmon", "h", null);
        assertEquals(List.of(), after.restore(Map.of("incident.web", "firing 1 2026-12-01T09:00:00Z - 0",
                Incidents.WATCH_PREFIX + "tick", "firing 1 2026-12-01T09:00:00Z 2026-12-01T09:00:00Z 0")));
        assertEquals(0, after.firing(), "neither the monitor's incidents nor another watch's");
        assertEquals(List.of(), after.restore(journal));
        assertEquals(1, after.firing());
        assertEquals(List.of(), alerts(after.failed(URL, REFUSED, T0.plusSeconds(120))));
        assertEquals(List.of(), alerts(after.failed(URL, REFUSED, T0.plusSeconds(180))), "not fired again");
        after = new RpcWatch("memmon", "h", null);
        after.restore(journal); // and restarted once more, before any failed read
        List<Alert> resolved = alerts(after.answered(T0.plusSeconds(600)));
        assertEquals(1, resolved.size());
        assertTrue(resolved.get(0).resolved());
        assertEquals("memmon: supervisord at " + URL + " answers again", resolved.get(0).subject());
        assertEquals("memmon reads supervisord's process list again; it could not for 10m.", resolved.get(0).body());
        assertEquals(0, after.firing());
    }
}
