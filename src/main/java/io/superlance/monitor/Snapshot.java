package io.superlance.monitor;

import io.superlance.proc.ProcessTree;
import io.superlance.rpc.ProcessInfo;

import java.util.List;

/**
 * What a check has gathered so far, handed to {@link CheckingMonitor#decide}. Fields the check has not
 * asked for are null. {@code effects} is set on the round after restarts or core dumps: what they did.
 */
public record Snapshot(List<ProcessInfo> processes, ProcessTree memory, HttpResult http, List<Effect> effects) {
    public static final Snapshot EMPTY = new Snapshot(null, null, null, null);

    public Snapshot withProcesses(List<ProcessInfo> p) {
        return new Snapshot(List.copyOf(p), memory, http, effects);
    }

    public Snapshot withMemory(ProcessTree m) {
        return new Snapshot(processes, m, http, effects);
    }

    public Snapshot withHttp(HttpResult h) {
        return new Snapshot(processes, memory, h, effects);
    }

    public Snapshot withEffects(List<Effect> e) {
        return new Snapshot(processes, memory, http, e == null ? null : List.copyOf(e));
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
