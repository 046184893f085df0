package io.superlance.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.superlance.e2e.HangingServer;
import io.superlance.e2e.ListenerDriver;
import jakarta.mail.internet.MimeMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Ack latency of the built image while its SMTP server hangs (accepts, never answers), then delivery
 * once a working server takes its place. Drives crashmailbatch through stdin/stdout as supervisord
 * does: 10,000 events ({@code -Dbench.events}), a TICK_5 every 100th (so one digest per 99 crashes),
 * -i 0.05, a pause of 1 ms between events ({@code -Dbench.pauseMicros}) so that delivery keeps
 * trying the hanging server (2 s timeout) all along. Acks are timed from the event's first byte
 * written to the RESULT read.
 *
 * <pre>
 * mvn -B -q -o package -DskipTests
 * mvn -B -q -o exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.superlance.bench.HangingSmtpBench
 * </pre>
 */
public final class HangingSmtpBench {
    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.events", 10_000);
        // a pause between events, so the delivery thread keeps trying the hanging server meanwhile
        long pauseNanos = Long.getLong("bench.pauseMicros", 1000) * 1000;
        Path dir = Files.createTempDirectory("hanging-smtp-bench");
        long[] acks = new long[events];
        int crashes = 0;
        int digests = 0;
        GreenMail mail = null;
        try (HangingServer hanging = new HangingServer();
             ListenerDriver l = ListenerDriver.start(dir.resolve("listener.log"), Map.of(),
                     "crashmailbatch", "-t", "ops@example.com", "-f", "alerts@example.com",
                     "-H", "127.0.0.1:" + hanging.port(), "--smtp-timeout", "2", "--retry-max", "2s",
                     "-e", "TICK_5", "-i", "0.05", "--spool-dir", dir.resolve("spool").toString())) {
            int port = hanging.port();
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                if (pauseNanos > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
                }
                if (i % 100 == 99) {
                    acks[i] = l.tick5();
                    digests++;
                } else {
                    acks[i] = l.crash("web", "web_" + (i % 20), 10_000 + i);
                    crashes++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(acks);
            System.out.printf("%d events (%d crashes, %d digests) in %.2f s while SMTP hangs (%d connections held)%n",
                    events, crashes, digests, seconds, hanging.accepted());
            System.out.printf("ack latency: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n",
                    ms(acks, 0.50), ms(acks, 0.90), ms(acks, 0.99), ms(acks, 0.999), acks[acks.length - 1] / 1e6);

            hanging.close();
            long recovered = System.nanoTime();
            mail = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
            mail.start();
            long deadline = recovered + 120_000_000_000L;
            while (mail.getReceivedMessages().length < digests && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            int lines = 0;
            Set<String> ids = new HashSet<>();
            for (MimeMessage m : mail.getReceivedMessages()) {
                lines += (int) ((String) m.getContent()).strip().lines().count();
                ids.add(m.getMessageID());
            }
            System.out.printf("after recovery: %d of %d digests delivered in %.2f s, %d of %d crash lines, %d distinct Message-IDs%n",
                    mail.getReceivedMessages().length, digests, (System.nanoTime() - recovered) / 1e9, lines, crashes, ids.size());
            int status = l.closeAndWait(15);
            System.out.println("listener exit status " + status + "; log: " + dir.resolve("listener.log"));
            boolean ok = mail.getReceivedMessages().length == digests && lines == crashes && ids.size() == digests;
            System.out.println(ok ? "ALL DELIVERED" : "MISSING ALERTS");
            if (!ok) {
                System.exit(1);
            }
        } finally {
            if (mail != null) {
                mail.stop();
            }
        }
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }
}
