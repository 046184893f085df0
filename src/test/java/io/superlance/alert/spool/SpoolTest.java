package io.superlance.alert.spool;

import io.superlance.alert.Alert;
import io.superlance.protocol.ProcessId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolTest {
    static final List<String> CHANNELS = List.of("smtp mail:25", "webhook https://x");

    @TempDir
    Path dir;

    static Alert alert(String id) {
        return new Alert(id, Instant.parse("2024-01-02T03:04:05.678Z"), "crashmailbatch", "ProcessCrashed",
                "Crash alert from supervisord", "line 1 ünïcödé 日志\nline 2 = : # !", new ProcessId("g", "n"), 42,
                "EXITED", false);
    }

    @Test
    void entriesSurviveAReopenWithTheirPerChannelState() throws IOException {
        try (Spool s = Spool.open(dir, 10, CHANNELS)) {
            SpoolEntry a = s.add(alert("a"), null);
            s.add(alert("b"), Instant.parse("2024-01-02T03:05:00Z"));
            s.markDone(a, "smtp mail:25");
        }
        try (Spool s = Spool.open(dir, 10, CHANNELS)) {
            List<SpoolEntry> e = List.copyOf(s.entries());
            assertEquals(2, e.size());
            assertEquals(alert("a"), e.get(0).alert());
            assertTrue(e.get(0).doneFor("smtp mail:25"));
            assertFalse(e.get(0).doneFor("webhook https://x"));
            assertEquals(Instant.parse("2024-01-02T03:05:00Z"), e.get(1).holdUntil());
            s.markDone(e.get(0), "webhook https://x");
            assertEquals(1, s.size());
            SpoolEntry c = s.add(alert("c"), null);
            assertTrue(c.seq() > e.get(1).seq(), "sequence goes on after a restart");
        }
        try (Spool s = Spool.open(dir, 10, CHANNELS)) {
            assertEquals(List.of("b", "c"), s.entries().stream().map(x -> x.alert().id()).toList());
        }
    }

    @Test
    void aCutShortWriteIsIgnored_andAnUnreadableEntryIsMovedAside() throws IOException {
        try (Spool s = Spool.open(dir, 10, CHANNELS)) {
            s.add(alert("a"), null);
        }
        Files.writeString(dir.resolve(".tmp-000000000002.alert"), "seq=2\nid=half");
        Files.writeString(dir.resolve("000000000003.alert"), "garbage without keys");
        try (Spool s = Spool.open(dir, 10, CHANNELS)) {
            assertEquals(1, s.size());
        }
        assertFalse(Files.exists(dir.resolve(".tmp-000000000002.alert")));
        assertTrue(Files.exists(dir.resolve("unreadable/000000000003.alert")));
        assertFalse(Files.exists(dir.resolve("000000000003.alert")));
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(".tmp-")));
        }
    }

    @Test
    void aFullSpoolCountsWhatItCannotKeep_perChannel_acrossRestarts() throws IOException {
        try (Spool s = Spool.open(dir, 2, CHANNELS)) {
            s.add(alert("a"), null);
            s.add(alert("b"), null);
            assertNull(s.add(alert("c"), null));
            assertNull(s.add(alert("d"), null));
            assertEquals(2, s.notShown("smtp mail:25"));
        }
        try (Spool s = Spool.open(dir, 2, CHANNELS)) {
            assertEquals(2, s.notShown("smtp mail:25"));
            s.shown("smtp mail:25", 2);
            assertEquals(0, s.notShown("smtp mail:25"));
            assertEquals(2, s.notShown("webhook https://x"));
        }
        try (Spool s = Spool.open(dir, 2, CHANNELS)) {
            assertEquals(Map.of("smtp mail:25", 0L, "webhook https://x", 2L),
                    Map.of("smtp mail:25", s.notShown("smtp mail:25"), "webhook https://x", s.notShown("webhook https://x")));
        }
    }

    @Test
    void oneListenerPerDirectory() throws IOException {
        try (Spool s = Spool.open(dir, 2, CHANNELS)) {
            IOException e = assertThrows(IOException.class, () -> Spool.open(dir, 2, CHANNELS));
            assertTrue(e.getMessage().contains("in use by another listener"), e.getMessage());
        }
    }

    @Test
    void defaultLocationIsPerListener() {
        assertEquals(Path.of("/srv/state/crash_mail_1"),
                SpoolLocation.defaultDir(Map.of("SUPERLANCE_STATE_DIR", "/srv/state", "SUPERVISOR_PROCESS_NAME", "crash/mail 1")));
        assertEquals(Path.of("/srv/state/listener"), SpoolLocation.defaultDir(Map.of("SUPERLANCE_STATE_DIR", "/srv/state")));
        Path p = SpoolLocation.defaultDir(Map.of("XDG_STATE_HOME", "/home/u/.st", "SUPERVISOR_PROCESS_NAME", "x"));
        assertTrue(p.equals(Path.of("/var/lib/superlance/x")) || p.equals(Path.of("/home/u/.st/superlance/x")), p.toString());
    }
}
