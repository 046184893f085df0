package io.superlance.e2e;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An SMTP server that accepts and never answers must not slow the event loop; the digests follow once it works. */
@Tag("alone") // measures ack latency: failsafe runs it with the machine to itself
class HangingSmtpIT {
    @TempDir
    Path dir;

    @Test
    void acksStayPromptWhileSmtpHangs_andEveryDigestArrivesOnceItWorks() throws Exception {
        int crashes = 0;
        int digests = 0;
        long[] acks = new long[1500];
        MailSink mail = null;
        try (HangingServer hanging = new HangingServer();
             ListenerDriver l = ListenerDriver.superlance(dir, "crashmailbatch", "-t", "ops@example.com", "-f", "alerts@example.com",
                     "-H", "127.0.0.1:" + hanging.port(), "--smtp-timeout", "1", "--retry-max", "1s",
                     "-e", "TICK_5", "-i", "0.05", "--spool-dir", dir.resolve("spool").toString()).start()) {
            for (int i = 0; i < acks.length; i++) {
                if (i % 100 == 99) {
                    acks[i] = l.tick5();
                    digests++;
                } else {
                    acks[i] = l.crash("web", "web_" + (i % 7), 1000 + i);
                    crashes++;
                }
            }
            assertTrue(hanging.accepted() > 0, "the listener never tried the hanging server\n" + l.log());
            long[] sorted = acks.clone();
            Arrays.sort(sorted);
            long p99 = sorted[(int) (sorted.length * 0.99)] / 1_000_000;
            long max = sorted[sorted.length - 1] / 1_000_000;
            System.err.println("acks while SMTP hangs: p50 " + sorted[sorted.length / 2] / 1000 + " us, p99 " + p99
                    + " ms, max " + max + " ms");
            // A loop that waited on SMTP would take the whole 1 s timeout for some event.
            assertTrue(p99 < 50, "p99 ack " + p99 + " ms");
            assertTrue(max < 500, "max ack " + max + " ms");

            mail = hanging.recover();
            assertTrue(mail.await(digests, Duration.ofSeconds(30)), "only " + mail.messages().length
                    + " of " + digests + " digests\n" + l.log());
            int lines = 0;
            Set<String> ids = new HashSet<>();
            for (MimeMessage m : mail.messages()) {
                lines += ((String) m.getContent()).strip().lines().count();
                ids.add(m.getMessageID());
            }
            assertEquals(crashes, lines, "every crash is in exactly one digest");
            assertEquals(digests, ids.size());
            assertEquals(0, l.closeAndWait(10));
            assertEquals(digests, mail.messages().length, "a digest was sent twice");
        } finally {
            if (mail != null) {
                mail.close();
            }
        }
    }
}
