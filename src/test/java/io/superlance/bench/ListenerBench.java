package io.superlance.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Plays supervisord's side of the protocol against the built image and prints: time from process start
 * to the first READY, events per second, acknowledgement latency, resident memory after the run, and
 * protocol errors (any stdout byte that is not the expected token).
 *
 * <pre>java -cp target/test-classes io.superlance.bench.ListenerBench [--events N] [--starts N] [-- COMMAND ARGS...]</pre>
 * scripts/bench.sh runs it against target/superlance.
 */
public final class ListenerBench {
    private static final byte[] ACK = "RESULT 2\nOKREADY\n".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        int events = 20_000;
        int starts = 15;
        String launcher = "target/superlance/bin/superlance";
        List<String> command = new ArrayList<>(List.of("crashmail", "-a", "-m", "bench@localhost", "-s", "cat > /dev/null"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--starts" -> starts = Integer.parseInt(args[++i]);
                case "--launcher" -> launcher = args[++i];
                case "--" -> {
                    command = new ArrayList<>(Arrays.asList(args).subList(i + 1, args.length));
                    i = args.length;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher);
        cmd.addAll(command);

        double[] ready = new double[starts];
        for (int i = 0; i < starts; i++) {
            ready[i] = timeToReady(cmd);
        }
        Arrays.sort(ready);
        Result r = run(cmd, events);

        System.out.println("superlance " + String.join(" ", command));
        System.out.printf(Locale.ROOT, "  start to first READY   median %.1f ms, min %.1f, max %.1f (%d starts)%n",
                ready[starts / 2], ready[0], ready[starts - 1], starts);
        System.out.printf(Locale.ROOT, "  events                 %d in %.2f s: %.0f events/s%n", events, r.seconds, events / r.seconds);
        System.out.printf(Locale.ROOT, "  ack latency            p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                r.latency(0.50), r.latency(0.99), r.latency(1.0));
        System.out.printf(Locale.ROOT, "  resident memory (RSS)  %.1f MB after the run (peak %.1f MB)%n", r.rssKb / 1024.0, r.hwmKb / 1024.0);
        System.out.printf(Locale.ROOT, "  private memory         %.1f MB anonymous: what this process alone costs; the rest of RSS is%n"
                + "                         file pages (the JVM library, the class archive) shared by every listener on the host%n",
                r.privateKb / 1024.0);
        if (r.filePmdKb > 0) {
            System.out.printf(Locale.ROOT, "  note                   %.1f MB of RSS are file pages the kernel mapped as 2 MB huge pages%n"
                    + "                         (depends on the page cache; `sync; echo 1 > /proc/sys/vm/drop_caches` before a run avoids it)%n",
                    r.filePmdKb / 1024.0);
        }
        System.out.printf(Locale.ROOT, "  protocol errors        %d%n", r.protocolErrors);
        System.out.printf(Locale.ROOT, "  exit status on EOF     %d%n", r.exitStatus);
        Path image = Path.of(launcher).toAbsolutePath().getParent().getParent();
        System.out.printf(Locale.ROOT, "  image size             %.1f MB (%s)%n", size(image) / 1048576.0, image);
        if (r.protocolErrors > 0 || r.exitStatus != 0) {
            System.exit(1);
        }
    }

    static ProcessBuilder builder(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("SUPERVISOR_SERVER_URL", "unix:///tmp/bench-supervisor.sock");
        pb.environment().put("SUPERVISOR_PROCESS_NAME", "bench");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        return pb;
    }

    static double timeToReady(List<String> cmd) throws Exception {
        long t0 = System.nanoTime();
        Process p = builder(cmd).start();
        byte[] ready = p.getInputStream().readNBytes(6);
        long t1 = System.nanoTime();
        p.getOutputStream().close();
        p.waitFor(10, TimeUnit.SECONDS);
        if (!new String(ready, StandardCharsets.US_ASCII).equals("READY\n")) {
            throw new IllegalStateException("no READY from " + cmd);
        }
        return (t1 - t0) / 1e6;
    }

    /** The mix a busy host sends: expected exits and state changes, ticks, multi-byte log lines, and a few crashes. */
    static String event(int serial) {
        String name;
        String payload;
        switch (serial % 5) {
            case 0 -> {
                name = "TICK_60";
                payload = "when:" + (1_700_000_000 + serial);
            }
            case 1 -> {
                name = "PROCESS_STATE_RUNNING";
                payload = "processname:web_" + serial % 50 + " groupname:web from_state:STARTING pid:" + (1000 + serial);
            }
            case 2 -> {
                name = "PROCESS_LOG_STDOUT";
                payload = "processname:web_1 groupname:web pid:1001 channel:stdout\n请求完成 status=200 ✓ " + serial;
            }
            default -> {
                name = "PROCESS_STATE_EXITED";
                int expected = serial % 200 == 3 ? 0 : 1; // one crash in 200 events
                payload = "processname:web_" + serial % 50 + " groupname:web from_state:RUNNING expected:" + expected
                        + " pid:" + (1000 + serial);
            }
        }
        return "ver:3.0 server:supervisor serial:" + serial + " pool:bench poolserial:" + serial + " eventname:" + name
                + " len:" + payload.codePointCount(0, payload.length()) + "\n" + payload;
    }

    static Result run(List<String> cmd, int events) throws Exception {
        Process p = builder(cmd).start();
        OutputStream in = p.getOutputStream();
        InputStream out = p.getInputStream();
        Result r = new Result(events);
        if (!Arrays.equals(out.readNBytes(6), "READY\n".getBytes(StandardCharsets.US_ASCII))) {
            r.protocolErrors++;
        }
        byte[] ack = new byte[ACK.length];
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            byte[] e = event(i + 1).getBytes(StandardCharsets.UTF_8);
            long t = System.nanoTime();
            in.write(e);
            in.flush();
            int n = out.readNBytes(ack, 0, ack.length);
            r.latencyNanos[i] = System.nanoTime() - t;
            if (n != ack.length || !Arrays.equals(ack, ACK)) {
                r.protocolErrors++;
                break;
            }
        }
        r.seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(500); // let the delivery thread finish its mails before memory is read
        String status = Files.readString(Path.of("/proc/" + p.pid() + "/status"));
        r.rssKb = kb(status, "VmRSS:");
        r.hwmKb = kb(status, "VmHWM:");
        String rollup = Files.readString(Path.of("/proc/" + p.pid() + "/smaps_rollup"));
        r.privateKb = kb(rollup, "Anonymous:");
        r.filePmdKb = kb(rollup, "FilePmdMapped:");
        in.close();
        if (out.read() != -1) {
            r.protocolErrors++;
        }
        p.waitFor(20, TimeUnit.SECONDS);
        r.exitStatus = p.exitValue();
        return r;
    }

    static long kb(String status, String key) {
        return status.lines().filter(l -> l.startsWith(key)).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(-1L);
    }

    static long size(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static final class Result {
        final long[] latencyNanos;
        double seconds;
        long rssKb;
        long hwmKb;
        long privateKb;
        long filePmdKb;
        int protocolErrors;
        int exitStatus;

        Result(int events) {
            latencyNanos = new long[events];
        }

        double latency(double quantile) {
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            int i = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
            return sorted[Math.max(0, i)] / 1e6;
        }
    }
}
