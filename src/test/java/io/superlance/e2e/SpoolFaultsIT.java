package io.superlance.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
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

    @Test
    void aSpoolDirectoryRemovedWhileRunningLosesNothing() throws Exception {
        int port = Ports.free(); // refused until the mail sink takes it
        Path spool = dir.resolve("spool");
        try (ListenerDriver first = crashmail(port, "first.stderr")) {
            first.crash("web", "web", 11);
            first.crash("web", "web", 12);
            first.awaitLog("not sent via smtp", Duration.ofSeconds(10));
            try (Stream<Path> all = Files.walk(spool)) {
                for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
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
