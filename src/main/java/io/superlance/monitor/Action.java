package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.protocol.ProcessId;
import io.superlance.rpc.ProcessInfo;

import java.util.List;

/** What a monitor wants done about an event. The listener carries it out beside the event loop. */
public sealed interface Action {

    /** Send an alert through the configured channels. */
    record Notify(Alert alert) implements Action {
    }

    /**
     * Gather these facts beside the loop and hand them to the monitor's
     * {@link CheckingMonitor#decide}; one check runs at a time, a new one while another runs is skipped.
     *
     * @param trigger what asked for it, e.g. {@code TICK_60}, for the log
     */
    record Check(String trigger, List<Probe> probes) implements Action {
        public Check {
            probes = List.copyOf(probes);
        }
    }

    /** Stop the process (waiting its stopwaitsecs) and start it again. Only from a check. */
    record Restart(ProcessInfo process) implements Action {
    }

    /** Run {@code command} (by /bin/sh) to dump the process's core before a restart. Only from a check. */
    record DumpCore(ProcessId process, int pid, String command) implements Action {
    }

    /** One line in the listener's log (stderr). */
    record Log(String message) implements Action {
    }
}
