package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.log.Log;
import io.superlance.monitor.Action;
import io.superlance.monitor.CrashMailMonitor;
import io.superlance.monitor.DigestMonitor;
import io.superlance.monitor.LogMonitor;
import io.superlance.monitor.Monitor;
import io.superlance.monitor.ProgramSelector;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateJournalTest {
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
                Set.of("stdout"), Duration.ofSeconds(10), null, ZoneOffset.UTC, "h"));
    }

    static Event log(String name, String data) {
        return new Event.ProcessLog("PROCESS_LOG_STDOUT", new ProcessId("g", name), 7, "stdout", data);
    }

    /** The journal of {@code m} in {@code dir}, what it holds given back to {@code m}: a listener (re)starting. */
    StateJournal journal(Monitor m) {
        StateJournal j = StateJournal.of(m, new HandledEvents(), dir);
        j.load();
        return j;
    }

    /** The spool directory removed while running: lines gathered before and after it reach the next run. */
    @Test
    void aJournalWhoseDirectoryWasRemovedIsWrittenAnewWhole() throws Exception {
        Path spool = dir.resolve("spool");
        Files.createDirectories(spool);
        DigestMonitor first = digest();
        HandledEvents handled = new HandledEvents();
        StateJournal kept = StateJournal.of(first, handled, spool);
        kept.load();
        handled.firstTime("1", crash("web", 1));
        first.onEvent(crash("web", 1), T);
        kept.save();
        try (var files = Files.walk(spool)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
        handled.firstTime("2", crash("api", 2));
        first.onEvent(crash("api", 2), T.plusSeconds(1));
        kept.save();

        DigestMonitor second = digest();
        HandledEvents again = new HandledEvents();
        StateJournal.of(second, again, spool).load(); // kill -9, restart
        String state = second.state().toString();
        assertTrue(state.contains("web:web") && state.contains("api:api"), "gathered lines lost with the directory: " + state);
        assertFalse(again.firstTime("1", crash("web", 1)), "an event handled before the directory went is known");
        assertFalse(again.firstTime("2", crash("api", 2)), "an event handled after it went is known");
    }

    /**
     * Events that ask for nothing (most of a busy host's) are not written one by one: their serials wait,
     * at most a second, for the next write; a change of anything else is written at once; and a restart
     * after the second knows every event handled.
     */
    @Test
    void eventsThatAskForNothingAreWrittenTogetherWithinASecond() throws Exception {
        long[] nanos = {0};
        HandledEvents handled = new HandledEvents();
        DigestMonitor monitor = digest();
        StateJournal kept = StateJournal.of(monitor, handled, dir, () -> nanos[0]);
        kept.load();
        Path file = StateJournal.file(dir, "crashmailbatch");
        handled.firstTime("1", TICK);
        kept.saveAfterEvent(); // the first one is written: the journal did not exist
        long size = Files.size(file);
        for (int serial = 2; serial <= 100; serial++) {
            handled.firstTime(String.valueOf(serial), TICK);
            kept.saveAfterEvent();
            nanos[0] += 5_000_000; // 5 ms apart: 0.5 s in all
        }
        assertEquals(size, Files.size(file), "99 events that asked for nothing, within the second: not one write");

        handled.firstTime("101", crash("web", 101));
        monitor.onEvent(crash("web", 101), T); // gathers a line: the monitor's state changed
        kept.saveAfterEvent();
        assertTrue(Files.size(file) > size, "a change of the monitor's state is written at once");
        size = Files.size(file);

        handled.firstTime("102", TICK);
        kept.saveAfterEvent();
        assertEquals(size, Files.size(file));
        nanos[0] += StateJournal.HANDLED_MAY_WAIT.toNanos();
        handled.firstTime("103", TICK);
        kept.saveAfterEvent();
        assertTrue(Files.size(file) > size, "a second after the last write, the next event writes what waited");

        HandledEvents again = new HandledEvents();
        StateJournal.of(digest(), again, dir).load(); // kill -9, restart
        for (int serial = 1; serial <= 103; serial++) {
            assertFalse(again.firstTime(String.valueOf(serial), serial == 101 ? crash("web", 101) : TICK), "serial " + serial);
        }
    }

    /**
     * Saved after every event, as the runtime does: each save appends only what changed (a save per event
     * used to build and compare the whole state, about 1,000 handled events), also when the oldest handled
     * events are let go (the journal was rewritten whole then, every 500 events); a save without a change
     * writes nothing, and the restarted listener still knows the events it handled, and lets go the old ones.
     */
    @Test
    void eachSaveAppendsOnlyWhatChanged_andHandledEventsSurviveARestart() throws Exception {
        HandledEvents handled = new HandledEvents();
        StateJournal kept = StateJournal.of(digest(), handled, dir);
        kept.load();
        Path file = StateJournal.file(dir, "crashmailbatch");
        long size = 0;
        for (int serial = 1; serial <= 1200; serial++) {
            assertTrue(handled.firstTime(String.valueOf(serial), crash("web", serial)));
            kept.save();
            long now = Files.size(file);
            if (serial > 1) {
                assertEquals(("handled " + serial + "\t").length(), now - size - Integer.toHexString(
                        crash("web", serial).toString().hashCode()).length() - 1, "one record appended for event " + serial);
            }
            size = now;
            kept.save();
            assertEquals(size, Files.size(file), "a save without a change writes nothing");
        }
        assertEquals(1200, Files.readAllLines(file).stream().filter(l -> l.startsWith(HandledEvents.KEY)).count(),
                "one record per event, none rewritten");

        HandledEvents again = new HandledEvents();
        StateJournal.of(digest(), again, dir).load(); // kill -9, restart
        assertEquals(2 * HandledEvents.KEEP - 1, again.size(), "no more remembered than a running listener does");
        assertEquals(false, again.firstTime("1200", crash("web", 1200)), "the last event handled is known");
        assertEquals(false, again.firstTime("202", crash("web", 202)), "the oldest one kept is known");
        assertTrue(again.firstTime("201", crash("web", 201)), "an older one is let go");
    }

    /** Handled events let go stay in the journal only until it is compacted: it does not grow without end. */
    @Test
    void theJournalIsCompactedAfterSoManyRecords() throws Exception {
        HandledEvents handled = new HandledEvents();
        StateJournal kept = StateJournal.of(digest(), handled, dir);
        kept.load();
        Path file = StateJournal.file(dir, "crashmailbatch");
        int most = 0;
        for (int serial = 1; serial <= 3 * StateJournal.COMPACT_AFTER; serial++) {
            handled.firstTime(String.valueOf(serial), crash("web", serial));
            kept.save();
            if (serial % 100 == 0) {
                most = Math.max(most, Files.readAllLines(file).size());
            }
        }
        assertTrue(most <= StateJournal.COMPACT_AFTER + 1, "at most " + StateJournal.COMPACT_AFTER + " records: " + most);
        HandledEvents again = new HandledEvents();
        StateJournal.of(digest(), again, dir).load();
        assertEquals(false, again.firstTime(String.valueOf(3 * StateJournal.COMPACT_AFTER), crash("web", 3 * StateJournal.COMPACT_AFTER)));
    }

    @Test
    void anOpenLogWindowSurvivesAKill_andClosesWhenItWasDue() {
        LogMonitor first = logmon();
        StateJournal kept = journal(first);
        List<Action> opened = first.onEvent(log("web", "ERROR one\\n\ttab\n"), T);
        assertEquals(2, opened.size(), "the first line at once, and the window's wake-up: " + opened);
        assertEquals("logmon: g:web: ERROR one\\n\ttab", ((Action.Notify) opened.get(0)).alert().subject());
        assertEquals(new Action.Wake(T.plusSeconds(10)), opened.get(1));
        kept.save();
        first.onEvent(log("web", "ERROR 二\nok\nERROR 三\n"), T.plusSeconds(1));
        kept.save();

        LogMonitor second = logmon();
        StateJournal keptAgain = journal(second); // kill -9, restart
        assertEquals(List.of(new Action.Wake(T.plusSeconds(10))), second.resume(T.plusSeconds(2)));
        LogMonitor late = logmon();
        journal(late);
        assertEquals(List.of(new Action.Wake(T.plusSeconds(30))), late.resume(T.plusSeconds(30)),
                "a window whose end has passed while the listener was down closes at once");
        List<Action> closed = second.onTimer(T.plusSeconds(10));
        assertEquals(1, closed.size());
        Alert a = ((Action.Notify) closed.get(0)).alert();
        assertEquals("logmon: g:web: 2 more matching lines", a.subject());
        assertTrue(a.body().endsWith("\nERROR 二\nERROR 三"), a.body());
        assertEquals(7, a.pid());
        keptAgain.save(); // the alert is in the spool: the window may be forgotten

        LogMonitor third = logmon();
        journal(third);
        assertEquals(List.of(), third.resume(T.plusSeconds(11)), "a sent window is not sent again");
    }

    @Test
    void gatheredLinesAndCountedMinutesSurviveARestart() {
        DigestMonitor first = digest();
        StateJournal kept = journal(first);
        first.onEvent(crash("a", 1), T);
        kept.save();
        first.onEvent(TICK, T); // one of the two minutes
        kept.save();
        first.onEvent(crash("b", 2), T);
        kept.save();
        assertTrue(Files.exists(dir.resolve("state-crashmailbatch.journal")));

        DigestMonitor second = digest();
        StateJournal keptAgain = journal(second); // kill -9, restart
        List<Action> out = second.onEvent(TICK, T);
        assertEquals(1, out.size(), "the restored minute counts");
        Alert a = ((Action.Notify) out.get(0)).alert();
        assertEquals("2024-05-06 07:08:09,123 -- Process a:a (pid 1) died unexpectedly\n"
                + "2024-05-06 07:08:09,123 -- Process b:b (pid 2) died unexpectedly", a.body());
        keptAgain.save();

        DigestMonitor third = digest();
        journal(third);
        third.onEvent(TICK, T);
        assertEquals(List.of(), third.onEvent(TICK, T), "sent lines are not sent again");
    }

    @Test
    void aRecordCutShortByTheKillIsIgnored_andOddTextSurvives() throws Exception {
        DigestMonitor first = digest();
        StateJournal kept = journal(first);
        first.onEvent(crash("a\tb\\c", 1), T);
        kept.save();
        Files.writeString(dir.resolve("state-crashmailbatch.journal"), "line.1\thalf a li", java.nio.file.StandardOpenOption.APPEND);
        DigestMonitor second = digest();
        journal(second);
        second.onEvent(TICK, T);
        Alert a = ((Action.Notify) second.onEvent(TICK, T).get(0)).alert();
        assertEquals("2024-05-06 07:08:09,123 -- Process a\tb\\c:a\tb\\c (pid 1) died unexpectedly", a.body());
    }

    @Test
    void aDamagedJournalKeepsEveryReadableLine_andIsSetAside() throws Exception {
        DigestMonitor first = digest();
        StateJournal kept = journal(first);
        for (int i = 0; i < 20; i++) {
            first.onEvent(crash("p" + i, i), T);
            kept.save();
        }
        kept.closeJournal();
        Path file = dir.resolve("state-crashmailbatch.journal");
        Files.write(file, new byte[] {'l', 'i', 'n', 'e', '.', '9', '9', '\t', (byte) 0xC3, 0x28, (byte) 0xFF, '\n'},
                java.nio.file.StandardOpenOption.APPEND);
        byte[] damaged = Files.readAllBytes(file);

        String log = logOf(() -> journal(digest()));
        assertTrue(log.contains("1 line(s) of " + file + " cannot be read: it is moved to "
                + dir.resolve("unreadable").resolve(file.getFileName()) + ", its 22 readable value(s) kept"), log);
        assertArrayEquals(damaged, Files.readAllBytes(dir.resolve("unreadable").resolve(file.getFileName())),
                "the damaged file is kept as it was for the operator");

        DigestMonitor again = digest(); // and once more: what was kept is on disk, not only in memory
        journal(again);
        again.onEvent(TICK, T);
        Alert a = ((Action.Notify) again.onEvent(TICK, T).get(0)).alert();
        assertEquals(20, a.body().lines().count());
        assertTrue(a.body().startsWith("2024-05-06 07:08:09,123 -- Process p0:p0 (pid 0) died unexpectedly\n"), a.body());
    }

    @Test
    void aRestoredCountThatIsNotANumberIsLeftOut_soDigestsGoOn() throws Exception {
        Path file = dir.resolve("state-crashmailbatch.journal");
        Files.writeString(file, "minutes\tNaN\nmore\t-3\nline.0\tkept line\n");
        DigestMonitor m = digest();
        String log = logOf(() -> journal(m));
        assertEquals(1, log.lines().filter(l -> l.contains("ERROR")).count(), log);
        assertTrue(log.contains(": cannot use what " + file + " holds for minutes NaN (not a number of minutes);"
                + " more -3 (not a count of lines): left out"), log);
        m.onEvent(TICK, T);
        Alert a = ((Action.Notify) m.onEvent(TICK, T).get(0)).alert();
        assertEquals("kept line", a.body(), "the interval's two ticks send the digest");
    }

    /** What {@code r} logs. */
    static String logOf(Runnable r) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Log.to(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            Log.to(System.err);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void withoutADirectoryThereIsNoJournal() {
        assertNull(StateJournal.of(digest(), new HandledEvents(), null));
        assertNull(StateJournal.of(new CrashMailMonitor(ProgramSelector.all(), null, ZoneOffset.UTC), new HandledEvents(), null));
    }
}
