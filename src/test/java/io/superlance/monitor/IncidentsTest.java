package io.superlance.monitor;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.superlance.monitor.Incidents.Step.FIRE;
import static io.superlance.monitor.Incidents.Step.NONE;
import static io.superlance.monitor.Incidents.Step.PENDING;
import static io.superlance.monitor.Incidents.Step.REMIND;
import static io.superlance.monitor.Incidents.Step.RESOLVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IncidentsTest {
    static final Instant T0 = Instant.parse("2026-12-02T04:00:00Z");

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void oneBadSampleIsNoIncident_NConsecutiveAre() {
        Incidents in = new Incidents("h", "httpok", 3, null, true);
        assertEquals(PENDING, in.bad("u", at(0)).step());
        assertEquals(PENDING, in.bad("u", at(5)).step());
        assertEquals(NONE, in.good("u", at(10)).step(), "a good check before confirmation says nothing");
        assertEquals(PENDING, in.bad("u", at(15)).step(), "and starts the count again");
        assertEquals(PENDING, in.bad("u", at(20)).step());
        Incidents.Verdict fire = in.bad("u", at(25));
        assertEquals(FIRE, fire.step());
        assertEquals(3, fire.count());
        assertEquals(at(15), fire.since());
        assertEquals("h/httpok/u", fire.key());
        assertEquals(NONE, in.bad("u", at(30)).step(), "fires once");
    }

    @Test
    void thirtySecondsBadAtTick5WithRepeat12sIsOneAlertTwoRemindersOneResolution() {
        Incidents in = new Incidents("h", "httpok", 1, Duration.ofSeconds(12), true);
        List<Incidents.Step> told = new ArrayList<>();
        for (int s = 0; s <= 30; s += 5) { // bad from 0 s to 30 s
            Incidents.Verdict v = in.bad("check", at(s));
            if (v.tells()) {
                told.add(v.step());
            }
        }
        Incidents.Verdict end = in.good("check", at(35));
        told.add(end.step());
        assertEquals(List.of(FIRE, REMIND, REMIND, RESOLVE), told);
        assertEquals(Duration.ofSeconds(35), end.lasted());
        assertEquals(2, end.reminders());
    }

    @Test
    void noResolvedEndsSilently_andNoRepeatNeverReminds() {
        Incidents in = new Incidents("h", "m", 1, null, false);
        assertEquals(FIRE, in.bad("x", at(0)).step());
        assertEquals(NONE, in.bad("x", at(100_000)).step());
        assertEquals(NONE, in.good("x", at(100_005)).step());
        assertFalse(in.firing("x"));
        assertEquals(FIRE, in.bad("x", at(100_010)).step(), "a new incident after the end");
    }

    @Test
    void aFiringIncidentSurvivesARestart_notFiredAgain_resolvedOnce() {
        Incidents before = new Incidents("h", "m", 2, Duration.ofMinutes(1), true);
        before.bad("web", at(0));
        before.bad("web", at(5));
        before.bad("api", at(5));
        Map<String, String> saved = before.state();

        Incidents after = new Incidents("h", "m", 2, Duration.ofMinutes(1), true);
        assertEquals(List.of(), after.restore(saved));
        assertTrue(after.firing("web"));
        assertEquals(NONE, after.bad("web", at(10)).step(), "not fired again");
        assertEquals(REMIND, after.bad("web", at(65)).step(), "reminder clock kept");
        assertEquals(FIRE, after.bad("api", at(10)).step(), "pending count kept");
        Incidents.Verdict end = after.good("web", at(70));
        assertEquals(RESOLVE, end.step());
        assertEquals(Duration.ofSeconds(70), end.lasted());
    }

    @Test
    void aDamagedEntryIsLeftOutAndDescribed() {
        Incidents in = new Incidents("h", "m", 1, null, true);
        List<String> rejected = in.restore(Map.of("incident.web", "firing x", "incident.ok", "pending 1 2026-12-02T04:00:00Z - 0"));
        assertEquals(1, rejected.size());
        assertTrue(rejected.get(0).startsWith("incident.web"), rejected.toString());
        assertEquals(List.of("ok"), List.copyOf(in.open()));
    }

    @Test
    void aFactFiresAtOnceWhatever_for_andOnce() {
        Incidents in = new Incidents("h", "heartbeat", 3, null, true);
        Incidents.Verdict v = in.fire("job=backup", at(0));
        assertEquals(FIRE, v.step());
        assertEquals(at(0), v.since());
        assertEquals(NONE, in.fire("job=backup", at(5)).step(), "told once");
        assertEquals(NONE, in.bad("job=backup", at(10)).step());
        assertEquals(RESOLVE, in.good("job=backup", at(15)).step());
    }

    @Test
    void theKindsAnIncidentWasToldAsAreKeptAcrossARestart_forItsResolution() {
        Incidents before = new Incidents("h", "heartbeat", 1, null, true);
        before.fire("job=backup", at(0));
        before.told("job=backup", io.superlance.alert.AlertKind.JOB_FAILED);
        before.told("job=backup", io.superlance.alert.AlertKind.JOB_OVERDUE);
        before.told("job=backup", io.superlance.alert.AlertKind.JOB_FAILED);
        Incidents after = new Incidents("h", "heartbeat", 1, null, true);
        assertEquals(List.of(), after.restore(before.state()));
        Incidents.Verdict end = after.good("job=backup", at(60));
        assertEquals(List.of(io.superlance.alert.AlertKind.JOB_FAILED, io.superlance.alert.AlertKind.JOB_OVERDUE), end.told());
    }

    @Test
    void oneReminderWording() {
        Incidents in = new Incidents("h", "m", 1, Duration.ofHours(4), true);
        assertEquals("", in.bad("x", at(0)).reminderNote());
        assertEquals(" (still after 4h)", in.bad("x", at(4 * 3600)).reminderNote());
    }

    /** The one reader of the journal's incidents: what status lists and the metrics count, the monitor's and its watches'. */
    @Test
    void firingInReadsTheMonitorsAndTheWatchesFiringIncidents_leavingOutPendingAndDamaged() {
        Incidents own = new Incidents("h", "m", 2, null, true);
        own.bad("web", at(0));
        own.bad("web", at(5));
        own.bad("api", at(5));
        Incidents watch = Incidents.ofWatch("h", "m", 1, null, what -> true);
        watch.bad("tick", at(7));
        Map<String, String> journal = new java.util.LinkedHashMap<>(own.state());
        journal.putAll(watch.state());
        journal.put("incident.broken", "firing x");
        journal.put("handled 12", "firing 1 2026-12-02T04:00:00Z - 0");
        assertEquals(List.of(new Incidents.Firing("web", at(0), 0), new Incidents.Firing("tick", at(7), 0)), Incidents.firingIn(journal));
    }
}
