package io.superlance.rpc;

import io.superlance.protocol.ProcessId;

import java.time.Duration;

/**
 * One entry of {@code supervisor.getAllProcessInfo()}.
 *
 * @param state  supervisord's state code (20 RUNNING, 0 STOPPED, 10 STARTING, ...)
 * @param pid    0 when not running
 * @param start  epoch seconds of the last start, 0 if never started
 * @param now    supervisord's clock when it answered, epoch seconds
 */
public record ProcessInfo(String name, String group, int state, String stateName, int pid, long start, long now,
                          int exitStatus, String description) {
    public static final int RUNNING = 20;

    public ProcessId id() {
        return new ProcessId(group, name);
    }

    public boolean running() {
        return state == RUNNING;
    }

    /** How long it has been up by supervisord's clock; zero when not started. */
    public Duration uptime() {
        return start <= 0 || now < start ? Duration.ZERO : Duration.ofSeconds(now - start);
    }
}
