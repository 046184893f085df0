package io.superlance.bench;

import io.superlance.e2e.CrashStorm;
import io.superlance.e2e.ListenerDriver;
import io.superlance.e2e.MailSink;
import io.superlance.e2e.Supervisord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The crash storm with listener restarts (docs/RELIABILITY.md), run by {@code scripts/bench.sh --only storm}:
 * <ol>
 *   <li>the storm of {@code StormRestartIT}: 10 programs crashing every 0 to 1 s under a real supervisord,
 *       crashmail -a to GreenMail, {@code buffer_size=100}, {@code supervisorctl restart} and {@code kill -9}
 *       of the listener in turn ({@link CrashStorm#outages}; two each, {@code --storm-outages N}): crashes,
 *       events supervisord discarded, crashes not mailed, crashes mailed twice;</li>
 *   <li>the listener's acknowledgement of alerting events at that rate, timed from the driver's side
 *       (supervisord's part, played by {@link ListenerDriver}: from the event's first byte written to the
 *       RESULT read), crashmail -a mailing each to GreenMail meanwhile, the spool on this machine's disk;</li>
 *   <li>the crash rate a host sustains: storms of rising rate, each with one restart and one kill -9 of
 *       the listener, with {@code buffer_size} 10 (the default) and 100; a rate is sustained when
 *       supervisord discarded nothing.</li>
 * </ol>
 * {@code --storm-seconds N} (default 60) sets the second part's length; {@code --storm-parts storm,ack,rates}
 * (the default) chooses the parts; {@code --storm-buffers 10,100} and {@code --storm-lives 4,2,1,0.5} (the
 * longest life of a program's run, in seconds) the third part's storms.
 */
public final class StormBench {
    private StormBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 60;
        int outages = 2;
        int[] buffers = {10, 100};
        double[] lives = {4.0, 2.0, 1.0, 0.5};
        String parts = "storm,ack,rates";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--storm-seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--storm-parts" -> parts = args[++i];
                case "--storm-outages" -> outages = Integer.parseInt(args[++i]);
                case "--storm-buffers" -> buffers = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--storm-lives" -> lives = java.util.Arrays.stream(args[++i].split(",")).mapToDouble(Double::parseDouble).toArray();
                case "--launcher" -> System.setProperty("superlance.image",
                        Path.of(args[++i]).toAbsolutePath().getParent().getParent().toString());
                default -> {
                    // the other rows' options: not this row's
                }
            }
        }
        System.out.println("## Crash storm with listener restarts (scripts/bench.sh --only storm)\n");
        Machine m = Machine.describe(Supervisord.launcher().getParent().getParent());
        System.out.printf("%s, %d cores, %s, load average at start %s%n%n", m.cpu(), m.cores(), m.kernel(), m.loadAverage());
        if (parts.contains("storm")) {
            storm(outages);
        }
        if (parts.contains("ack")) {
            ackLatency(seconds);
        }
        if (!parts.contains("rates")) {
            return;
        }
        System.out.println("\n| buffer_size | storm (max life of a run) | crashes/s | discarded by supervisord | not mailed |");
        System.out.println("|---|---|---|---|---|");
        for (int buffer : buffers) {
            for (double life : lives) {
                try {
                    Result r = run(new CrashStorm(Files.createTempDirectory("storm-bench"), 10, life, buffer), 1);
                    System.out.printf("| %d | 10 programs, 0-%.2f s | %.1f | %d | %d |%n", buffer, life, r.rate(), r.overflows(), r.missing());
                } catch (AssertionError e) {
                    // supervisord hands events over more slowly than they come: the backlog never clears
                    System.out.printf("| %d | 10 programs, 0-%.2f s | | the backlog never cleared: %s | |%n", buffer, life,
                            e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
    }

    record Result(int crashes, double seconds, double rate, int overflows, int missing, List<String> twice, String what) {
    }

    private static void storm(int outages) throws Exception {
        Result r = run(new CrashStorm(Files.createTempDirectory("storm-bench"), 10, 1.0, 100), outages);
        System.out.printf("Storm: %d crashes in %.0f s (%.1f/s); %s: %d events discarded by supervisord, %d crashes not mailed,"
                + " %d mailed twice %s%n", r.crashes(), r.seconds(), r.rate(), r.what(), r.overflows(), r.missing(), r.twice().size(), r.twice());
    }

    /** One storm in which the listener is restarted and killed {@code outages} times each ({@link CrashStorm#outages}). */
    private static Result run(CrashStorm storm, int outages) throws Exception {
        try (MailSink mail = MailSink.smtp();
             Supervisord s = Supervisord.start(storm.dir(), storm.config(mail.port(), ""))) {
            storm.begin(s);
            long t0 = System.nanoTime();
            String what = String.join("; ", storm.outages(s, outages));
            Thread.sleep(4000);
            double seconds = (System.nanoTime() - t0) / 1e9;
            storm.end(s);
            String log = s.log();
            Map<String, Integer> crashes = CrashStorm.crashes(log);
            int total = crashes.values().stream().mapToInt(Integer::intValue).sum();
            Map<String, Integer> mailed = CrashStorm.mailed(mail);
            // crashes supervisord discarded never come: then only the spool's backlog is waited for
            long deadline = System.nanoTime() + (CrashStorm.overflows(log) > 0 ? 15_000_000_000L : 90_000_000_000L);
            while (!CrashStorm.missing(crashes, mailed).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                mailed = CrashStorm.mailed(mail);
            }
            return new Result(total, seconds, total / seconds, CrashStorm.overflows(log),
                    CrashStorm.missing(crashes, mailed).size(), CrashStorm.twice(crashes, mailed), what);
        }
    }

    /** 20 crash events/s for {@code seconds}, each acknowledged before the next, as supervisord sends them. */
    private static void ackLatency(int seconds) throws Exception {
        Path dir = Files.createTempDirectory("storm-ack");
        int events = seconds * 20;
        Latencies acks = new Latencies(events);
        try (MailSink mail = MailSink.smtp();
             ListenerDriver l = ListenerDriver.superlance(dir, "crashmail", "-a", "-m", "ops@example.com", "--smtp-host",
                     "127.0.0.1:" + mail.port(), "--spool-dir", dir.resolve("spool").toString()).start()) {
            long t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                sleepUntil(t0, i * 50L);
                acks.add(l.crash("crash", "crash_" + (i % 10), 100_000 + i));
            }
            mail.await(events, java.time.Duration.ofSeconds(60));
            System.out.printf("Acknowledgement of an alerting event (crashmail -a, a crash event every 50 ms for %d s, each mailed"
                            + " to GreenMail meanwhile, the spool on this machine's disk; %d of %d mailed): p50 %.2f ms, p90 %.2f ms,"
                            + " p99 %.2f ms, max %.2f ms%n", seconds, mail.messages().length, events,
                    acks.ms(0.5), acks.ms(0.9), acks.ms(0.99), acks.ms(1.0));
        }
    }

    private static void sleepUntil(long t0, long millis) throws InterruptedException {
        long left = t0 + millis * 1_000_000 - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
