package io.superlance.alert.spool;

import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.delivery.DeliveryQueue;
import io.superlance.alert.delivery.RetryPolicy;
import io.superlance.log.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.superlance.alert.spool.SpoolTest.CHANNELS;
import static io.superlance.alert.spool.SpoolTest.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spool on a full disk (injected: {@link SpoolDisk}), and what a new alert costs on a good one. */
class SpoolDiskFullTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    /** The real disk, recording each write, that fails every write while {@link #full}. */
    static final class Disk implements SpoolDisk {
        volatile boolean full;
        final List<String> writes = new ArrayList<>();

        @Override
        public synchronized void create(Path file, byte[] bytes) throws IOException {
            fail();
            writes.add("create " + file.getFileName());
            REAL.create(file, bytes);
        }

        @Override
        public synchronized void replace(Path file, byte[] bytes) throws IOException {
            fail();
            writes.add("replace " + file.getFileName());
            REAL.replace(file, bytes);
        }

        @Override
        public void flushCreated() {
            REAL.flushCreated();
        }

        private void fail() throws IOException {
            if (full) {
                throw new java.nio.file.FileSystemException("spool", null, "No space left on device");
            }
        }
    }

    @Test
    void aNewAlertIsOneCreate_itsLaterChangesReplaceIt() throws IOException {
        Disk disk = new Disk();
        try (Spool s = Spool.open(dir, 10, CHANNELS)) {
            s.disk(disk);
            SpoolEntry a = s.add(alert("a"), null);
            assertEquals(List.of("create 000000000001.alert"), disk.writes);
            s.markDone(a, CHANNELS.get(0));
            assertEquals(List.of("create 000000000001.alert", "replace 000000000001.alert"), disk.writes);
        }
        try (Spool s = Spool.open(dir, 10, CHANNELS)) {
            assertEquals(1, s.size());
            assertTrue(s.entries().iterator().next().doneFor(CHANNELS.get(0)));
        }
    }

    /** An alert whose last change could not be written is still on disk as it was: only those without a file are lost. */
    @Test
    void aStopOnAFullDiskCountsAsLostOnlyTheAlertsWithoutAFile() throws IOException {
        Disk disk = new Disk();
        try (Spool s = Spool.open(dir, 10, CHANNELS)) {
            s.disk(disk);
            SpoolEntry a = s.add(alert("a"), null);
            s.add(alert("b"), null);
            disk.full = true;
            s.failed(a, CHANNELS.get(0), new SpoolEntry.Tries(3, "refused", java.time.Instant.EPOCH));
            s.add(alert("c"), null);
            s.add(alert("d"), null);
            s.add(alert("e"), null);
            assertEquals(3, s.inMemoryOnly());
            assertEquals(2, s.saveAll(), "a and b have files; c, d and e none");
        }
        try (Spool s = Spool.open(dir, 10, CHANNELS)) {
            assertEquals(2, s.size());
        }
    }

    /**
     * A full disk while nothing new comes (every channel waiting to retry, which lets the spool retry every
     * 2 s): one error line, then a "still cannot be written" summary once a minute, never more often.
     */
    @Test
    void aFullDiskWithNothingNewIsSummarisedOnceAMinute() throws IOException {
        Disk disk = new Disk();
        AtomicLong now = new AtomicLong();
        try (Spool s = Spool.open(dir, 10, CHANNELS, now::get)) {
            s.disk(disk);
            disk.full = true;
            s.add(alert("a"), null);
            for (int i = 0; i < 90; i++) { // 3 minutes of checks every 2 s
                now.addAndGet(Duration.ofSeconds(2).toNanos());
                s.check();
            }
            List<String> errors = log.lines("ERROR");
            assertEquals(4, errors.size(), log.text());
            assertTrue(errors.get(0).contains("No space left on device; 1 alert(s) kept in memory only"), errors.get(0));
            for (int i = 1; i <= 3; i++) {
                assertTrue(errors.get(i).contains("still cannot be written (No space left on device) after " + 60 * i + " s"),
                        errors.get(i));
                assertTrue(errors.get(i).contains("1 alert(s) in memory only"), errors.get(i));
            }
        }
    }

    /**
     * Every channel down, its next attempt a minute away, nothing submitted: the spool still notices within
     * a few seconds that the disk has room again, and writes what it held in memory.
     */
    @Test
    void spaceFreedIsNoticedWithinSecondsWhileEveryChannelWaitsToRetry() throws Exception {
        Disk disk = new Disk();
        Spool spool = Spool.open(dir, 10, CHANNELS);
        spool.disk(disk);
        List<Channel> down = new ArrayList<>();
        AtomicLong attempts = new AtomicLong();
        for (String name : List.of("smtp mail:25", "webhook https://x")) {
            down.add(new Channel() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public void send(io.superlance.alert.Alert alert) throws DeliveryException {
                    attempts.incrementAndGet();
                    throw new DeliveryException("connection refused", true);
                }
            });
        }
        DeliveryQueue q = new DeliveryQueue(down, spool,
                new RetryPolicy(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofDays(1)), Duration.ZERO, Clock.systemUTC());
        disk.full = true;
        q.start();
        q.submit(io.superlance.alert.Alert.of("crashmail", io.superlance.alert.AlertKind.PROCESS_CRASHED, java.time.Instant.now())
                .id("a").subject("crash").body("body").build()); // recent: not given up as too old
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (attempts.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(2, attempts.get(), "both channels tried and now wait a minute");
        assertEquals(1, spool.inMemoryOnly());
        long freed = System.nanoTime();
        disk.full = false;
        while (!log.text().contains("can be written again after") && System.nanoTime() - freed < 10_000_000_000L) {
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - freed) / 1e9;
        assertTrue(seconds < 4, "noticed after " + seconds + " s\n" + log.text());
        q.stop(Duration.ZERO, Duration.ZERO);
        spool.close();
        try (Spool s = Spool.open(dir, 10, CHANNELS)) {
            assertEquals(1, s.size(), "the alert held in memory is on disk");
        }
    }
}
