package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.monitor.Action;
import io.superlance.monitor.DigestMonitor;
import io.superlance.monitor.LogMonitor;
import io.superlance.monitor.Monitor;
import io.superlance.monitor.ProgramSelector;
import io.superlance.monitor.TimedMonitor;
import io.superlance.protocol.Event;
import io.superlance.protocol.ProcessId;
import io.superlance.protocol.ProcessState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateKeeperTest {
    static final Instant T = Instant.parse("2024-05-06T07:08:09.123Z");

    @TempDir
    Path dir;

    static DigestMonitor digest() {
        return new DigestMonitor(DigestMonitor.Kind.CRASH, ProgramSelector.all(), "TICK_60", 2, null, ZoneOffset.UTC);
    }

    static Event crash(String name, int pid) {
        return new Event.ProcessStateChange("PROCESS_STATE_EXITED", ProcessState.EXITED, new ProcessId(name, name),
                "RUNNING", pid, null, false);
    }

    static final Event TICK = new Event.Tick("TICK_60", 60, 0);

    static LogMonitor logmon() {
        return new LogMonitor(new LogMonitor.Settings(ProgramSelector.all(), List.of(Pattern.compile("ERROR")), List.of(),
                Set.of("stdout"), Duration.ofSeconds(10), null, ZoneOffset.UTC));
    }

    static Event log(String name, String data) {
        return new Event.ProcessLog("PROCESS_LOG_STDOUT", new ProcessId("g", name), 7, "stdout", data);
    }

    @Test
    void anOpenLogWindowSurvivesAKill_andClosesWhenItWasDue() {
        Monitor first = StateKeeper.wrap(logmon(), dir);
        assertEquals(List.of(new Action.Wake(T.plusSeconds(10))), first.onEvent(log("web", "ERROR one\\n\ttab\n"), T));
        ((StateKeeper) first).afterActions();
        first.onEvent(log("web", "ERROR 二\nok\n"), T.plusSeconds(1));

        Monitor second = StateKeeper.wrap(logmon(), dir); // kill -9, restart
        assertEquals(List.of(new Action.Wake(T.plusSeconds(10))), second.onStart(T.plusSeconds(2)));
        assertEquals(List.of(new Action.Wake(T.plusSeconds(30))), StateKeeper.wrap(logmon(), dir).onStart(T.plusSeconds(30)),
                "a window whose end has passed while the listener was down closes at once");
        List<Action> closed = ((TimedMonitor) second).onTimer(T.plusSeconds(10));
        assertEquals(1, closed.size());
        Alert a = ((Action.Notify) closed.get(0)).alert();
        assertEquals("logmon: g:web: 2 matching lines", a.subject());
        assertTrue(a.body().endsWith("\nERROR one\\n\ttab\nERROR 二"), a.body());
        assertEquals(7, a.pid());
        ((StateKeeper) second).afterActions(); // the alert is in the spool: the window may be forgotten

        assertEquals(List.of(), StateKeeper.wrap(logmon(), dir).onStart(T.plusSeconds(11)), "a sent window is not sent again");
    }

    @Test
    void gatheredLinesAndCountedMinutesSurviveARestart() {
        Monitor first = StateKeeper.wrap(digest(), dir);
        first.onEvent(crash("a", 1), T);
        first.onEvent(TICK, T); // one of the two minutes
        first.onEvent(crash("b", 2), T);
        assertTrue(Files.exists(dir.resolve("state-crashmailbatch.journal")));

        Monitor second = StateKeeper.wrap(digest(), dir); // kill -9, restart
        List<Action> out = second.onEvent(TICK, T);
        assertEquals(1, out.size(), "the restored minute counts");
        Alert a = ((Action.Notify) out.get(0)).alert();
        assertEquals("2024-05-06 07:08:09,123 -- Process a:a (pid 1) died unexpectedly\n"
                + "2024-05-06 07:08:09,123 -- Process b:b (pid 2) died unexpectedly", a.body());
        ((StateKeeper) second).afterActions();

        Monitor third = StateKeeper.wrap(digest(), dir);
        third.onEvent(TICK, T);
        assertEquals(List.of(), third.onEvent(TICK, T), "sent lines are not sent again");
    }

    @Test
    void aRecordCutShortByTheKillIsIgnored_andOddTextSurvives() throws Exception {
        Monitor first = StateKeeper.wrap(digest(), dir);
        first.onEvent(crash("a\tb\\c", 1), T);
        Files.writeString(dir.resolve("state-crashmailbatch.journal"), "line.1\thalf a li", java.nio.file.StandardOpenOption.APPEND);
        Monitor second = StateKeeper.wrap(digest(), dir);
        second.onEvent(TICK, T);
        Alert a = ((Action.Notify) second.onEvent(TICK, T).get(0)).alert();
        assertEquals("2024-05-06 07:08:09,123 -- Process a\tb\\c:a\tb\\c (pid 1) died unexpectedly", a.body());
    }

    @Test
    void monitorsWithoutStateOrWithoutADirectoryAreLeftAlone() {
        DigestMonitor m = digest();
        assertSame(m, StateKeeper.wrap(m, null));
    }
}
