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
 *   <li>the storm of {@code StormRestartIT}, longer: 10 programs crashing every 0 to 1 s under a real
 *       supervisord, crashmail -a to GreenMail, {@code buffer_size=100}, two {@code supervisorctl restart}
 *       and two {@code kill -9} of the listener: crashes, events supervisord discarded, crashes not mailed,
 *       crashes mailed twice;</li>
 *   <li>the listener's acknowledgement of alerting events at that rate, timed from the driver's side
 *       (supervisord's part, played by {@link ListenerDriver}: from the event's first byte written to the
 *       RESULT read), crashmail -a mailing each to GreenMail meanwhile, the spool on this machine's disk;</li>
 *   <li>the crash rate a host sustains: storms of rising rate, 20 s each with one restart and one
 *       kill -9 of the listener, with {@code buffer_size} 10 (the default) and 100; a rate is sustained
 *       when supervisord discarded nothing.</li>
 * </ol>
 * {@code --storm-seconds N} (default 60) sets the first storm's length and the second's; {@code --storm-parts
 * storm,ack,rates} (the default) chooses the parts.
 */
public final class StormBench {
    private StormBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 60;
        String parts = "storm,ack,rates";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--storm-seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--storm-parts" -> parts = args[++i];
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
            storm(seconds);
        }
        if (parts.contains("ack")) {
            ackLatency(seconds);
        }
        if (!parts.contains("rates")) {
            return;
        }
        System.out.println("\n| buffer_size | storm (max life of a run) | crashes/s | discarded by supervisord | not mailed |");
        System.out.println("|---|---|---|---|---|");
        for (int buffer : new int[]{10, 100}) {
            for (double life : new double[]{2.0, 1.0, 0.5, 0.25}) {
                Result r = run(new CrashStorm(Files.createTempDirectory("storm-bench"), 10, life, buffer), 20);
                System.out.printf("| %d | 10 programs, 0-%.2f s | %.1f | %d | %d |%n", buffer, life, r.rate(), r.overflows(), r.missing());
            }
        }
    }

    record Result(int crashes, double rate, int overflows, int missing, List<String> twice, String what) {
    }

    private static void storm(int seconds) throws Exception {
        Result r = run(new CrashStorm(Files.createTempDirectory("storm-bench"), 10, 1.0, 100), seconds);
        System.out.printf("Storm: %d crashes in %d s (%.1f/s), %s: %d events discarded by supervisord, %d crashes not mailed,"
                + " %d mailed twice %s%n", r.crashes(), seconds, r.rate(), r.what(), r.overflows(), r.missing(), r.twice().size(), r.twice());
    }

    /** One storm of {@code seconds}, the listener restarted at 1/5 and 3/5 and killed at 2/5 and 4/5 of it. */
    private static Result run(CrashStorm storm, int seconds) throws Exception {
        try (MailSink mail = MailSink.smtp();
             Supervisord s = Supervisord.start(storm.dir(), storm.config(mail.port(), ""))) {
            storm.begin(s);
            long t0 = System.nanoTime();
            StringBuilder what = new StringBuilder();
            for (int k = 1; k <= 4; k++) {
                sleepUntil(t0, seconds * 1000L * k / 5);
                if (k % 2 == 1) {
                    long at = System.nanoTime();
                    s.ctl("restart", CrashStorm.LISTENER);
                    what.append(what.length() == 0 ? "" : ", ").append("restart (").append((System.nanoTime() - at) / 1_000_000)
                            .append(" ms)");
                } else {
                    s.kill9(CrashStorm.LISTENER);
                    what.append(", kill -9");
                }
            }
            sleepUntil(t0, seconds * 1000L);
            storm.end(s);
            String log = s.log();
            Map<String, Integer> crashes = CrashStorm.crashes(log);
            int total = crashes.values().stream().mapToInt(Integer::intValue).sum();
            Map<String, Integer> mailed = CrashStorm.mailed(mail);
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (!CrashStorm.missing(crashes, mailed).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                mailed = CrashStorm.mailed(mail);
            }
            return new Result(total, total / (double) seconds, CrashStorm.overflows(log),
                    CrashStorm.missing(crashes, mailed).size(), CrashStorm.twice(crashes, mailed), what.toString());
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
