package io.superlance.listener;

import io.superlance.monitor.Action;
import io.superlance.monitor.OutputTail;
import io.superlance.monitor.Probe;
import io.superlance.monitor.Snapshot;
import io.superlance.proc.ProcessTree;
import io.superlance.protocol.ProcessId;
import io.superlance.rpc.ProcessInfo;

import java.io.IOException;
import java.util.List;

/**
 * A monitor's I/O, never run under its lock: a check's (facts in, restarts, core dumps and pings out) on
 * its check worker's thread; a crash's last output ({@link #output}) on the reading thread before the
 * event is decided.
 */
public interface Operations {
    List<ProcessInfo> processes() throws IOException;

    /** What a failure of {@link #processes} says of supervisord: where it was asked and why it did not answer, secrets masked. */
    default Snapshot.RpcFailure rpcFailure(Exception failure) {
        return new Snapshot.RpcFailure("supervisord", io.superlance.log.Log.describe(failure));
    }

    ProcessTree memory() throws IOException;

    /** Never throws: no answer is a result too. */
    Snapshot.HttpResult get(Probe.HttpGet get);

    /** Never throws: a failure is in the effect. */
    Snapshot.Effect restart(Action.Restart restart);

    /** Never throws: a failure is in the effect. */
    Snapshot.Effect dumpCore(Action.DumpCore dump);

    /**
     * Never throws. @return null when the endpoint took the ping, else why not, in one line.
     * A default so that stand-ins written before pings existed still compile.
     */
    default String ping(Action.Ping ping) {
        return "pings are not supported here";
    }

    /**
     * Never throws: the program's last output for {@code --tail}, its lines newline separated, or one line
     * saying why there are none.
     */
    default String output(ProcessId process, OutputTail tail) {
        return "(the program's output cannot be read here)";
    }
}
