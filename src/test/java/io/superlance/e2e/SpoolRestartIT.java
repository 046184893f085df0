package io.superlance.e2e;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kill -9 with a digest not yet delivered: the next start delivers it, once. */
class SpoolRestartIT {
    @TempDir
    Path dir;

    /** crashmailbatch sending to 127.0.0.1:PORT, its spool in the test's directory, then {@code more}. */
    private String[] digest(int port, String... more) {
        List<String> args = new ArrayList<>(List.of("crashmailbatch", "-t", "ops@example.com", "-f", "alerts@example.com",
                "-H", "127.0.0.1:" + port, "-e", "TICK_5", "-i", "0.05", "--spool-dir", dir.resolve("spool").toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void pendingDigestSurvivesKill9AndIsDeliveredExactlyOnce() throws Exception {
        int port = Ports.free(); // connections are refused until the mail sink takes it
        Path spool = dir.resolve("spool");
        String id;
        try (ListenerDriver first = ListenerDriver.superlance(dir, digest(port, "--retry-max", "1s")).stderr("first.stderr").start()) {
            first.crash("web", "web", 11);
            first.crash("web", "web", 12);
            first.tick5();
            assertEquals(1, SpoolFiles.alerts(spool), "the digest is on disk once acknowledged\n" + first.log());
            Matcher m = Pattern.compile("alert (\\S+): Crash alert from supervisord").matcher(first.log());
            assertTrue(m.find(), first.log());
            id = m.group(1);
            first.awaitLog("not sent via smtp", Duration.ofSeconds(10));
            first.kill9();
        }

        try (MailSink mail = MailSink.smtpOn(port)) {
            try (ListenerDriver second = ListenerDriver.superlance(dir, digest(port, "--retry-max", "1s")).stderr("second.stderr").start()) {
                assertTrue(mail.await(1, Duration.ofSeconds(40)), "the digest was not delivered after restart\n" + second.log());
                assertEquals(0, second.closeAndWait(10));
                assertTrue(second.log().contains("1 alert(s) left in the spool"), second.log());
            }
            assertEquals(0, SpoolFiles.alerts(spool));
            try (ListenerDriver third = ListenerDriver.superlance(dir, digest(port, "--retry-max", "1s")).stderr("third.stderr").start()) {
                assertEquals(0, third.closeAndWait(10)); // would drain anything left over
            }
            MimeMessage[] got = mail.messages();
            assertEquals(1, got.length, "delivered more than once");
            assertTrue(got[0].getMessageID().startsWith("<" + id + "@"), got[0].getMessageID() + " vs " + id);
            String body = ((String) got[0].getContent()).strip();
            assertTrue(body.contains("(pid 11) died unexpectedly") && body.contains("(pid 12) died unexpectedly"), body);
        }
    }

    @Test
    void linesGatheredBeforeKill9AreInTheNextDigest() throws Exception {
        try (MailSink mail = MailSink.smtp()) {
            try (ListenerDriver first = ListenerDriver.superlance(dir, digest(mail.port())).stderr("first.stderr").start()) {
                first.crash("web", "web", 21);
                first.crash("db", "db", 22);
                first.kill9(); // before the tick that would have sent them
            }
            try (ListenerDriver second = ListenerDriver.superlance(dir, digest(mail.port())).stderr("second.stderr").start()) {
                second.crash("web", "web", 23);
                second.tick5();
                assertTrue(mail.await(1, Duration.ofSeconds(40)), "no digest\n" + second.log());
                assertEquals(0, second.closeAndWait(10));
                assertTrue(second.log().contains("restored what it had gathered"), second.log());
            }
            assertEquals(1, mail.messages().length);
            List<String> lines = mail.bodies().get(0).strip().lines().toList();
            assertEquals(3, lines.size(), lines.toString());
            assertTrue(lines.get(0).endsWith("Process web:web (pid 21) died unexpectedly"), lines.toString());
            assertTrue(lines.get(1).endsWith("Process db:db (pid 22) died unexpectedly"), lines.toString());
            assertTrue(lines.get(2).endsWith("Process web:web (pid 23) died unexpectedly"), lines.toString());
        }
    }

    @Test
    void sigtermWithTheServerDownLeavesTheDigestInTheSpool() throws Exception {
        try (HangingServer hanging = new HangingServer();
             ListenerDriver l = ListenerDriver.superlance(dir, digest(hanging.port())).start()) {
            l.crash("web", "web", 31);
            l.tick5();
            long t0 = System.nanoTime();
            l.term(9); // inside supervisord's default stopwaitsecs of 10
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(1, SpoolFiles.alerts(dir.resolve("spool")), l.log());
            assertTrue(l.log().contains("1 alert(s) not yet delivered stay in the spool"), l.log());
            System.err.println("SIGTERM to exit with the server hanging: " + ms + " ms");
        }
    }
}
