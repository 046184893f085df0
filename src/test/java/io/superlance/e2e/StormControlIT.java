package io.superlance.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --min-interval: a crash loop makes two mails, not one per crash. */
class StormControlIT {
    @TempDir
    Path dir;

    @Test
    void aCrashLoopIsFoldedIntoOneMessageWithACount() throws Exception {
        Mailbox mailbox = new Mailbox(dir.resolve("mailbox"));
        try (ListenerDriver l = ListenerDriver.superlance(dir, "crashmail", "-a", "-m", "ops@example.com", "-s", mailbox.command(),
                "--min-interval", "2s", "--spool-dir", dir.resolve("spool").toString()).start()) {
            for (int i = 0; i < 6; i++) {
                l.crash("web", "web", 100 + i);
            }
            assertEquals(1, mailbox.await(1, Duration.ofSeconds(5)).size(), l.log());
            List<String> mails = mailbox.await(2, Duration.ofSeconds(10));
            assertEquals(2, mails.size(), l.log());
            String first = mails.get(0);
            String folded = mails.get(1);
            assertTrue(first.contains("(pid 100)"), first);
            assertTrue(folded.lines().anyMatch(s -> s.matches("Subject: +web: 5 crashed \\(5 alerts\\)")), folded);
            assertTrue(folded.contains("5 alerts for web within 2s (--min-interval), folded into one message:"), folded);
            for (int i = 1; i < 6; i++) {
                assertTrue(folded.contains("(pid " + (100 + i) + ")"), folded);
            }
            assertEquals(0, l.closeAndWait(10));
            assertEquals(2, mailbox.size());
        }
    }
}
