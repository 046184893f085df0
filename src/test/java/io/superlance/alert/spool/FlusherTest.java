package io.superlance.alert.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.superlance.alert.spool.SpoolTest.CHANNELS;
import static io.superlance.alert.spool.SpoolTest.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A new alert waits for no disk flush: the flusher forces it just after, and whatever is left at exit. */
class FlusherTest {
    @TempDir
    Path dir;

    @Test
    void anAlertIsKeptWhileItsFlushHangs_theFlushFollows() throws Exception {
        CountDownLatch diskAnswers = new CountDownLatch(1);
        List<Path> forced = new CopyOnWriteArrayList<>();
        CountDownLatch flushedOne = new CountDownLatch(1);
        Flusher flusher = new Flusher(file -> {
            try {
                diskAnswers.await(); // a busy disk: the flush takes as long as the test wants
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            forced.add(file.getFileName());
            flushedOne.countDown();
        });
        Path kept = dir.resolve("kept");
        try (Spool s = Spool.open(kept, 10, CHANNELS)) {
            s.disk(SpoolDisk.flushedBy(flusher));
            // the add is what the acknowledging path waits for: it returns though the disk does not answer
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> s.add(alert("a"), null));
            assertEquals(List.of(), forced);
        }
        // what a listener started after a kill -9 finds: the alert, written, not yet flushed
        try (Spool again = Spool.open(kept, 10, CHANNELS)) {
            assertEquals(1, again.size());
        }
        diskAnswers.countDown();
        assertTrue(flushedOne.await(5, TimeUnit.SECONDS), "the written alert was never forced to disk");
        assertEquals(List.of(Path.of("000000000001.alert")), forced);
    }

    @Test
    void atExitWhatIsNotYetFlushedIsForcedOnTheExitingThread() throws Exception {
        List<String> forced = new CopyOnWriteArrayList<>();
        CountDownLatch flusherBusy = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Flusher flusher = new Flusher(file -> {
            if (Thread.currentThread().getName().equals("spool flush")) {
                flusherBusy.countDown();
                try {
                    never.await(); // its thread is stuck on the first file
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            forced.add(Thread.currentThread().getName() + " " + file.getFileName());
        });
        try (Spool s = Spool.open(dir, 10, CHANNELS)) {
            s.disk(SpoolDisk.flushedBy(flusher));
            s.add(alert("a"), null);
            assertTrue(flusherBusy.await(5, TimeUnit.SECONDS));
            s.add(alert("b"), null);
            s.add(alert("c"), null);
            assertEquals(3, s.saveAll());
        }
        String exiting = Thread.currentThread().getName();
        assertEquals(List.of(exiting + " 000000000002.alert", exiting + " 000000000003.alert"), forced);
        never.countDown();
    }
}
