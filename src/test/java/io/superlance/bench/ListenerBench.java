package io.superlance.bench;

import io.superlance.e2e.ListenerDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One configuration of the built image (one command, or several in one process): the median time from
 * process start to the first READY over a number of starts (measured by {@link Bench}, round-robin over
 * the configurations so that a busy moment of the machine does not fall on one of them), then one run of the {@link EventMix}
 * acknowledged event by event as supervisord does, and the process's memory half a second after the
 * last event (so the delivery and check threads have finished their work).
 */
final class ListenerBench {
    private ListenerBench() {
    }

    record Row(Bench.Config config, double readyMedianMs, double readyMinMs, double readyMaxMs, int starts,
               int events, double seconds, Latencies acks, Memory atReady, Memory memory, long stderrLines, int exitStatus, String error) {
        double eventsPerSecond() {
            return acks.count() / seconds;
        }

        /** Python superlance's listeners end with a KeyError (exit status 1) on EOF: their status says nothing. */
        boolean ok() {
            return error == null && (exitStatus == 0 || config.python()) && acks.count() == events && memory != null;
        }
    }

    /** One paired round: our crashmail's events per second and Python superlance's, one right after the other. */
    record Pair(double ours, double theirs) {
        double ratio() {
            return ours / theirs;
        }
    }

    /** A configuration that could not be measured (it did not start, or broke the protocol before READY). */
    static Row failed(Bench.Config config, int starts, int events, Exception e) {
        return new Row(config, Double.NaN, Double.NaN, Double.NaN, starts, events, Double.NaN, new Latencies(0), null, null,
                0, -1, firstLine(e));
    }

    /** The configuration's listener as supervisord would run it, named bench; its state in the environment's directory. */
    static ListenerDriver.Builder listener(String launcher, Bench.Config config, Map<String, String> env, Path dir) {
        if (config.python()) {
            List<String> args = new java.util.ArrayList<>(config.program().subList(1, config.program().size()));
            args.addAll(config.args());
            return ListenerDriver.command(dir, config.program().get(0), args).named("bench-python").env(env);
        }
        return ListenerDriver.command(dir, launcher, config.args()).named("bench").env(env);
    }

    /**
     * BENCH_HOLD_SECONDS=N keeps each listener alive N seconds after it is measured, its pid on stderr, so its
     * memory can be taken apart (/proc/PID/smaps; jcmd PID VM.native_memory with
     * SUPERLANCE_JAVA_OPTS=-XX:NativeMemoryTracking=summary).
     */
    private static void holdForInspection(Bench.Config config, long pid) throws InterruptedException {
        String hold = System.getenv("BENCH_HOLD_SECONDS");
        if (hold != null && !hold.isBlank()) {
            Bench.progress(config.key() + " held for inspection: pid " + pid);
            Thread.sleep(Long.parseLong(hold.trim()) * 1000);
        }
    }

    /** @param ready the times to first READY measured before, in ms */
    static Row run(Bench.Config config, String launcher, Map<String, String> env, double[] ready, int events, Path dir)
            throws IOException, InterruptedException {
        int starts = ready.length;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double r : ready) {
            min = Math.min(min, r);
            max = Math.max(max, r);
        }

        String stderr = config.key() + ".log";
        Latencies acks = new Latencies(events);
        String error = null;
        Memory memory = null;
        Memory atReady;
        int status;
        long start;
        long end;
        try (ListenerDriver d = listener(launcher, config, env, dir).stderr(stderr).start()) {
            Thread.sleep(200);
            atReady = Memory.of(d.pid());
            start = System.nanoTime();
            try {
                for (int i = 1; i <= events; i++) {
                    EventMix.Event e = EventMix.event(i);
                    acks.add(d.send(e.name(), e.payload()));
                }
            } catch (IOException e) {
                error = firstLine(e);
            }
            end = System.nanoTime();
            Thread.sleep(500);
            if (error == null) {
                memory = Memory.of(d.pid());
            }
            holdForInspection(config, d.pid());
            try {
                status = d.closeAndWait(30);
            } catch (IOException e) {
                status = -1;
                error = error != null ? error : firstLine(e);
            }
        }
        long lines;
        try (var s = Files.lines(dir.resolve(stderr))) {
            lines = s.count();
        }
        return new Row(config, Latencies.median(ready), min, max, starts, events, (end - start) / 1e9, acks, atReady, memory,
                lines, status, error);
    }

    /** @return milliseconds from starting the process to reading its first READY */
    static double timeToReady(ListenerDriver.Builder listener) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        try (ListenerDriver d = listener.discardStderr().launch()) {
            d.awaitReady();
            long t1 = System.nanoTime();
            d.closeAndWait(10);
            return (t1 - t0) / 1e6;
        }
    }

    private static String firstLine(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
    }
}
