package io.superlance.listener;

import io.superlance.monitor.Action;
import io.superlance.monitor.Probe;
import io.superlance.monitor.Snapshot;
import io.superlance.proc.ProcessTree;
import io.superlance.rpc.ProcessInfo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Operations that record what was asked: one RUNNING program, no /proc, a URL answering 500, pings
 * that fail, and a restart that blocks until released (a program taking its stopwaitsecs).
 */
class FakeOperations implements Operations {
    static final ProcessInfo WEB = new ProcessInfo("web", "web", 20, "RUNNING", 100, 1, 2, 0, "");

    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<Action.Ping> pings = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch restartStarted = new CountDownLatch(1);
    final CountDownLatch releaseRestart = new CountDownLatch(1);
    /** What pings answer: null when the endpoint takes them. */
    volatile String pingError = "Connection refused";
    /** What GETs answer. */
    volatile int status = 500;

    @Override
    public List<ProcessInfo> processes() {
        calls.add("processes");
        return List.of(WEB);
    }

    @Override
    public ProcessTree memory() throws IOException {
        calls.add("memory");
        throw new IOException("no /proc here");
    }

    @Override
    public Snapshot.HttpResult get(Probe.HttpGet get) {
        calls.add("get " + get.url());
        int s = status;
        return new Snapshot.HttpResult(get.url(), s, s == 200 ? "OK" : "Internal Server Error", "", null);
    }

    @Override
    public Snapshot.Effect restart(Action.Restart restart) {
        calls.add("restart " + restart.process().id());
        restartStarted.countDown();
        try {
            releaseRestart.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Snapshot.Effect(restart, null, null, List.of("web restarted"));
    }

    @Override
    public Snapshot.Effect dumpCore(Action.DumpCore dump) {
        calls.add("gcore");
        return new Snapshot.Effect(dump, null, null, List.of());
    }

    @Override
    public String ping(Action.Ping ping) {
        pings.add(ping);
        return pingError;
    }
}
