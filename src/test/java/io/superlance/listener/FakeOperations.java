package io.superlance.listener;

import io.superlance.monitor.Action;
import io.superlance.monitor.CheckingMonitor;
import io.superlance.monitor.Effect;
import io.superlance.monitor.HttpGet;
import io.superlance.monitor.HttpResult;
import io.superlance.proc.ProcessTree;
import io.superlance.rpc.ProcessInfo;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The test tree's one stand-in for a monitor's I/O, recording what was asked. By default: one RUNNING
 * program, no /proc, a URL answering 500, pings that fail, and a restart that blocks until released (a
 * program taking its stopwaitsecs). Tests of a monitor set what supervisord, /proc and the URL answer
 * and what restarts do ({@link #restarting}), then drive one check with {@link #check}.
 */
public class FakeOperations implements Operations {
    public static final ProcessInfo WEB = new ProcessInfo("web", "web", 20, "RUNNING", 100, 1, 2, 0, "");

    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    public final List<Action.Ping> pings = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch restartStarted = new CountDownLatch(1);
    final CountDownLatch releaseRestart = new CountDownLatch(1);
    /** What pings answer: null when the endpoint takes them. */
    public volatile String pingError = "Connection refused";
    /** What GETs answer, unless {@link #answer} is set. */
    public volatile int status = 500;
    private volatile List<ProcessInfo> processes = List.of(WEB);
    private volatile ProcessTree memory; // null: no /proc
    private volatile HttpResult answer;
    private volatile Function<Action, Effect> effects = a -> new Effect(a, null, null,
            a instanceof Action.Restart ? List.of("web restarted") : List.of());
    // What the check under way decided and did, in order; see check().
    private final List<Action> transcript = Collections.synchronizedList(new ArrayList<>());

    /** What supervisord's process list answers. */
    public FakeOperations processes(List<ProcessInfo> processes) {
        this.processes = List.copyOf(processes);
        return this;
    }

    /** What /proc answers. */
    public FakeOperations memory(ProcessTree memory) {
        this.memory = memory;
        return this;
    }

    /** What the GET answers. */
    public FakeOperations answer(HttpResult answer) {
        this.answer = answer;
        return this;
    }

    /** What each restart and core dump does; they no longer block. */
    public FakeOperations restarting(Function<Action, Effect> effects) {
        this.effects = effects;
        releaseRestart.countDown();
        return this;
    }

    /**
     * Runs {@code monitor}'s check here, on this thread, as its check worker would, every decision of it at
     * {@code now}. @return what it decided (alerts, log lines, check results) and the I/O it did (restarts,
     * core dumps, pings, as their actions), in order
     */
    public List<Action> check(CheckingMonitor monitor, Instant now) throws IOException {
        transcript.clear();
        monitor.check("TICK_60", this, new CheckingMonitor.Guard() {
            @Override
            public <T> T decide(CheckingMonitor.Decision<T> decision) {
                List<Action> actions = new ArrayList<>();
                T value = decision.decide(now, actions);
                transcript.addAll(actions);
                return value;
            }
        });
        return List.copyOf(transcript);
    }

    @Override
    public List<ProcessInfo> processes() {
        calls.add("processes");
        return processes;
    }

    @Override
    public ProcessTree memory() throws IOException {
        calls.add("memory");
        if (memory == null) {
            throw new IOException("no /proc here");
        }
        return memory;
    }

    @Override
    public HttpResult get(HttpGet get) {
        calls.add("get " + get.url());
        if (answer != null) {
            return answer;
        }
        int s = status;
        return new HttpResult(get.url(), s, s == 200 ? "OK" : "Internal Server Error", "", null);
    }

    @Override
    public Effect restart(Action.Restart restart) {
        calls.add("restart " + restart.process().id());
        transcript.add(restart);
        restartStarted.countDown();
        try {
            releaseRestart.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return effects.apply(restart);
    }

    @Override
    public Effect dumpCore(Action.DumpCore dump) {
        calls.add("gcore");
        transcript.add(dump);
        return effects.apply(dump);
    }

    @Override
    public String ping(Action.Ping ping) {
        pings.add(ping);
        transcript.add(ping);
        return pingError;
    }
}
