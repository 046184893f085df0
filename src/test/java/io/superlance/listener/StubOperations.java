package io.superlance.listener;

import io.superlance.monitor.Action;
import io.superlance.monitor.Probe;
import io.superlance.monitor.Snapshot;
import io.superlance.proc.ProcessTree;
import io.superlance.rpc.ProcessInfo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Operations for tests: no process, and pings that fail; what a test needs more it overrides. */
class StubOperations implements Operations {
    final List<Action.Ping> pings = Collections.synchronizedList(new ArrayList<>());

    @Override
    public List<ProcessInfo> processes() {
        return List.of();
    }

    @Override
    public ProcessTree memory() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Snapshot.HttpResult get(Probe.HttpGet get) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Snapshot.Effect restart(Action.Restart restart) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Snapshot.Effect dumpCore(Action.DumpCore dump) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String ping(Action.Ping ping) {
        pings.add(ping);
        return "Connection refused";
    }
}
