package io.superlance.alert.spool;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.protocol.ProcessId;
import io.superlance.log.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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
        return Alert.of("crashmailbatch", AlertKind.PROCESS_CRASHED, Instant.parse("2024-01-02T03:04:05.678Z")).id(id)
                .subject("Crash alert from supervisord").body("line 1 ünïcödé 日志\nline 2 = : # !")
                .process(new ProcessId("g", "n")).pid(42).state("EXITED").incident("host1/crashmailbatch/g:n")
                .fact("value", "93.5 %").fact("lines", "第一行\nsecond = line").fact("z", "1").fact("a", "2").fact("m", "3")
                .fact("b", "4").fact("y", "5").build();
    }

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    static void removeTree(Path p) throws IOException {
        try (Stream<Path> all = Files.walk(p)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    static List<String> ids(Spool s) {
        return s.entries().stream().map(x -> x.alert().id()).toList();
    }

    private static String mode(Path p) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /**
     * superlance status names the channels a spool delivers to, from the file a start writes; a restart with
     * the same channels leaves that file alone (no write and no disk flush on the way to READY).
     */
    @Test
    void statusReadsTheChannelsOfTheLastStart_aStartWithTheSameOnesDoesNotRewriteThem() throws IOException {
        Path spoolDir = dir.resolve("spool");
        Spool.open(spoolDir, 10, CHANNELS).close();
        assertEquals(CHANNELS, Spool.channels(spoolDir));

        Path file = spoolDir.resolve("channels");
        java.nio.file.attribute.FileTime longAgo = java.nio.file.attribute.FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, longAgo);
        Spool.open(spoolDir, 10, CHANNELS).close();
        assertEquals(longAgo, Files.getLastModifiedTime(file), "rewritten with the same channels");

        Spool.open(spoolDir, 10, List.of("smtp mail:587")).close();
        assertEquals(List.of("smtp mail:587"), Spool.channels(spoolDir));
        assertEquals("rw-------", mode(file));
    }

    @Test
    void theSpoolIsTheOwnersAlone_aNewDirectory0700_itsFiles0600_anOpenOneTightened() throws IOException {
        Path spoolDir = dir.resolve("new/spool");
        try (Spool s = Spool.open(spoolDir, 10, CHANNELS)) {
            s.add(alert("a"), null);
            assertEquals("rwx------", mode(spoolDir));
            try (Stream<Path> files = Files.list(spoolDir)) {
                for (Path f : files.toList()) {
                    assertEquals("rw-------", mode(f), f.toString());
                }
            }
        }
        Path old = Files.createDirectories(dir.resolve("old"));
        Files.setPosixFilePermissions(old, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path entry = Files.writeString(old.resolve("lock"), "");
        Files.setPosixFilePermissions(entry, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        try (Spool s = Spool.open(old, 10, CHANNELS)) {
            assertEquals("rwx------", mode(old), "a directory an older version made 0755");
            assertEquals("rw-------", mode(entry));
        }
    }

    @Test
    void aRemovedDirectoryIsRecreatedWithEverythingHeldInMemory() throws IOException {
        Path spoolDir = dir.resolve("spool");
        try (Spool s = Spool.open(spoolDir, 10, CHANNELS)) {
            s.add(alert("a"), null);
            s.add(alert("b"), null);
            removeTree(spoolDir);
            s.add(alert("c"), null);
            assertEquals(1, log.lines("WARN").size(), log.text());
            assertTrue(log.lines("WARN").get(0).contains("was removed: recreated it"), log.text());
            assertEquals(List.of(), log.lines("ERROR"));
            IOException locked = assertThrows(IOException.class, () -> Spool.open(spoolDir, 10, CHANNELS));
            assertTrue(locked.getMessage().contains("in use"), "the new directory is locked too");
        }
        try (Spool s = Spool.open(spoolDir, 10, CHANNELS)) {
            assertEquals(List.of("a", "b", "c"), ids(s));
        }
    }

    @Test
    void atExitWhatIsNoLongerOnDiskIsWrittenAgain() throws IOException {
        Path spoolDir = dir.resolve("spool");
        try (Spool s = Spool.open(spoolDir, 10, CHANNELS)) {
            s.add(alert("a"), null);
            removeTree(spoolDir);
            assertEquals(1, s.saveAll());
        }
        try (Spool s = Spool.open(spoolDir, 10, CHANNELS)) {
            assertEquals(List.of("a"), ids(s));
        }
    }

    /** A file where the directory was: every write fails (as on a full disk) until it is gone. */
    @Test
    void aFailingDiskIsOneErrorLine_aSummaryWhileItLasts_oneLineWhenItClears_andNoDebris() throws IOException {
        Path spoolDir = dir.resolve("spool");
        AtomicLong now = new AtomicLong();
        try (Spool s = Spool.open(spoolDir, 100, CHANNELS, now::get)) {
            SpoolEntry a = s.add(alert("a"), null);
            removeTree(spoolDir);
            Files.writeString(spoolDir, "in the way");
            for (int i = 0; i < 30; i++) {
                s.add(alert("x" + i), null);
                now.addAndGet(Duration.ofSeconds(3).toNanos());
                s.check();
            }
            List<String> errors = log.lines("ERROR");
            assertEquals(2, errors.size(), log.text());
            assertTrue(errors.get(0).contains("cannot write to the spool " + spoolDir), errors.get(0));
            assertTrue(errors.get(1).contains("still cannot be written"), errors.get(1));
            assertTrue(errors.get(1).contains("after 60 s"), errors.get(1));
            assertEquals(31, s.size(), "delivery goes on from memory");
            CHANNELS.forEach(c -> s.markDone(a, c)); // its file cannot be removed yet either
            assertEquals(0, s.saveAll());
            assertTrue(s.writeFault() != null);

            Files.delete(spoolDir);
            now.addAndGet(Duration.ofSeconds(3).toNanos());
            s.check();
            List<String> infos = log.lines("INFO");
            assertEquals(1, infos.size(), log.text());
            assertTrue(infos.get(0).contains("can be written again"), infos.get(0));
            assertEquals(30, s.saveAll());
            assertEquals(2, log.lines("ERROR").size(), "no more errors");
        }
        try (Spool s = Spool.open(spoolDir, 100, CHANNELS)) {
            assertEquals(30, s.size(), "the delivered alert's file was removed once it could be");
        }
        try (Stream<Path> files = Files.list(spoolDir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(".tmp-")));
        }
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
            assertEquals(List.copyOf(alert("a").facts().keySet()), List.copyOf(e.get(0).alert().facts().keySet()),
                    "facts keep the monitor's order (11 of them, past the single digits)");
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

    /** Entries as the listener wrote them while kinds were plain strings: they must be delivered after an upgrade. */
    @Test
    void entriesWrittenBeforeKindsWereTypedStillLoad() throws IOException {
        Files.writeString(dir.resolve("000000000007.alert"), """
                #superlance alert; 'done' lists the channels that took it
                #Sat Nov 21 05:00:00 UTC 2026
                seq=7
                id=mhx2a1-1f4-3
                time=2026-11-21T05\\:00\\:00.123Z
                source=crashmail
                kind=ProcessCrashed
                subject=\\ web crashed at 2026-11-21 05\\:00\\:00,123
                body=Process web in group web exited unexpectedly (pid 4321) from state RUNNING
                group=web
                process=web
                pid=4321
                state=EXITED
                resolved=false
                done=smtp mail\\:25
                """);
        Files.writeString(dir.resolve("000000000008.alert"), """
                #superlance alert; 'done' lists the channels that took it
                seq=8
                id=mhx2a2-1f4-4
                time=2026-11-21T05\\:00\\:01Z
                source=httpok
                kind=HttpBadMetric
                subject=httpok\\: http\\://localhost/metrics\\: bad metric returned
                body=queue_depth is 120, above 100
                resolved=true
                holdUntil=2026-11-21T05\\:05\\:00Z
                done=
                """);
        try (Spool s = Spool.open(dir, 10, CHANNELS)) {
            List<SpoolEntry> e = List.copyOf(s.entries());
            assertEquals(2, e.size(), "none moved to unreadable/");
            Alert crash = e.get(0).alert();
            assertEquals(AlertKind.PROCESS_CRASHED, crash.kind());
            assertEquals(" web crashed at 2026-11-21 05:00:00,123", crash.subject());
            assertEquals(new ProcessId("web", "web"), crash.process());
            assertEquals(4321, crash.pid());
            assertTrue(e.get(0).doneFor("smtp mail:25"));
            Alert metric = e.get(1).alert();
            assertEquals(AlertKind.HTTP_BAD_METRIC, metric.kind());
            assertEquals("httpok: http://localhost/metrics: bad metric returned", metric.subject());
            assertNull(metric.process());
            assertTrue(metric.resolved());
            assertEquals(Instant.parse("2026-11-21T05:05:00Z"), e.get(1).holdUntil());
            s.markDone(e.get(1), "smtp mail:25"); // written back
        }
        assertTrue(Files.readString(dir.resolve("000000000008.alert")).contains("kind=HttpBadMetric\n"), "the same wire name");
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

    /** Issue 15 item 9: 500 alerts counted under one port were never reported through the next. */
    @Test
    void countsOfAlertsNotShownFollowTheChannelWhenItsAddressChanges() throws IOException {
        try (Spool s = Spool.open(dir, 1, CHANNELS)) {
            s.add(alert("a"), null);
            assertNull(s.add(alert("b"), null));
            assertNull(s.add(alert("c"), null));
        }
        try (Spool s = Spool.open(dir, 1, List.of("smtps other:465", "webhook https://y", "smtp third:25"))) {
            assertEquals(2, s.notShown("smtps other:465"));
            assertEquals(2, s.notShown("webhook https://y"));
            assertEquals(0, s.notShown("smtp third:25"), "a second mail channel is another channel");
        }
    }

    @Test
    void countsKeptByAddressBeforeAreReadToo() throws IOException {
        Files.writeString(dir.resolve("not-shown.properties"), "smtp\\ mail\\:25=500\n");
        try (Spool s = Spool.open(dir, 1, List.of("smtp mail:2525"))) {
            assertEquals(500, s.notShown("smtp mail:2525"));
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
