package io.superlance.bench;

import io.superlance.e2e.HangingServer;
import io.superlance.e2e.ListenerDriver;
import io.superlance.e2e.MailSink;
import jakarta.mail.internet.MimeMessage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Ack latency of crashmailbatch while its SMTP server hangs (accepts, never answers), then delivery once
 * a working server (GreenMail) takes its place on the same port. A TICK_5 every 100th event (so one
 * digest per 99 crashes), -i 0.05, and a pause between events so that delivery keeps trying the hanging
 * server (2 s timeout) all along: the acks must not wait for it, and after recovery every digest and
 * every crash line must arrive, each digest once.
 */
final class HangingSmtpBench {
    private HangingSmtpBench() {
    }

    record Result(int events, int crashes, int digests, double seconds, Latencies acks, int connectionsHeld,
                  int delivered, int lines, int distinctIds, double recoverySeconds, int exitStatus) {
        boolean ok() {
            return acks.count() == events && delivered == digests && lines == crashes && distinctIds == digests
                    && exitStatus == 0;
        }
    }

    static Result run(String launcher, int events, long pauseMicros, Path dir) throws Exception {
        Latencies acks = new Latencies(events);
        int crashes = 0;
        int digests = 0;
        MailSink mail = null;
        HangingServer hanging = new HangingServer();
        List<String> args = List.of("crashmailbatch", "-t", "ops@example.com", "-f", "alerts@example.com",
                "-H", "127.0.0.1:" + hanging.port(), "--smtp-timeout", "2", "--retry-max", "2s",
                "-e", "TICK_5", "-i", "0.05", "--spool-dir", dir.resolve("hanging-spool").toString());
        try (ListenerDriver l = ListenerDriver.command(dir, launcher, args).named("bench").stderr("hanging-smtp.log").start()) {
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                LockSupport.parkNanos(pauseMicros * 1000);
                if (i % 100 == 99) {
                    acks.add(l.tick5());
                    digests++;
                } else {
                    acks.add(l.crash("web", "web_" + i % 20, 10_000 + i));
                    crashes++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int held = hanging.accepted();

            long recovered = System.nanoTime();
            mail = hanging.recover();
            mail.await(digests, Duration.ofSeconds(120));
            double recovery = (System.nanoTime() - recovered) / 1e9;
            int lines = 0;
            Set<String> ids = new HashSet<>();
            for (MimeMessage m : mail.messages()) {
                lines += (int) ((String) m.getContent()).strip().lines().count();
                ids.add(m.getMessageID());
            }
            int status = l.closeAndWait(15);
            return new Result(events, crashes, digests, seconds, acks, held, mail.messages().length, lines,
                    ids.size(), recovery, status);
        } finally {
            hanging.close();
            if (mail != null) {
                mail.close();
            }
        }
    }
}
