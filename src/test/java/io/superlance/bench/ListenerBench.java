package io.superlance.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

        boolean ok() {
            return error == null && exitStatus == 0 && acks.count() == events && memory != null;
        }
    }

    /** A configuration that could not be measured (it did not start, or broke the protocol before READY). */
    static Row failed(Bench.Config config, int starts, int events, Exception e) {
        return new Row(config, Double.NaN, Double.NaN, Double.NaN, starts, events, Double.NaN, new Latencies(0), null, null,
                0, -1, e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""));
    }

    static List<String> command(String launcher, Bench.Config config) {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher);
        cmd.addAll(config.args());
        return cmd;
    }

    /** @param ready the times to first READY measured before, in ms */
    static Row run(Bench.Config config, String launcher, Map<String, String> env, double[] ready, int events, Path dir)
            throws IOException, InterruptedException {
        List<String> cmd = command(launcher, config);
        int starts = ready.length;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double r : ready) {
            min = Math.min(min, r);
            max = Math.max(max, r);
        }

        Path stderr = dir.resolve(config.key() + ".log");
        Latencies acks = new Latencies(events);
        String error = null;
        Memory memory = null;
        Memory atReady;
        int status;
        long start;
        long end;
        try (Driver d = Driver.start(cmd, env, stderr)) {
            d.awaitReady();
            Thread.sleep(200);
            atReady = Memory.of(d.pid());
            start = System.nanoTime();
            try {
                for (int i = 1; i <= events; i++) {
                    EventMix.Event e = EventMix.event(i);
                    acks.add(d.send(e.name(), e.payload()));
                }
            } catch (IOException e) {
                error = e.getMessage();
            }
            end = System.nanoTime();
            Thread.sleep(500);
            if (error == null) {
                memory = Memory.of(d.pid());
            }
            status = d.closeAndWait(30);
        }
        long lines;
        try (var s = Files.lines(stderr)) {
            lines = s.count();
        }
        return new Row(config, Latencies.median(ready), min, max, starts, events, (end - start) / 1e9, acks, atReady, memory,
                lines, status, error);
    }

    /** @return milliseconds from starting the process to reading its first READY */
    static double timeToReady(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        try (Driver d = Driver.start(cmd, env, null)) {
            d.awaitReady();
            long t1 = System.nanoTime();
            d.closeAndWait(10);
            return (t1 - t0) / 1e6;
        }
    }
}
