package io.superlance.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built image as supervisord would run a listener and speaks the protocol on its stdin and
 * stdout: waits for READY, writes one event, reads the RESULT. stderr goes to a file.
 */
public final class ListenerDriver implements AutoCloseable {
    private final Process process;
    private final OutputStream in;
    private final InputStream out;
    private final Path stderr;
    private int serial;

    private ListenerDriver(Process process, Path stderr) {
        this.process = process;
        this.in = process.getOutputStream();
        this.out = process.getInputStream();
        this.stderr = stderr;
    }

    /**
     * @param env added to a minimal supervisord-like environment (SUPERVISOR_SERVER_URL, _PROCESS_NAME)
     */
    public static ListenerDriver start(Path stderr, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Supervisord.launcher().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        pb.environment().put("SUPERVISOR_SERVER_URL", "unix:///nonexistent/supervisor.sock");
        pb.environment().put("SUPERVISOR_PROCESS_NAME", "driven");
        pb.environment().put("SUPERVISOR_ENABLED", "1");
        pb.environment().putAll(env);
        ListenerDriver d = new ListenerDriver(pb.start(), stderr);
        d.expect("READY\n");
        return d;
    }

    /** Sends one event and waits for its acknowledgement and the next READY. @return nanoseconds from write to RESULT */
    public long send(String eventName, String payload) throws IOException {
        serial++;
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        String header = "ver:3.0 server:supervisor serial:" + serial + " pool:driven poolserial:" + serial
                + " eventname:" + eventName + " len:" + body.length + "\n";
        long t0 = System.nanoTime();
        in.write(header.getBytes(StandardCharsets.US_ASCII));
        in.write(body);
        in.flush();
        expect("RESULT 2\nOK");
        long t = System.nanoTime() - t0;
        expect("READY\n");
        return t;
    }

    public long crash(String group, String name, int pid) throws IOException {
        return send("PROCESS_STATE_EXITED", "processname:" + name + " groupname:" + group
                + " from_state:RUNNING expected:0 pid:" + pid);
    }

    public long tick5() throws IOException {
        return send("TICK_5", "when:" + System.currentTimeMillis() / 1000);
    }

    /** EOF on stdin, as when supervisord stops; waits for the exit status. */
    public int closeAndWait(long seconds) throws IOException, InterruptedException {
        in.close();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("listener did not exit within " + seconds + " s after EOF\n" + log());
        }
        return process.exitValue();
    }

    /** SIGTERM, as supervisord stops a listener; waits for the exit status. */
    public int term(long seconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("listener did not exit within " + seconds + " s after SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no drain. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public String log() throws IOException {
        return Files.exists(stderr) ? Files.readString(stderr) : "";
    }

    private void expect(String token) throws IOException {
        byte[] want = token.getBytes(StandardCharsets.US_ASCII);
        byte[] got = out.readNBytes(want.length);
        if (!java.util.Arrays.equals(want, got)) {
            throw new IOException("expected " + token.replace("\n", "\\n") + " on stdout, got '"
                    + new String(got, StandardCharsets.UTF_8).replace("\n", "\\n") + "'\n" + log());
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
