package io.superlance.bench;

import io.superlance.e2e.HttpSink;
import io.superlance.e2e.Supervisord;
import io.superlance.e2e.SupervisordConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * logmon's line-to-alert latency at its default settings under a real supervisord: {@code programs}
 * supervised programs each write one matching line stamped with the wall-clock time, one after another
 * {@code gapMs} apart (each program's first line goes out at once: every line is a sample), and a
 * loopback DingTalk robot ({@link HttpSink}) notes when each message arrives. What is measured is the
 * whole path a user waits for: supervisord reading the pipe, the PROCESS_LOG event, logmon, the spool,
 * the HTTP post.
 */
final class LogmonLatencyBench {
    private static final Pattern AT = Pattern.compile("at=(\\d+) n=(\\d+)");

    private LogmonLatencyBench() {
    }

    /** @param error why it could not be measured, or null */
    record Result(int programs, Latencies latencies, int received, String error) {
    }

    /** Never throws: a run that could not be made is a result with its error. */
    static Result run(int programs, int gapMs, Path dir) {
        try {
            return measure(programs, gapMs, dir);
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            return new Result(programs, new Latencies(0), 0, why);
        }
    }

    private static Result measure(int programs, int gapMs, Path dir) throws Exception {
        Path go = dir.resolve("go");
        SupervisordConfig config = SupervisordConfig.base();
        for (int i = 0; i < programs; i++) {
            double delay = i * gapMs / 1000.0;
            config.program("p" + i, "sh -c 'while [ ! -e " + go + " ]; do sleep 0.05; done; sleep " + delay
                    + "; echo \"ERROR at=$(date +%%s%%3N) n=" + i + "\"; exec sleep 86400'", "stdout_events_enabled=true");
        }
        Latencies latencies = new Latencies(programs);
        try (HttpSink robot = new HttpSink("{\"errcode\":0,\"errmsg\":\"ok\"}");
             Supervisord s = Supervisord.start(dir, config.listener("logmon", "logmon --match ERROR --dingtalk "
                     + robot.url("/robot/send?access_token=bench"), "PROCESS_LOG", "buffer_size=100"))) {
            s.awaitState("logmon", "RUNNING", Duration.ofSeconds(30));
            Thread.sleep(1500); // the listener's first READY
            Files.writeString(go, "");
            long deadline = System.nanoTime() + Duration.ofMillis(programs * (long) gapMs + 15_000).toNanos();
            while (robot.requests().size() < programs && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long nowMillis = System.currentTimeMillis();
            long nowNanos = System.nanoTime();
            for (HttpSink.Request r : robot.requests()) {
                Matcher m = AT.matcher(r.body());
                if (m.find()) {
                    long received = nowMillis - (nowNanos - r.nanos()) / 1_000_000;
                    latencies.add((received - Long.parseLong(m.group(1))) * 1_000_000);
                }
            }
            return new Result(programs, latencies, robot.requests().size(), null);
        }
    }
}
