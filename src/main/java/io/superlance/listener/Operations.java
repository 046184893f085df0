package io.superlance.listener;

import io.superlance.monitor.Action;
import io.superlance.monitor.CheckOperations;
import io.superlance.monitor.OutputTail;
import io.superlance.monitor.RpcFailure;
import io.superlance.protocol.ProcessId;

/**
 * A monitor's I/O, never run under its lock: a check's ({@link CheckOperations}: facts in, restarts, core
 * dumps and pings out) on its check thread; a crash's last output ({@link #output}) on the reading thread
 * before the event is decided.
 */
public interface Operations extends CheckOperations {
    /** What a failure of {@link #processes} says of supervisord: where it was asked and why it did not answer, secrets masked. */
    default RpcFailure rpcFailure(Exception failure) {
        return new RpcFailure("supervisord", io.superlance.log.Log.describe(failure));
    }

    /** A default so that stand-ins written before pings existed still compile. */
    @Override
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
