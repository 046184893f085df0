package io.superlance.listener;

import io.superlance.alert.silence.Silence;
import io.superlance.alert.silence.Silences;
import io.superlance.http.Redacted;
import io.superlance.log.Log;
import io.superlance.monitor.Action;
import io.superlance.monitor.Effect;
import io.superlance.monitor.HttpGet;
import io.superlance.monitor.HttpResult;
import io.superlance.monitor.OutputTail;
import io.superlance.monitor.RpcFailure;
import io.superlance.proc.ProcessTable;
import io.superlance.proc.ProcessTree;
import io.superlance.protocol.ProcessId;
import io.superlance.rpc.ProcessInfo;
import io.superlance.rpc.RpcException;
import io.superlance.rpc.RpcFault;
import io.superlance.rpc.SupervisorClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@link Operations} on the real thing: supervisord's XML-RPC, /proc (or ps), okhttp, /bin/sh for gcore. */
final class LiveOperations implements Operations {
    private static final long GCORE_SECONDS = 120;

    private final Map<String, String> env;
    private SupervisorClient rpc;
    private ProcessTable table;
    private HttpProbe http;
    private HttpPing pings;

    private final String monitor;
    private final java.util.function.Supplier<Silences> silences;

    LiveOperations(Map<String, String> env) {
        this(env, null, () -> Silences.NONE);
    }

    /** @param silences the host's silences: one with --pause-actions stops {@code monitor}'s restarts of its programs */
    LiveOperations(Map<String, String> env, String monitor, java.util.function.Supplier<Silences> silences) {
        this.env = env;
        this.monitor = monitor;
        this.silences = silences;
    }

    /**
     * The one place a silence's --pause-actions stops a restart (or the core dump before it): null, as for a
     * restart not begun, so the monitor neither alerts about it nor counts it as done.
     */
    private boolean paused(ProcessId process, String doing) {
        Silence s = silences.get().pausing(monitor, process, java.time.Instant.now());
        if (s != null) {
            Log.of(monitor).info(process.namespec() + " not " + doing + ": silenced (silence " + s.id()
                    + (s.reason().isBlank() ? "" : ", " + s.reason()) + ")");
        }
        return s != null;
    }

    private SupervisorClient rpc() {
        if (rpc == null) {
            rpc = SupervisorClient.fromEnv(env);
        }
        return rpc;
    }

    /** supervisord lists its event listeners too: never restart ourselves (superlance's -a would). */
    @Override
    public List<ProcessInfo> processes() throws IOException {
        String ownName = env.get("SUPERVISOR_PROCESS_NAME");
        String ownGroup = env.get("SUPERVISOR_GROUP_NAME");
        List<ProcessInfo> all = new ArrayList<>();
        for (ProcessInfo info : rpc().getAllProcessInfo()) {
            if (!(info.name().equals(ownName) && info.group().equals(ownGroup))) {
                all.add(info);
            }
        }
        return all;
    }

    /** A unix socket's path holds no secret (and is no URL {@link Redacted} can read); an http URL may hold credentials. */
    @Override
    public RpcFailure rpcFailure(Exception failure) {
        String url = env.get("SUPERVISOR_SERVER_URL");
        String why = Log.describe(failure);
        if (url == null || url.startsWith("unix://")) {
            return new RpcFailure(url == null ? "(no SUPERVISOR_SERVER_URL)" : url, why);
        }
        return new RpcFailure(Redacted.url(url), Redacted.in(why, url));
    }

    @Override
    public String output(ProcessId process, OutputTail tail) {
        try {
            return OutputTails.read(rpc(), process, tail);
        } catch (IllegalArgumentException e) { // no or a bad SUPERVISOR_SERVER_URL
            return "(could not read the " + tail.channel() + " log: " + e.getMessage() + ")";
        }
    }

    @Override
    public ProcessTree memory() throws IOException {
        if (table == null) {
            table = ProcessTable.system();
        }
        return table.read();
    }

    @Override
    public HttpResult get(HttpGet get) {
        if (http == null) {
            http = new HttpProbe();
        }
        return http.get(get);
    }

    @Override
    public String ping(Action.Ping ping) {
        if (pings == null) {
            pings = new HttpPing(env);
        }
        return pings.send(ping);
    }

    @Override
    public Effect restart(Action.Restart restart) {
        if (paused(restart.process().id(), "restarted")) {
            return null;
        }
        String ns = restart.process().id().namespec();
        List<String> report = new ArrayList<>();
        report.add(ns + " is in RUNNING state, restarting");
        String stopError = null;
        try {
            rpc().stopProcess(ns, true);
        } catch (RpcFault f) {
            if (f.code() != RpcFault.NOT_RUNNING) {
                stopError = f.getMessage();
            }
        } catch (RpcException e) {
            stopError = e.getMessage();
        }
        if (stopError != null) {
            // superlance's httpok starts it all the same: a stop that faulted may have stopped it anyway
            report.add("Failed to stop process " + ns + ": " + stopError);
        }
        try {
            rpc().startProcess(ns, true);
        } catch (RpcFault f) {
            if (f.code() != RpcFault.ALREADY_STARTED) {
                report.add("Failed to start process " + ns + ": " + f.getMessage());
                return new Effect(restart, stopError != null ? "stop" : "start",
                        stopError != null ? stopError : f.getMessage(), report);
            }
        } catch (RpcException e) {
            report.add("Failed to start process " + ns + ": " + e.getMessage());
            return new Effect(restart, stopError != null ? "stop" : "start",
                    stopError != null ? stopError : e.getMessage(), report);
        }
        report.add(ns + " restarted");
        return new Effect(restart, stopError != null ? "stop" : null, stopError, report);
    }

    @Override
    public Effect dumpCore(Action.DumpCore dump) {
        if (paused(dump.process(), "dumped (gcore)")) {
            return null;
        }
        String ns = dump.process().namespec();
        java.nio.file.Path output = null;
        try {
            // Output to a file, not a pipe: a chatty or stuck gcore cannot block us past the time limit.
            output = java.nio.file.Files.createTempFile("superlance-gcore", ".txt");
            Process p = new ProcessBuilder("/bin/sh", "-c", dump.command()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(GCORE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                String e = dump.command() + " did not finish within " + GCORE_SECONDS + " s";
                return new Effect(dump, "gcore", e, List.of("gcore output for " + ns + ":\n\n " + e));
            }
            String text = new String(readStart(output, 64 * 1024), StandardCharsets.UTF_8);
            boolean ok = p.exitValue() == 0;
            return new Effect(dump, ok ? null : "gcore", ok ? null : "exit status " + p.exitValue(),
                    List.of("gcore output for " + ns + ":\n\n " + text));
        } catch (IOException e) {
            return new Effect(dump, "gcore", e.getMessage(), List.of("gcore output for " + ns + ":\n\n " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Effect(dump, "gcore", "interrupted", List.of());
        } finally {
            if (output != null) {
                try {
                    java.nio.file.Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temp file left behind
                }
            }
        }
    }

    private static byte[] readStart(java.nio.file.Path file, int max) throws IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return in.readNBytes(max);
        }
    }
}
