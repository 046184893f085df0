package io.superlance.listener;

import io.superlance.log.Log;
import io.superlance.monitor.Action;
import io.superlance.monitor.CheckOperations;
import io.superlance.monitor.Effect;
import io.superlance.monitor.HttpGet;
import io.superlance.monitor.HttpResult;
import io.superlance.monitor.RpcFailure;
import io.superlance.proc.ProcessTree;
import io.superlance.rpc.ProcessInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckWorkerTest {
    /** Told nothing: these tests look at the I/O. */
    static final CheckWorker.Told NOTHING = new CheckWorker.Told() {
        @Override
        public void answered(List<ProcessInfo> processes) {
        }

        @Override
        public void unanswered(RpcFailure failure) {
        }

        @Override
        public void restarted(Effect effect) {
        }

        @Override
        public void pinged(String what, String error) {
        }
    };

    /** A httpok-like check: processes, a GET, a restart, and what the restart reported. */
    static class Scripted implements CheckWorker.Check {
        final List<Integer> answers = Collections.synchronizedList(new ArrayList<>());
        final List<String> reports = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch reported = new CountDownLatch(1);

        @Override
        public void run(CheckOperations ops) throws IOException {
            List<ProcessInfo> processes = ops.processes();
            answers.add(ops.get(new HttpGet("http://x/", Duration.ofSeconds(1))).status());
            Effect e = ops.restart(new Action.Restart(processes.get(0)));
            if (e != null) {
                reports.add(String.join(",", e.report()));
                reported.countDown();
            }
        }
    }

    static final String TICK = "TICK_5";

    @Test
    void runsTheRoundsInOrder_andSkipsATickWhileTheCheckRuns() throws Exception {
        FakeOperations ops = new FakeOperations();
        CheckWorker worker = new CheckWorker(Log.of("scripted"), ops, NOTHING);
        Scripted monitor = new Scripted();

        assertTrue(worker.submit(TICK, monitor));
        assertTrue(ops.restartStarted.await(5, TimeUnit.SECONDS));
        assertTrue(worker.busy());
        assertFalse(worker.submit(TICK, monitor), "a tick during a running check is skipped");
        ops.releaseRestart.countDown();

        assertTrue(monitor.reported.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("processes", "get http://x/", "restart web"), ops.calls);
        assertEquals("web restarted", monitor.reports.get(0));
        assertEquals(List.of(500), monitor.answers);
        worker.stop(Duration.ofSeconds(2));
        assertFalse(worker.busy());
    }

    @Test
    void aFailedProbeAbandonsTheCheck_andTheNextOneRuns() throws Exception {
        FakeOperations ops = new FakeOperations();
        CheckWorker worker = new CheckWorker(Log.of("memory-hungry"), ops, NOTHING);
        List<ProcessTree> decided = Collections.synchronizedList(new ArrayList<>());
        CheckWorker.Check memoryHungry = io -> {
            io.processes();
            decided.add(io.memory());
        };
        assertTrue(worker.submit(TICK, memoryHungry));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (worker.busy() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of(), decided, "no decision on half the facts");
        assertTrue(worker.submit(TICK, memoryHungry), "the worker is free again");
        worker.stop(Duration.ofSeconds(2));
    }

    @Test
    void stoppingWaitsForARestartUnderWay_soTheProgramIsNotLeftStopped() throws Exception {
        FakeOperations ops = new FakeOperations();
        CheckWorker worker = new CheckWorker(Log.of("scripted"), ops, NOTHING);
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
            public HttpResult get(HttpGet get) {
                inGet.countDown();
                try {
                    releaseGet.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.get(get);
            }
        };
        CheckWorker worker = new CheckWorker(Log.of("scripted"), ops, NOTHING);
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
