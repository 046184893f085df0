package io.superlance.alert.delivery;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Channel;
import io.superlance.alert.TestAlerts;
import io.superlance.alert.spool.Spool;
import io.superlance.alert.spool.SpoolEntry;
import io.superlance.protocol.ProcessId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryQueueTest {
    static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(10),
            Duration.ofMillis(40), Duration.ofHours(1));

    @TempDir
    Path dir;

    static Alert alert(String id, String program) {
        return TestAlerts.crash(id, program, Instant.now());
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    DeliveryQueue queue(List<Channel> channels, Spool spool, Duration minInterval) {
        DeliveryQueue q = new DeliveryQueue(channels, spool, FAST, minInterval, Clock.systemUTC());
        q.start();
        return q;
    }

    /**
     * A call the exit cuts (a sendmail killed at the stop) fails as it ends: its alert stays in the spool
     * as not sent, its file says why, and the delivery thread does not die with a stack trace.
     */
    @Test
    void aCallCutByTheExitLeavesItsAlertInTheSpoolSayingWhy() throws Exception {
        TestChannel cut = new TestChannel("cut");
        cut.gate = new CountDownLatch(1);
        cut.down = true; // what a killed command comes back with
        List<Channel> channels = List.of(cut);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream was = System.err;
        try (Spool spool = Spool.open(dir, 100, DeliveryQueue.keys(channels))) {
            System.setErr(new java.io.PrintStream(err, true));
            DeliveryQueue q = queue(channels, spool, Duration.ZERO);
            q.submit(alert("a1", "web"));
            await(() -> cut.calls.get() == 1, "the call");
            Thread stopping = new Thread(() -> q.stop(Duration.ZERO, Duration.ofSeconds(5)));
            stopping.start();
            await(() -> stopping.getState() == Thread.State.TIMED_WAITING, "the stop waiting for the call");
            cut.gate.countDown(); // the call ends, failed, once the queue is stopping
            stopping.join(5000);
        } finally {
            System.setErr(was);
        }
        assertFalse(err.toString().contains("Exception"), err.toString());
        List<SpoolEntry> left = Spool.peek(dir);
        assertEquals(1, left.size());
        assertTrue(left.get(0).tries("cut").lastError().contains("cut by the listener's exit"), left.get(0).tries("cut").toString());
    }

    @Test
    void aHangingChannelHoldsUpNeitherTheCallerNorAnotherChannel() throws Exception {
        TestChannel hangs = new TestChannel("hangs");
        hangs.gate = new CountDownLatch(1);
        TestChannel works = new TestChannel("works");
        List<Channel> channels = List.of(hangs, works);
        try (Spool spool = Spool.open(dir, 100, DeliveryQueue.keys(channels))) {
            DeliveryQueue q = queue(channels, spool, Duration.ZERO);
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                q.submit(alert("a" + i, "p" + i));
            }
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2));
            await(() -> works.alerts().size() == 20, "the working channel");
            assertEquals(0, hangs.alerts().size());
            assertEquals(20, q.pending(), "still pending for the hanging channel");
            hangs.gate.countDown();
            assertTrue(q.drain(Duration.ofSeconds(10)));
            assertEquals(20, hangs.alerts().size());
            assertEquals(works.alerts().stream().map(Alert::id).toList(), hangs.alerts().stream().map(Alert::id).toList());
        }
    }

    @Test
    void failuresAreRetried_refusalsAreGivenUp() throws Exception {
        TestChannel flaky = new TestChannel("flaky");
        flaky.failFirst = 3;
        TestChannel refuses = new TestChannel("refuses");
        refuses.refuse = true;
        List<Channel> channels = List.of(flaky, refuses);
        DeliveryQueue q = queue(channels, Spool.inMemory(100, DeliveryQueue.keys(channels)), Duration.ZERO);
        q.submit(alert("a", "p"));
        assertTrue(q.drain(Duration.ofSeconds(10)));
        assertEquals(List.of("a"), flaky.alerts().stream().map(Alert::id).toList());
        assertEquals(4, flaky.calls.get());
        assertEquals(1, refuses.calls.get(), "a refusal is not retried");
    }

    @Test
    void eachFailedAttemptIsRecordedInTheEntry_withItsErrorAndTheNextAttempt() throws Exception {
        TestChannel down = new TestChannel("down");
        down.failFirst = Integer.MAX_VALUE;
        TestChannel up = new TestChannel("up");
        Path tries = dir.resolve("tries");
        Spool spool = Spool.open(tries, 10, List.of("down", "up"));
        DeliveryQueue q = new DeliveryQueue(List.of(down, up), spool,
                new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(3)), Duration.ZERO, Clock.systemUTC());
        q.start();
        Instant before = Instant.now();
        q.submit(alert("a", "p"));
        // as superlance status reads it: from the file, while the listener runs
        await(() -> {
            List<SpoolEntry> in = Spool.peek(tries);
            return !in.isEmpty() && in.get(0).tries("down") != null && in.get(0).tries("down").attempts() >= 3;
        }, "the third attempt recorded in the file");
        SpoolEntry read = Spool.peek(tries).get(0);
        SpoolEntry.Tries t = read.tries("down");
        assertEquals("connection refused", t.lastError());
        assertTrue(t.nextAttempt().isAfter(before), t.toString());
        assertEquals(null, read.tries("up"), "the channel that took it has no failures");
        await(() -> q.pending() == 0, "give up"); // stops its retries before the next test
        spool.close();
    }

    @Test
    void anAlertTooOldIsGivenUp() throws Exception {
        TestChannel down = new TestChannel("down");
        down.failFirst = Integer.MAX_VALUE;
        DeliveryQueue q = new DeliveryQueue(List.of(down), Spool.inMemory(10, List.of("down")),
                new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(5), Duration.ofMillis(100)),
                Duration.ZERO, Clock.systemUTC());
        q.start();
        q.submit(alert("a", "p"));
        await(() -> q.pending() == 0, "give up");
        assertTrue(down.calls.get() > 1);
    }

    @Test
    void afterARestartEachChannelGetsWhatItHadNotTaken_once() throws Exception {
        TestChannel mail = new TestChannel("mail");
        mail.gate = new CountDownLatch(1); // never released in the first run: the listener "dies" mid-send
        TestChannel hook = new TestChannel("hook");
        List<Channel> first = List.of(mail, hook);
        Spool spool = Spool.open(dir, 100, DeliveryQueue.keys(first));
        DeliveryQueue q = queue(first, spool, Duration.ZERO);
        q.submit(alert("a", "p"));
        q.submit(alert("b", "p"));
        await(() -> hook.alerts().size() == 2, "hook");
        await(() -> {
            synchronized (q) { // the queue's lock guards the spool
                return spool.entries().stream().allMatch(e -> e.doneFor("hook"));
            }
        }, "hook's deliveries recorded");
        spool.close(); // kill -9: the lanes just stop; the files stay

        TestChannel mail2 = new TestChannel("mail");
        TestChannel hook2 = new TestChannel("hook");
        List<Channel> second = List.of(mail2, hook2);
        try (Spool again = Spool.open(dir, 100, DeliveryQueue.keys(second))) {
            DeliveryQueue q2 = queue(second, again, Duration.ZERO);
            assertTrue(q2.drain(Duration.ofSeconds(10)));
            assertEquals(List.of("a", "b"), mail2.alerts().stream().map(Alert::id).toList());
            assertEquals(List.of(), hook2.alerts());
        }
        mail.gate.countDown();
    }

    @Test
    void stormControlFoldsAProgramsAlertsInsideTheWindowIntoOneMessage() throws Exception {
        TestChannel c = new TestChannel("c");
        DeliveryQueue q = queue(List.of(c), Spool.inMemory(100, List.of("c")), Duration.ofMillis(400));
        for (int i = 0; i < 5; i++) {
            q.submit(alert("w" + i, "web"));
        }
        q.submit(alert("d0", "db"));
        await(() -> c.messages.size() == 2, "the first alert of each program");
        assertEquals(List.of("w0", "d0"), c.alerts().stream().map(Alert::id).toList());
        await(() -> c.messages.size() == 3, "the folded message");
        Alert folded = c.messages.get(2).get(0);
        assertEquals("w1-4", folded.id());
        assertTrue(folded.subject().endsWith("(4 alerts)"), folded.subject());
        assertTrue(folded.body().startsWith("4 alerts for web within 400ms"), folded.body());
        for (int i = 1; i < 5; i++) {
            assertTrue(folded.body().contains("body w" + i), folded.body());
        }
        await(() -> q.pending() == 0, "the folded alerts marked done");
    }

    @Test
    void whatAFullSpoolCannotKeepIsCountedInTheNextMessage() throws Exception {
        TestChannel c = new TestChannel("c");
        c.gate = new CountDownLatch(1);
        DeliveryQueue q = queue(List.of(c), Spool.inMemory(2, List.of("c")), Duration.ZERO);
        q.submit(alert("a0", "p0"));
        await(() -> c.calls.get() == 1, "a0 on its way");
        for (int i = 1; i < 5; i++) {
            q.submit(alert("a" + i, "p" + i));
        }
        c.gate.countDown();
        assertTrue(q.drain(Duration.ofSeconds(10)));
        assertEquals(List.of("a0", "a1"), c.alerts().stream().map(Alert::id).toList());
        assertTrue(!c.alerts().get(0).body().contains("not shown"));
        assertTrue(c.alerts().get(1).body().endsWith("3 more alerts not shown (the listener's spool was full)"),
                c.alerts().get(1).body());
        q.submit(alert("a5", "p5"));
        assertTrue(q.drain(Duration.ofSeconds(10)));
        assertTrue(!c.alerts().get(2).body().contains("not shown"), "counted once");
    }

    @Test
    void aFoldingChannelGetsEverythingWaitingAtOnce() throws Exception {
        TestChannel robot = new TestChannel("robot");
        robot.folds = true;
        robot.gate = new CountDownLatch(1);
        DeliveryQueue q = queue(List.of(robot), Spool.inMemory(100, List.of("robot")), Duration.ZERO);
        q.submit(alert("a", "p"));
        await(() -> robot.calls.get() == 1, "first send");
        q.submit(alert("b", "p"));
        q.submit(alert("c", "q"));
        q.submit(alert("d", "r"));
        robot.gate.countDown();
        assertTrue(q.drain(Duration.ofSeconds(10)));
        assertEquals(2, robot.messages.size());
        assertEquals(List.of("b", "c", "d"), robot.messages.get(1).stream().map(Alert::id).toList());
    }

    /**
     * The stop at exit with 100 alerts pending on a hanging channel: it returns within its time; the call
     * that was running and ends while the process exits is recorded (the server has the alert: the next
     * start must not send it again); no call starts after the stop; an alert submitted after the stop is
     * not accepted (its event is not acknowledged, supervisord sends it again to the next listener).
     */
    @Test
    void aStopReturnsInTime_aCallEndingAfterItIsRecorded_noneStarts_andNothingIsAccepted() throws Exception {
        TestChannel hangs = new TestChannel("hangs");
        hangs.gate = new CountDownLatch(1);
        List<Channel> channels = List.of(hangs);
        Spool spool = Spool.open(dir, 1000, DeliveryQueue.keys(channels));
        DeliveryQueue q = queue(channels, spool, Duration.ZERO);
        for (int i = 0; i < 100; i++) {
            q.submit(alert("a" + i, "p" + i));
        }
        await(() -> hangs.calls.get() == 1, "the first call");
        long t0 = System.nanoTime();
        assertTrue(!q.stop(Duration.ofMillis(300), Duration.ofMillis(100)));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 700, "stopped in " + ms + " ms");
        Thread late = new Thread(() -> q.submit(alert("late", "p")));
        late.setDaemon(true);
        late.start();
        hangs.gate.countDown(); // the running call ends now, after the stop
        await(() -> hangs.messages.size() == 1, "the call that was running");
        await(() -> q.pending() == 99, "its record");
        late.join(300);
        assertTrue(late.isAlive(), "an alert was accepted after the stop");
        Thread.sleep(100);
        assertEquals(1, hangs.calls.get(), "a call started after the stop");
        spool.close();
        try (Spool again = Spool.open(dir, 1000, DeliveryQueue.keys(channels))) {
            assertEquals(99, again.size(), "the call that ended after the stop is recorded");
        }
    }

    @Test
    void aSecondDrainDoesNotWaitAgain() throws Exception {
        TestChannel hangs = new TestChannel("hangs");
        hangs.gate = new CountDownLatch(1);
        DeliveryQueue q = queue(List.of(hangs), Spool.inMemory(10, List.of("hangs")), Duration.ZERO);
        q.submit(alert("a", "p"));
        assertTrue(!q.drain(Duration.ofMillis(300)));
        long t0 = System.nanoTime();
        assertTrue(!q.drain(Duration.ofSeconds(5)));
        assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(200), "waited again");
        hangs.gate.countDown();
    }

    /** Issue 11: after a 2-minute SMTP outage with 10 crash-looping programs, 575 separate mails arrived. */
    @Test
    void aChannelBackFromAnOutageGetsOneMessagePerSubjectAndOneSummary_nothingDropped() throws Exception {
        TestChannel mail = new TestChannel("mail");
        mail.down = true;
        try (Spool spool = Spool.open(dir, 1000, List.of("mail"))) {
            DeliveryQueue q = queue(List.of(mail), spool, Duration.ZERO);
            for (int round = 0; round < 3; round++) {
                for (int p = 0; p < 12; p++) {
                    q.submit(alert("p" + p + "-" + round, "p" + p));
                }
            }
            int failed = mail.calls.get();
            await(() -> mail.calls.get() >= failed + 2, "attempts after the last alert came in");
            assertEquals(36, q.pending(), "nothing leaves the spool while the channel is down");
            assertEquals(36, SpoolFilesCount.in(dir));
            mail.down = false;
            assertTrue(q.drain(Duration.ofSeconds(10)));
        }
        assertEquals(BatchChooser.MAX_SUBJECTS + 1, mail.messages.size(), "one message per program, then one summary: "
                + mail.alerts().stream().map(Alert::subject).toList());
        for (int p = 0; p < BatchChooser.MAX_SUBJECTS; p++) {
            Alert folded = mail.messages.get(p).get(0);
            assertTrue(folded.subject().endsWith("(3 alerts)"), folded.subject());
            assertTrue(folded.body().startsWith("3 alerts for p" + p + " while this channel failed"), folded.body());
        }
        Alert summary = mail.messages.get(BatchChooser.MAX_SUBJECTS).get(0);
        assertEquals("superlance: 6 alerts while a channel failed (2 subjects)", summary.subject());
        assertTrue(summary.body().contains("\n3 x p10\n3 x p11\n"), summary.body());
        String all = String.join("\n", mail.alerts().stream().map(Alert::body).toList());
        for (int round = 0; round < 3; round++) {
            for (int p = 0; p < 12; p++) {
                assertTrue(all.contains("body p" + p + "-" + round + "\n") || all.endsWith("body p" + p + "-" + round),
                        "p" + p + "-" + round + " is in a message");
            }
        }
        assertEquals(0, SpoolFilesCount.in(dir), "each entry removed once its folded message went out");

        // back to normal: one message per alert again
        DeliveryQueue q = queue(List.of(mail), Spool.inMemory(10, List.of("mail")), Duration.ZERO);
        q.submit(alert("n1", "p0"));
        q.submit(alert("n2", "p0"));
        assertTrue(q.drain(Duration.ofSeconds(10)));
        assertEquals(List.of("n1", "n2"), mail.messages.subList(BatchChooser.MAX_SUBJECTS + 1, mail.messages.size()).stream()
                .map(m -> m.get(0).id()).toList());
    }

    /** A digest gathers many crashes already: after an outage each goes out as it is, every line kept. */
    @Test
    void digestsThatPiledUpGoOutAsTheyAre() throws Exception {
        TestChannel mail = new TestChannel("mail");
        mail.down = true;
        DeliveryQueue q = queue(List.of(mail), Spool.inMemory(100, List.of("mail")), Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            q.submit(Alert.of("crashmailbatch", AlertKind.PROCESS_CRASHED, Instant.now()).id("d" + i)
                    .subject("Crash alert from supervisord").body("line " + i).build());
        }
        q.submit(alert("c1", "web"));
        q.submit(alert("c2", "web"));
        int failed = mail.calls.get();
        await(() -> mail.calls.get() >= failed + 2, "attempts after the last alert came in");
        mail.down = false;
        assertTrue(q.drain(Duration.ofSeconds(10)));
        assertEquals(List.of("d0", "d1", "d2", "c1-o2"), mail.alerts().stream().map(Alert::id).toList());
    }

    /** The spool's entries on disk. */
    static final class SpoolFilesCount {
        static int in(Path dir) throws java.io.IOException {
            try (var files = java.nio.file.Files.list(dir)) {
                // not a half-written copy the queue is about to rename over an entry
                return (int) files.map(f -> f.getFileName().toString())
                        .filter(n -> n.endsWith(".alert") && !n.startsWith(io.superlance.alert.spool.AtomicFile.TMP_PREFIX)).count();
            }
        }
    }

    @Test
    void stormControlHoldsAlertsTiedToNoProgramToo() throws Exception {
        TestChannel c = new TestChannel("c");
        DeliveryQueue q = queue(List.of(c), Spool.inMemory(100, List.of("c")), Duration.ofMillis(300));
        for (int i = 0; i < 4; i++) {
            q.submit(Alert.of("httpok", AlertKind.HTTP_BAD_METRIC, Instant.now()).id("m" + i).subject("httpok: bad metric")
                    .body("body m" + i).incident("h/httpok/url check").build());
        }
        assertTrue(q.drain(Duration.ofSeconds(10)));
        assertEquals(2, c.messages.size(), c.alerts().stream().map(Alert::id).toList().toString());
        assertEquals("m0", c.messages.get(0).get(0).id());
        assertTrue(c.messages.get(1).get(0).body().startsWith("3 alerts for h/httpok/url check within 300ms (--min-interval)"),
                c.messages.get(1).get(0).body());
    }

    @Test
    void aChannelIsNotOfferedWhatItDoesNotTake() throws Exception {
        TestChannel mail = new TestChannel("mail");
        mail.takesResolved = false;
        TestChannel alertmanager = new TestChannel("alertmanager");
        List<Channel> channels = List.of(mail, alertmanager);
        DeliveryQueue q = queue(channels, Spool.inMemory(10, DeliveryQueue.keys(channels)), Duration.ZERO);
        Alert resolved = Alert.of("crashmail", AlertKind.PROCESS_CRASHED, Instant.now()).id("r").subject("s").body("b")
                .process(new ProcessId("p", "p")).pid(1).state("RUNNING").resolved(true).build();
        q.submit(alert("a", "p"));
        q.submit(resolved);
        assertTrue(q.drain(Duration.ofSeconds(10)));
        assertEquals(List.of("a"), mail.alerts().stream().map(Alert::id).toList());
        assertEquals(List.of("a", "r"), alertmanager.alerts().stream().map(Alert::id).toList());

        DeliveryQueue mailOnly = queue(List.of(mail), Spool.inMemory(10, List.of("mail")), Duration.ZERO);
        mailOnly.submit(resolved);
        assertEquals(0, mailOnly.pending(), "not even kept");
    }

    /** Issue 15 item 1: the next start used to deliver 0 of what the exit message said stays in the spool. */
    @Test
    void aSpoolDirectoryRemovedWhileRunningLosesNothing() throws Exception {
        Path spoolDir = dir.resolve("spool");
        TestChannel hangs = new TestChannel("mail");
        hangs.gate = new CountDownLatch(1); // never released: the alerts are pending at exit
        Spool spool = Spool.open(spoolDir, 100, List.of("mail"));
        DeliveryQueue q = queue(List.of(hangs), spool, Duration.ZERO);
        q.submit(alert("a", "p"));
        q.submit(alert("b", "p"));
        try (var all = java.nio.file.Files.walk(spoolDir)) {
            for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(f);
            }
        }
        assertTrue(!q.drain(Duration.ofMillis(200)));
        spool.close();

        TestChannel mail = new TestChannel("mail");
        try (Spool again = Spool.open(spoolDir, 100, List.of("mail"))) {
            assertTrue(queue(List.of(mail), again, Duration.ZERO).drain(Duration.ofSeconds(10)));
            assertEquals(List.of("a", "b"), mail.alerts().stream().map(Alert::id).toList());
        }
        hangs.gate.countDown();
    }
}
