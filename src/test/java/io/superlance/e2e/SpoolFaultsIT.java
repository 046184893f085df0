package io.superlance.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 15 item 1: the spool directory removed under a running listener. */
class SpoolFaultsIT {
    @TempDir
    Path dir;

    private ListenerDriver crashmail(int port, String stderr) throws Exception {
        return ListenerDriver.superlance(dir, "crashmail", "-a", "-m", "ops@example.com",
                "--smtp-host", "127.0.0.1:" + port, "--retry-max", "1s", "--spool-dir", dir.resolve("spool").toString())
                .stderr(stderr).start();
    }

    /**
     * rm -rf under a running listener: it may be renaming a file into the directory meanwhile (an entry's
     * attempts are rewritten after each failed attempt), so a file listed may be gone, or a new one there.
     */
    private static void removeWhileInUse(Path dir) throws Exception {
        for (int round = 0; Files.exists(dir); round++) {
            assertTrue(round < 50, "could not remove " + dir);
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (DirectoryNotEmptyException e) {
                        // a file arrived after the listing: the next round takes it
                    }
                }
            } catch (UncheckedIOException | NoSuchFileException e) {
                // the walk met a file renamed away under it: the next round lists again
            }
        }
    }

    @Test
    void aSpoolDirectoryRemovedWhileRunningLosesNothing() throws Exception {
        int port = Ports.free(); // refused until the mail sink takes it
        Path spool = dir.resolve("spool");
        try (ListenerDriver first = crashmail(port, "first.stderr")) {
            first.crash("web", "web", 11);
            first.crash("web", "web", 12);
            first.awaitLog("not sent via smtp", Duration.ofSeconds(10));
            removeWhileInUse(spool);
            first.crash("web", "web", 13);
            assertEquals(0, first.closeAndWait(10));
            assertTrue(first.log().contains("was removed: recreated it"), first.log());
            assertTrue(first.log().contains("3 alert(s) not yet delivered stay in the spool"), first.log());
            assertEquals(3, SpoolFiles.alerts(spool), first.log());
        }
        try (MailSink mail = MailSink.smtpOn(port);
             ListenerDriver second = crashmail(port, "second.stderr")) {
            assertTrue(mail.await(3, Duration.ofSeconds(40)), "not delivered after restart\n" + second.log());
            assertEquals(0, second.closeAndWait(10));
        }
    }
}
