package io.superlance.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.superlance.e2e.HangingServer;
import jakarta.mail.internet.MimeMessage;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
        GreenMail mail = null;
        HangingServer hanging = new HangingServer();
        int port = hanging.port();
        List<String> cmd = List.of(launcher, "crashmailbatch", "-t", "ops@example.com", "-f", "alerts@example.com",
                "-H", "127.0.0.1:" + port, "--smtp-timeout", "2", "--retry-max", "2s",
                "-e", "TICK_5", "-i", "0.05", "--spool-dir", dir.resolve("hanging-spool").toString());
        try (Driver l = Driver.start(cmd, Map.of(), dir.resolve("hanging-smtp.log"))) {
            l.awaitReady();
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                LockSupport.parkNanos(pauseMicros * 1000);
                if (i % 100 == 99) {
                    acks.add(l.send("TICK_5", "when:" + System.currentTimeMillis() / 1000));
                    digests++;
                } else {
                    acks.add(l.send("PROCESS_STATE_EXITED", "processname:web_" + i % 20
                            + " groupname:web from_state:RUNNING expected:0 pid:" + (10_000 + i)));
                    crashes++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int held = hanging.accepted();

            hanging.close();
            long recovered = System.nanoTime();
            mail = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
            mail.start();
            long deadline = recovered + 120_000_000_000L;
            while (mail.getReceivedMessages().length < digests && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            double recovery = (System.nanoTime() - recovered) / 1e9;
            int lines = 0;
            Set<String> ids = new HashSet<>();
            for (MimeMessage m : mail.getReceivedMessages()) {
                lines += (int) ((String) m.getContent()).strip().lines().count();
                ids.add(m.getMessageID());
            }
            int status = l.closeAndWait(15);
            return new Result(events, crashes, digests, seconds, acks, held, mail.getReceivedMessages().length, lines,
                    ids.size(), recovery, status);
        } finally {
            hanging.close();
            if (mail != null) {
                mail.stop();
            }
        }
    }
}
