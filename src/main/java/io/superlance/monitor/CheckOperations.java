package io.superlance.monitor;

import io.superlance.proc.ProcessTree;
import io.superlance.rpc.ProcessInfo;

import java.io.IOException;
import java.util.List;

/** The I/O a {@link CheckingMonitor}'s check calls, in its order, on its check thread and never under its lock. */
public interface CheckOperations {
    /** Every supervised process's info (supervisor.getAllProcessInfo), the listener itself left out. */
    List<ProcessInfo> processes() throws IOException;

    /** The RSS and parent of every process on the machine. */
    ProcessTree memory() throws IOException;

    /** Never throws: no answer is a result too. */
    HttpResult get(HttpGet get);

    /** Never throws: a failure is in the effect. Null when it was not begun: the listener is stopping. */
    Effect restart(Action.Restart restart);

    /** Never throws: a failure is in the effect. Null when it was not begun: the listener is stopping. */
    Effect dumpCore(Action.DumpCore dump);

    /** Never throws. @return null when the endpoint took the ping, else why not, in one line */
    String ping(Action.Ping ping);
}
