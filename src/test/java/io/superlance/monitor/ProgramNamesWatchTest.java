package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Facts;
import io.superlance.rpc.ProcessInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgramNamesWatchTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final long MB = 1024 * 1024;

    private static ProcessInfo proc(String group, String name) {
        return new ProcessInfo(name, group, 20, "RUNNING", 100, 1, 2, 0, "");
    }

    private static final List<ProcessInfo> PROCS = List.of(proc("web", "web"), proc("worker", "worker"),
            proc("loopers", "loopbig"), proc("loopers", "loopsmall"));

    private static MemMonitor memmon(Map<String, Long> programs, Map<String, Long> groups) {
        return new MemMonitor(new MemoryLimits(programs, groups, null), false, null, null, 1, new RestartBudget(null), ZoneOffset.UTC);
    }

    @Test
    void aMisspeltNameIsOneAlert_namingTheProgramsAndTheClosest_thenNothingUntilALaterListMatchesIt() {
        ProgramNamesWatch w = ProgramNamesWatch.of(memmon(Map.of("wbe", 100 * MB, "worker", 100 * MB), Map.of()), "web7", null);
        List<Alert> fired = w.seen(PROCS, T0);
        assertEquals(1, fired.size(), "worker matches; wbe does not");
        Alert a = fired.get(0);
        assertEquals(AlertKind.NO_SUCH_PROGRAM, a.kind());
        assertEquals("memmon: -p wbe matches no program of this supervisord (programs: web, worker, loopers:loopbig, "
                + "... (4 in all); did you mean web?)", a.subject());
        assertTrue(a.body().contains("Did you mean web? supervisord's programs: web, worker, loopers:loopbig, loopers:loopsmall."),
                a.body());
        assertEquals("web7/memmon/-p wbe", a.incident());
        assertEquals("-p wbe", a.fact(Facts.CHECK));
        assertEquals(false, a.resolved());

        for (int i = 1; i <= 50; i++) {
            assertEquals(List.of(), w.seen(PROCS, T0.plusSeconds(60L * i)), "once per condition, check " + i);
        }
        List<ProcessInfo> withWbe = new java.util.ArrayList<>(PROCS);
        withWbe.add(proc("wbe", "wbe"));
        List<Alert> resolved = w.seen(withWbe, T0.plus(Duration.ofHours(1)));
        assertEquals(1, resolved.size());
        assertTrue(resolved.get(0).resolved());
        assertEquals(a.incident(), resolved.get(0).incident());
        assertEquals("memmon: -p wbe now matches wbe", resolved.get(0).subject());
        assertEquals("1h", resolved.get(0).fact(Facts.DURATION));
        assertEquals(List.of(), w.seen(withWbe, T0.plus(Duration.ofHours(2))));
        assertEquals(1, w.seen(PROCS, T0.plus(Duration.ofHours(3))).size(), "gone again: a new incident");
    }

    @Test
    void groupsAndQualifiedNamesAreComparedWithTheirLike_andAFarNameGetsNoSuggestion() {
        ProgramNamesWatch w = ProgramNamesWatch.of(memmon(Map.of("loopers:loopbgi", MB, "web:web", MB, "zzzzzz", MB),
                Map.of("lopers", MB, "loopers", MB)), "h", null);
        List<Alert> fired = w.seen(PROCS, T0);
        assertEquals(List.of("memmon: -p loopers:loopbgi matches no program of this supervisord (programs: web, worker, "
                        + "loopers:loopbig, ... (4 in all); did you mean loopers:loopbig?)",
                "memmon: -p zzzzzz matches no program of this supervisord (programs: web, worker, loopers:loopbig, ... (4 in all))",
                "memmon: -g lopers matches no program of this supervisord (programs: web, worker, loopers:loopbig, ... "
                        + "(4 in all); did you mean loopers?)"),
                fired.stream().map(Alert::subject).toList());
    }

    @Test
    void anEmptySupervisordIsSaid_andMonitorsNamingNoProgramAreNotWatched() {
        ProgramNamesWatch w = ProgramNamesWatch.of(memmon(Map.of("web", MB), Map.of()), "h", null);
        Alert a = w.seen(List.of(), T0).get(0);
        assertEquals("memmon: -p web matches no program of this supervisord (supervisord has no programs)", a.subject());
        assertNull(ProgramNamesWatch.of(new MemMonitor(new MemoryLimits(Map.of(), Map.of(), MB), false, null, null, 1,
                new RestartBudget(null), ZoneOffset.UTC), "h", null), "-a names no program");
        HttpOkMonitor.Settings any = HttpOkMonitor.Settings.of("http://x/").eager(false).programs(ProgramSelector.all()).build();
        assertNull(ProgramNamesWatch.of(new HttpOkMonitor(any, new RestartBudget(null)), "h", null), "httpok -a names no program");
    }

    @Test
    void httpokAndHeartbeatNameTheirPrograms() {
        HttpOkMonitor.Settings web = HttpOkMonitor.Settings.of("http://x/").eager(false).programs(ProgramSelector.of(List.of("wbe"), false)).build();
        assertEquals("httpok: -p wbe matches no program of this supervisord (programs: web, worker, loopers:loopbig, ... "
                        + "(4 in all); did you mean web?)",
                ProgramNamesWatch.of(new HttpOkMonitor(web, new RestartBudget(null)), "h", null).seen(PROCS, T0).get(0).subject());
        HeartbeatMonitor hb = new HeartbeatMonitor(HeartbeatMonitor.Settings.of("http://hc/ping")
                .programs(ProgramSelector.of(List.of("web"), false)).host("h").zone(ZoneOffset.UTC)
                .within(List.of(new HeartbeatMonitor.Within("backpu", Duration.ofHours(1), "backpu=1h"))).build());
        assertEquals(List.of(new NamesPrograms.ProgramName("-p", "web", false), new NamesPrograms.ProgramName("--within", "backpu", false)),
                hb.programNames());
        List<ProcessInfo> procs = List.of(proc("web", "web"), proc("backup", "backup"));
        assertEquals(List.of("heartbeat: --within backpu matches no program of this supervisord (programs: web, backup; did you mean backup?)"),
                ProgramNamesWatch.of(hb, "h", null).seen(procs, T0).stream().map(Alert::subject).toList());
    }

    /** A misspelt name reminds every --repeat; after a restart it is neither fired again nor forgotten. */
    @Test
    void aMisspeltNameRemindsEveryRepeat_andSurvivesARestart() {
        ProgramNamesWatch w = ProgramNamesWatch.of(memmon(Map.of("wbe", MB), Map.of()), "h", Duration.ofHours(4));
        assertEquals(1, w.seen(PROCS, T0).size());
        assertEquals(List.of(), w.seen(PROCS, T0.plus(Duration.ofHours(3))));
        List<Alert> reminder = w.seen(PROCS, T0.plus(Duration.ofHours(4)));
        assertEquals(1, reminder.size());
        assertTrue(reminder.get(0).subject().endsWith("did you mean web?) (still after 4h)"), reminder.get(0).subject());

        ProgramNamesWatch after = ProgramNamesWatch.of(memmon(Map.of("wbe", MB), Map.of()), "h", Duration.ofHours(4));
        assertEquals(List.of(), after.restore(w.state()));
        assertEquals(List.of(), after.seen(PROCS, T0.plus(Duration.ofHours(5))), "not fired again");
        List<ProcessInfo> withWbe = new java.util.ArrayList<>(PROCS);
        withWbe.add(proc("wbe", "wbe"));
        List<Alert> resolved = after.seen(withWbe, T0.plus(Duration.ofHours(6)));
        assertEquals(List.of("memmon: -p wbe now matches wbe"), resolved.stream().map(Alert::subject).toList());
        assertEquals("6h", resolved.get(0).fact(Facts.DURATION));
    }
}
