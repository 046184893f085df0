package io.superlance.listener;

import io.superlance.log.Log;
import io.superlance.monitor.Action;
import io.superlance.monitor.Probe;
import io.superlance.monitor.Snapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckWorkerTest {
    /**
     * Processes, then a GET, then a restart, then a report of its effect: the rounds a httpok check has,
     * as the decisions its runtime hands back to the worker.
     */
    static class Scripted implements Function<Snapshot, Work> {
        final List<Snapshot> seen = Collections.synchronizedList(new ArrayList<>());
        final List<String> reports = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch reported = new CountDownLatch(1);

        @Override
        public Work apply(Snapshot s) {
            seen.add(s);
            if (s.effects() != null) {
                reports.add(String.join(",", s.effects().get(0).report()));
                reported.countDown();
                return new Work(null, List.of(), null);
            }
            if (s.http() == null) {
                return new Work("more", List.of(), List.of(new Probe.HttpGet("http://x/", Duration.ofSeconds(1))));
            }
            return new Work(null, List.of(new Action.Log("restarting"), new Action.Restart(s.processes().get(0))), null);
        }
    }

    static final Work TICK = new Work("TICK_5", List.of(), List.of(new Probe.Processes()));

    @Test
    void runsTheRoundsInOrder_andSkipsATickWhileTheCheckRuns() throws Exception {
        FakeOperations ops = new FakeOperations();
        CheckWorker worker = new CheckWorker(Log.of("scripted"), ops, (what, error) -> { });
        Scripted monitor = new Scripted();

        assertTrue(worker.submit(TICK, monitor));
        assertTrue(ops.restartStarted.await(5, TimeUnit.SECONDS));
        assertTrue(worker.busy());
        assertFalse(worker.submit(TICK, monitor), "a tick during a running check is skipped");
        ops.releaseRestart.countDown();

        assertTrue(monitor.reported.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("processes", "get http://x/", "restart web"), ops.calls);
        assertEquals("web restarted", monitor.reports.get(0));
        assertEquals(3, monitor.seen.size());
        assertEquals(500, monitor.seen.get(1).http().status());
        worker.stop(Duration.ofSeconds(2));
        assertFalse(worker.busy());
    }

    @Test
    void aFailedProbeAbandonsTheCheck_andTheNextOneRuns() throws Exception {
        FakeOperations ops = new FakeOperations();
        CheckWorker worker = new CheckWorker(Log.of("memory-hungry"), ops, (what, error) -> { });
        List<Snapshot> decided = Collections.synchronizedList(new ArrayList<>());
        Function<Snapshot, Work> memoryHungry = s -> {
            decided.add(s);
            return new Work(null, List.of(), null);
        };
        Work check = new Work("TICK_5", List.of(), List.of(new Probe.Processes(), new Probe.Memory()));
        assertTrue(worker.submit(check, memoryHungry));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (worker.busy() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of(), decided, "no decision on half the facts");
        assertTrue(worker.submit(check, memoryHungry), "the worker is free again");
        worker.stop(Duration.ofSeconds(2));
    }

    @Test
    void stoppingWaitsForARestartUnderWay_soTheProgramIsNotLeftStopped() throws Exception {
        FakeOperations ops = new FakeOperations();
        CheckWorker worker = new CheckWorker(Log.of("scripted"), ops, (what, error) -> { });
        assertTrue(worker.submit(TICK, new Scripted()));
        assertTrue(ops.restartStarted.await(5, TimeUnit.SECONDS));

        Thread stopper = new Thread(() -> worker.stop(Duration.ofMillis(50)));
        stopper.start();
        stopper.join(500);
        assertTrue(stopper.isAlive(), "stop must wait for the restart, not only the 50 ms a check gets");
        ops.releaseRestart.countDown();
        stopper.join(5000);
        assertFalse(stopper.isAlive());
        assertFalse(worker.busy(), "the restart and its check finished");
    }

    @Test
    void noRestartBeginsOnceTheListenerIsStopping() throws Exception {
        CountDownLatch inGet = new CountDownLatch(1);
        CountDownLatch releaseGet = new CountDownLatch(1);
        FakeOperations ops = new FakeOperations() {
            @Override
            public Snapshot.HttpResult get(Probe.HttpGet get) {
                inGet.countDown();
                try {
                    releaseGet.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.get(get);
            }
        };
        CheckWorker worker = new CheckWorker(Log.of("scripted"), ops, (what, error) -> { });
        assertTrue(worker.submit(TICK, new Scripted()));
        assertTrue(inGet.await(5, TimeUnit.SECONDS));

        Thread stopper = new Thread(() -> worker.stop(Duration.ofSeconds(5)));
        stopper.start();
        Thread.sleep(100); // stop has begun: the check's restart, decided after the GET, must not start
        releaseGet.countDown();
        stopper.join(5000);
        assertFalse(stopper.isAlive());
        assertEquals(List.of("processes", "get http://x/"), ops.calls);
    }
}
