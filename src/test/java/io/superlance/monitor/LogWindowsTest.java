package io.superlance.monitor;

import io.superlance.protocol.ProcessId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogWindowsTest {
    private static final ProcessId WEB = new ProcessId("web", "web");
    private static final ProcessId DB = new ProcessId("db", "db");
    private static final Instant T0 = Instant.parse("2026-11-21T05:00:00Z");

    @Test
    void theFirstLineOpensAWindow_laterOnesJoinIt_untilItCloses() {
        // The first line is the caller's to send at once: the window holds the lines after it.
        LogWindows w = new LogWindows(Duration.ofSeconds(10), 3, 100);
        assertEquals(T0.plusSeconds(10), w.add(WEB, "e1", 1, T0));
        assertNull(w.add(WEB, "e2", 1, T0.plusSeconds(3)));
        assertEquals(T0.plusSeconds(14), w.add(DB, "d1", 2, T0.plusSeconds(4)), "each program has its own window");
        assertEquals(List.of(), w.close(T0.plusMillis(9999)));
        List<LogWindows.Group> closed = w.close(T0.plusSeconds(10));
        assertEquals(1, closed.size());
        assertEquals(new LogWindows.Group(WEB, T0, T0.plusSeconds(10), 1, List.of("e2"), 1), closed.get(0));
        assertEquals(T0.plusSeconds(14), w.nextEnd());
        assertEquals(T0.plusSeconds(21), w.add(WEB, "e3", 1, T0.plusSeconds(11)), "a new window after the close");
    }

    @Test
    void aBurstIsCountedInFull_butOnlyTheFirstLinesAreKept_eachCut() {
        LogWindows w = new LogWindows(Duration.ofSeconds(10), 10, 20);
        for (int i = 0; i < 1000; i++) {
            w.add(WEB, "error number " + i + " " + "😀".repeat(20), 1, T0.plusMillis(i));
        }
        LogWindows.Group g = w.close(T0.plusSeconds(10)).get(0);
        assertEquals(999, g.count(), "all but the first, which went out on its own");
        assertEquals(10, g.lines().size());
        for (String line : g.lines()) {
            assertTrue(line.length() <= 20, line);
            assertTrue(line.endsWith("…"), line);
            assertTrue(!Character.isHighSurrogate(line.charAt(line.length() - 2)), "half an emoji: " + line);
        }
    }
}
