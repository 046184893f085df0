package io.superlance.monitor;

import io.superlance.proc.ProcessTree;
import io.superlance.rpc.ProcessInfo;

import java.util.List;

/**
 * What a check has gathered so far, handed to {@link CheckingMonitor#decide}. Fields the check has not
 * asked for are null. {@code effects} is set on the round after restarts or core dumps: what they did.
 * {@code rpcFailure} is set instead of {@code processes} when supervisord did not give them; the check ends there.
 */
public record Snapshot(List<ProcessInfo> processes, ProcessTree memory, HttpResult http, List<Effect> effects,
                       RpcFailure rpcFailure) {
    public static final Snapshot EMPTY = new Snapshot(null, null, null, null, null);

    public Snapshot withProcesses(List<ProcessInfo> p) {
        return new Snapshot(List.copyOf(p), memory, http, effects, rpcFailure);
    }

    public Snapshot withMemory(ProcessTree m) {
        return new Snapshot(processes, m, http, effects, rpcFailure);
    }

    public Snapshot withHttp(HttpResult h) {
        return new Snapshot(processes, memory, h, effects, rpcFailure);
    }

    public Snapshot withEffects(List<Effect> e) {
        return new Snapshot(processes, memory, http, e == null ? null : List.copyOf(e), rpcFailure);
    }

    public Snapshot withRpcFailure(RpcFailure f) {
        return new Snapshot(processes, memory, http, effects, f);
    }

    /**
     * supervisord's process list could not be read.
     *
     * @param url   SUPERVISOR_SERVER_URL, its secrets masked
     * @param error why, in one line, its secrets masked
     */
    public record RpcFailure(String url, String error) {
    }

    /**
     * The answer to a GET.
     *
     * @param status -1 when there was no answer; then {@code error} says why
     */
    public record HttpResult(String url, int status, String reason, String body, String error) {
        public boolean answered() {
            return status >= 0;
        }
    }

    /**
     * What a {@link Action.Restart} or {@link Action.DumpCore} did.
     *
     * @param failedStep null when it worked, else {@code stop}, {@code start} or {@code gcore}
     * @param error      the failure in one line, or null
     * @param report     lines for the alert, as superlance's httpok writes them
     */
    public record Effect(Action action, String failedStep, String error, List<String> report) {
        public boolean ok() {
            return failedStep == null;
        }
    }
}
