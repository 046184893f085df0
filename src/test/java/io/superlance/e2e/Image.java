package io.superlance.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The built image run as a child process, with us playing supervisord on its stdin and stdout. */
public final class Image implements AutoCloseable {
    public final Process process;
    private final Path stderrFile;

    private Image(Process process, Path stderrFile) {
        this.process = process;
        this.stderrFile = stderrFile;
    }

    /** Starts {@code superlance ARGS}; {@code env} adds to (or, with a null value, removes from) the environment. */
    public static Image start(Path dir, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Supervisord.launcher().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("SUPERVISOR_SERVER_URL");
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Path err = dir.resolve("stderr-" + System.nanoTime() + ".log");
        pb.redirectError(err.toFile());
        return new Image(pb.start(), err);
    }

    /** As supervisord frames it on Python 3: len counts characters. */
    public static String frame(int serial, String event, String payload) {
        return "ver:3.0 server:supervisor serial:" + serial + " pool:test poolserial:" + serial + " eventname:" + event
                + " len:" + payload.codePointCount(0, payload.length()) + "\n" + payload;
    }

    public void send(String wire) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(wire.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Reads exactly {@code n} bytes of the listener's stdout. */
    public String read(int n) throws IOException {
        byte[] b = process.getInputStream().readNBytes(n);
        return new String(b, StandardCharsets.US_ASCII);
    }

    public void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    public String restOfStdout() throws IOException {
        InputStream out = process.getInputStream();
        return new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }

    public int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("listener still running after " + seconds + " s");
        }
        return process.exitValue();
    }

    public String stderr() throws IOException {
        return java.nio.file.Files.readString(stderrFile, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
