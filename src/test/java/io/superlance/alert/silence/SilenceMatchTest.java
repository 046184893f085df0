package io.superlance.alert.silence;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.protocol.ProcessId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SilenceMatchTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private static Silence silence(List<String> programs, boolean all, List<String> monitors, List<AlertKind> kinds) {
        return new Silence("s1", programs, all, monitors, kinds, T0, T0.plusSeconds(600), "ops", "deploy", true);
    }

    private static Alert alert(String monitor, AlertKind kind, String group, String name) {
        return Alert.of(monitor, kind, T0).subject("x").process(name == null ? null : new ProcessId(group, name)).build();
    }

    private static List<String> of(Alert a) {
        return a.process() == null ? List.of() : List.of(a.process().qualified());
    }

    private static boolean mutes(Silence s, Alert a) {
        return s.matches(a, of(a));
    }

    @Test
    void aNameMatchesThatProgramInAnyGroup_andNoOther() {
        Silence s = silence(List.of("web"), false, List.of(), List.of());
        assertTrue(mutes(s, alert("crashmail", AlertKind.PROCESS_CRASHED, "web", "web")));
        assertTrue(mutes(s, alert("crashmail", AlertKind.PROCESS_CRASHED, "front", "web")));
        assertFalse(mutes(s, alert("crashmail", AlertKind.PROCESS_CRASHED, "web", "web2")));
        assertFalse(mutes(s, alert("crashmail", AlertKind.PROCESS_CRASHED, "db", "db")));
    }

    @Test
    void groupColonNameAndGroupStar() {
        Silence one = silence(List.of("front:web"), false, List.of(), List.of());
        assertTrue(mutes(one, alert("memmon", AlertKind.MEMORY_LIMIT_RESTART, "front", "web")));
        assertFalse(mutes(one, alert("memmon", AlertKind.MEMORY_LIMIT_RESTART, "back", "web")));
        Silence group = silence(List.of("front:*"), false, List.of(), List.of());
        assertTrue(mutes(group, alert("memmon", AlertKind.MEMORY_LIMIT_RESTART, "front", "api")));
        assertFalse(mutes(group, alert("memmon", AlertKind.MEMORY_LIMIT_RESTART, "back", "api")));
    }

    @Test
    void anAlertAboutNoProgramMatchesThroughThePatternsItsMonitorWatches() {
        Silence s = silence(List.of("web"), false, List.of(), List.of());
        Alert url = alert("httpok", AlertKind.HTTP_BAD_STATUS, null, null);
        assertTrue(s.matches(url, List.of("web")), "httpok -p web");
        assertTrue(s.matches(url, List.of("front:web")));
        assertTrue(s.matches(url, List.of("front:*")), "httpok -p front:* restarts web of front too");
        assertFalse(s.matches(url, List.of("db")));
        assertFalse(s.matches(url, List.of()), "httpok without -p: about no program");
        assertTrue(silence(List.of(), true, List.of(), List.of()).matches(url, List.of()), "--all");
    }

    @Test
    void monitorsAndKindsNarrowIt() {
        Silence s = silence(List.of("web"), false, List.of("heartbeat"), List.of(AlertKind.PROGRAM_DOWN));
        assertTrue(mutes(s, alert("heartbeat", AlertKind.PROGRAM_DOWN, "web", "web")));
        assertFalse(mutes(s, alert("crashmail", AlertKind.PROCESS_CRASHED, "web", "web")));
        assertFalse(mutes(s, alert("heartbeat", AlertKind.JOB_FAILED, "web", "web")));
    }

    @Test
    void theListenersOwnWatchesAreMutedOnlyWhenAMonitorOrTheirKindIsNamed() {
        Alert tick = alert("httpok", AlertKind.TICK_MISSING, null, null);
        Alert rpc = alert("httpok", AlertKind.SUPERVISOR_UNREACHABLE, null, null);
        Alert name = alert("httpok", AlertKind.NO_SUCH_PROGRAM, "web", "web");
        Silence all = silence(List.of(), true, List.of(), List.of());
        assertFalse(mutes(all, tick));
        assertFalse(mutes(all, rpc));
        assertFalse(mutes(silence(List.of("web"), false, List.of(), List.of()), name));
        Silence httpok = silence(List.of(), true, List.of("httpok"), List.of());
        assertTrue(mutes(httpok, tick));
        assertTrue(mutes(httpok, rpc));
        assertTrue(mutes(silence(List.of(), true, List.of(), List.of(AlertKind.TICK_MISSING)), tick));
    }

    @Test
    void itMutesOnlyWhileItLasts() {
        Silences s = new Silences(List.of(silence(List.of("web"), false, List.of(), List.of())));
        Alert a = alert("crashmail", AlertKind.PROCESS_CRASHED, "web", "web");
        assertNull(s.muting(a, of(a), T0.minusSeconds(1)));
        assertEquals("s1", s.muting(a, of(a), T0).id());
        assertEquals("s1", s.muting(a, of(a), T0.plusSeconds(599)).id());
        assertNull(s.muting(a, of(a), T0.plusSeconds(600)));
    }

    @Test
    void pauseActionsStopsRestartsOfTheProgramsByTheMonitorsNamed() {
        ProcessId web = new ProcessId("web", "web");
        Silences s = new Silences(List.of(silence(List.of("web"), false, List.of("httpok"), List.of())));
        assertEquals("s1", s.pausing("httpok", web, T0).id());
        assertNull(s.pausing("memmon", web, T0));
        assertNull(s.pausing("httpok", new ProcessId("db", "db"), T0));
        Silence noPause = new Silence("s2", List.of("web"), false, List.of(), List.of(), T0, T0.plusSeconds(60), "", "", false);
        assertNull(new Silences(List.of(noPause)).pausing("httpok", web, T0));
    }
}
