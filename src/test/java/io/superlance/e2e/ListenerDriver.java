package io.superlance.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * supervisord's side of the eventlistener protocol against one listener process: the built image, or the
 * listener's classes on this JVM's {@code java}. Waits for READY, writes one event framed as supervisord
 * frames it, reads {@code RESULT 2\nOK} and the next READY, and times the acknowledgement; any other byte
 * on stdout is a protocol error. The process gets supervisord's environment for listeners, its state
 * directory in the test's directory, and its stderr in a file.
 */
public final class ListenerDriver implements AutoCloseable {
    /** What the header's {@code len} counts (COMPAT.md): supervisord on Python 3 counts characters, on Python 2 bytes. */
    public enum Len {
        CHARACTERS, BYTES
    }

    private static final byte[] READY = "READY\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESULT = "RESULT 2\nOK".getBytes(StandardCharsets.US_ASCII);

    private final Process process;
    private final OutputStream in;
    private final InputStream out;
    private final Path stderr;
    private final String pool;
    private Len len = Len.CHARACTERS;
    // Rising across drivers, as supervisord's serials do across a listener's restarts: a listener
    // started again on the same spool directory takes a repeated serial for an event sent again.
    private static final java.util.concurrent.atomic.AtomicInteger SERIALS = new java.util.concurrent.atomic.AtomicInteger();
    private long slowestAck;

    private ListenerDriver(Process process, Path stderr, String pool) {
        this.process = process;
        this.in = process.getOutputStream();
        this.out = process.getInputStream();
        this.stderr = stderr;
        this.pool = pool;
    }

    /**
     * {@code superlance ARGS} from the built image, or with {@code -Dsuperlance.listener=jvm} from the classes
     * on this JVM's class path, run by its java (to debug a listener, or without building the image; what
     * only the image has, such as its launcher's options, is then missing). The listener's files go under {@code dir}.
     */
    public static Builder superlance(Path dir, String... args) {
        if ("jvm".equals(System.getProperty("superlance.listener"))) {
            return command(dir, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    concat(List.of("-cp", System.getProperty("java.class.path"), "io.superlance.cli.Main"), List.of(args)));
        }
        return command(dir, Supervisord.launcher().toString(), List.of(args));
    }

    /** {@code EXECUTABLE ARGS}, e.g. another image's launcher. */
    public static Builder command(Path dir, String executable, List<String> args) {
        return new Builder(dir, concat(List.of(executable), args));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public static final class Builder {
        private final Path dir;
        private final List<String> command;
        private final Map<String, String> env = new LinkedHashMap<>();
        private String stderrName;
        private boolean discardStderr;

        private Builder(Path dir, List<String> command) {
            this.dir = dir;
            this.command = command;
            env.put("SUPERVISOR_SERVER_URL", "unix:///nonexistent/supervisor.sock");
            env.put("SUPERVISOR_PROCESS_NAME", "driven");
            env.put("SUPERVISOR_GROUP_NAME", "driven");
            env.put("SUPERVISOR_ENABLED", "1");
            env.put("SUPERLANCE_STATE_DIR", dir.resolve("state").toString());
        }

        /** Adds to the environment; a null value removes the variable. */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Builder env(Map<String, String> more) {
            env.putAll(more);
            return this;
        }

        /** The listener's name as supervisord would set it: its pool, its spool and state directory. */
        public Builder named(String name) {
            env.put("SUPERVISOR_PROCESS_NAME", name);
            env.put("SUPERVISOR_GROUP_NAME", name);
            return this;
        }

        /** Talks to this supervisord (restarts, process states): the listener runs outside it, on our events. */
        public Builder rpc(Supervisord s) {
            env.put("SUPERVISOR_SERVER_URL", s.socketUrl());
            return this;
        }

        /** As started from a shell: no SUPERVISOR_* variables at all. */
        public Builder outsideSupervisord() {
            for (String name : List.of("SUPERVISOR_SERVER_URL", "SUPERVISOR_PROCESS_NAME", "SUPERVISOR_GROUP_NAME",
                    "SUPERVISOR_ENABLED", "SUPERVISOR_USERNAME", "SUPERVISOR_PASSWORD")) {
                env.put(name, null);
            }
            return this;
        }

        /** stderr goes to {@code dir/NAME} (default: the listener's name and a number, {@code .stderr}). */
        public Builder stderr(String name) {
            stderrName = name;
            return this;
        }

        public Builder discardStderr() {
            discardStderr = true;
            return this;
        }

        /** Starts the process and waits for its first READY. */
        public ListenerDriver start() throws IOException {
            ListenerDriver d = launch();
            try {
                d.awaitReady();
            } catch (IOException e) {
                d.close();
                throw e;
            }
            return d;
        }

        /** Starts the process; what it writes first is up to the test. */
        public ListenerDriver launch() throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command);
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            Path err = null;
            if (discardStderr) {
                pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            } else {
                Files.createDirectories(dir);
                String name = stderrName != null ? stderrName
                        : env.getOrDefault("SUPERVISOR_PROCESS_NAME", "listener") + "-" + System.nanoTime() + ".stderr";
                err = dir.resolve(name);
                pb.redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
            }
            String pool = env.get("SUPERVISOR_PROCESS_NAME") == null ? "driven" : env.get("SUPERVISOR_PROCESS_NAME");
            return new ListenerDriver(pb.start(), err, pool);
        }
    }

    /** Starts every listener at once (a JVM start each, side by side), then waits for each one's READY. */
    public static List<ListenerDriver> startAll(List<Builder> builders) throws IOException {
        List<ListenerDriver> started = new ArrayList<>();
        try {
            for (Builder b : builders) {
                started.add(b.launch());
            }
            for (ListenerDriver d : started) {
                d.awaitReady();
            }
            return started;
        } catch (IOException | RuntimeException e) {
            started.forEach(ListenerDriver::close);
            throw e;
        }
    }

    public long pid() {
        return process.pid();
    }

    /** How the next events' len is counted. */
    public ListenerDriver len(Len counts) {
        len = counts;
        return this;
    }

    /** Reads the first READY; throws when anything else comes. */
    public void awaitReady() throws IOException {
        expect(READY);
    }

    /**
     * Sends one event framed as supervisord frames it and waits for its acknowledgement and the next READY.
     * @return nanoseconds from the event's first byte written to the RESULT read
     */
    public long send(String eventName, String payload) throws IOException {
        int serial = SERIALS.incrementAndGet();
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        int length = len == Len.BYTES ? body.length : payload.codePointCount(0, payload.length());
        byte[] header = ("ver:3.0 server:supervisor serial:" + serial + " pool:" + pool + " poolserial:" + serial
                + " eventname:" + eventName + " len:" + length + "\n").getBytes(StandardCharsets.US_ASCII);
        long t0 = System.nanoTime();
        in.write(header);
        in.write(body);
        in.flush();
        expect(RESULT);
        long t = System.nanoTime() - t0;
        slowestAck = Math.max(slowestAck, t);
        expect(READY);
        return t;
    }

    /** An unexpected exit (kill -9) of {@code group:name}. */
    public long crash(String group, String name, int pid) throws IOException {
        return send("PROCESS_STATE_EXITED", "processname:" + name + " groupname:" + group
                + " from_state:RUNNING expected:0 pid:" + pid);
    }

    /** A line {@code group:name} wrote on {@code channel} (stdout or stderr), as stdout_events_enabled sends it. */
    public long output(String group, String name, int pid, String channel, String data) throws IOException {
        return send("PROCESS_LOG_" + channel.toUpperCase(), "processname:" + name + " groupname:" + group + " pid:" + pid
                + " channel:" + channel + "\n" + data);
    }

    /** The longest any event waited for its acknowledgement so far, in nanoseconds. */
    public long slowestAck() {
        return slowestAck;
    }

    /**
     * Sends each listener a TICK_5 every {@code period} until its own goal holds (from then on it gets no more):
     * a test about a monitor's decisions then waits for the checks, not for supervisord's 5 s.
     */
    public static void tickUntil(Duration timeout, Duration period, Map<ListenerDriver, Await.Condition> goals) throws Exception {
        Await.until(timeout, period, () -> {
            for (Map.Entry<ListenerDriver, Await.Condition> g : goals.entrySet()) {
                if (!g.getValue().holds()) {
                    g.getKey().tick5();
                }
            }
        }, () -> {
            for (Await.Condition goal : goals.values()) {
                if (!goal.holds()) {
                    return false;
                }
            }
            return true;
        }, () -> {
            StringBuilder b = new StringBuilder("the logs of the listeners still ticked:");
            for (Map.Entry<ListenerDriver, Await.Condition> g : goals.entrySet()) {
                if (!g.getValue().holds()) {
                    b.append("\n---\n").append(g.getKey().log());
                }
            }
            return b.toString();
        });
    }

    /** {@code TICK_5}, {@code TICK_60} or {@code TICK_3600}, as of now. */
    public long tick(String name) throws IOException {
        return send(name, "when:" + System.currentTimeMillis() / 1000);
    }

    public long tick5() throws IOException {
        return tick("TICK_5");
    }

    /** Bytes as they are, for what supervisord would never send. */
    public void write(String raw) throws IOException {
        in.write(raw.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /**
     * EOF on stdin, as when supervisord stops; waits for the exit status. Anything on stdout after the
     * last READY is a protocol error.
     */
    public int closeAndWait(long seconds) throws IOException, InterruptedException {
        in.close();
        int status = exitStatus(seconds);
        String rest = restOfStdout();
        if (!rest.isEmpty()) {
            throw new IOException("stdout after the last READY: '" + rest.replace("\n", "\\n") + "'\n" + log());
        }
        return status;
    }

    /** Waits for the process to exit by itself. */
    public int exitStatus(long seconds) throws IOException, InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("listener still running after " + seconds + " s\n" + log());
        }
        return process.exitValue();
    }

    /** What is left on stdout, up to EOF. */
    public String restOfStdout() throws IOException {
        return new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }

    /**
     * SIGTERM, as supervisord stops a listener; waits for the exit status. (Process.destroy would also close
     * the pipes on our side, which the listener sees as EOF on stdin, as if supervisord had gone.)
     */
    public int term(long seconds) throws IOException, InterruptedException {
        process.toHandle().destroy();
        return exitStatus(seconds);
    }

    /** SIGTERM and EOF on stdin at the same moment, as when supervisord itself shuts down; waits for the exit status. */
    public int termAndClose(long seconds) throws IOException, InterruptedException {
        in.close();
        process.toHandle().destroy();
        return exitStatus(seconds);
    }

    /** SIGKILL: no shutdown hook, no drain. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** What the listener wrote to stderr so far. */
    public String log() throws IOException {
        return stderr != null && Files.exists(stderr) ? Files.readString(stderr) : "";
    }

    public void awaitLog(String text, Duration timeout) throws Exception {
        Await.count(this::log, text, 1, timeout);
    }

    private void expect(byte[] token) throws IOException {
        byte[] got = out.readNBytes(token.length);
        if (!Arrays.equals(token, got)) {
            throw new IOException("protocol error: expected '" + show(token) + "' on stdout, got '" + show(got) + "'\n" + log());
        }
    }

    private static String show(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).replace("\n", "\\n");
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
