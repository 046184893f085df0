package io.superlance.e2e;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kill -9 with a digest not yet delivered: the next start delivers it, once. */
class SpoolRestartIT {
    @TempDir
    Path dir;

    @Test
    void pendingDigestSurvivesKill9AndIsDeliveredExactlyOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free again: connections are refused until GreenMail takes it
        }
        Path spool = dir.resolve("spool");
        String[] args = {"crashmailbatch", "-t", "ops@example.com", "-f", "alerts@example.com",
                "-H", "127.0.0.1:" + port, "--retry-max", "1s", "-e", "TICK_5", "-i", "0.05", "--spool-dir", spool.toString()};

        String id;
        try (ListenerDriver first = ListenerDriver.start(dir.resolve("first.stderr"), Map.of(), args)) {
            first.crash("web", "web", 11);
            first.crash("web", "web", 12);
            first.tick5();
            assertEquals(1, alertFiles(spool), "the digest is on disk once acknowledged\n" + first.log());
            Matcher m = Pattern.compile("alert (\\S+): Crash alert from supervisord").matcher(first.log());
            assertTrue(m.find(), first.log());
            id = m.group(1);
            awaitLog(first, "not sent via smtp");
            first.kill9();
        }

        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
        mail.start();
        try {
            try (ListenerDriver second = ListenerDriver.start(dir.resolve("second.stderr"), Map.of(), args)) {
                assertTrue(MailWait.await(mail, 10_000, 1), "the digest was not delivered after restart\n" + second.log());
                assertEquals(0, second.closeAndWait(10));
                assertTrue(second.log().contains("1 alert(s) left in the spool"), second.log());
            }
            assertEquals(0, alertFiles(spool));
            try (ListenerDriver third = ListenerDriver.start(dir.resolve("third.stderr"), Map.of(), args)) {
                assertEquals(0, third.closeAndWait(10)); // would drain anything left over
            }
            MimeMessage[] got = mail.getReceivedMessages();
            assertEquals(1, got.length, "delivered more than once");
            assertTrue(got[0].getMessageID().startsWith("<" + id + "@"), got[0].getMessageID() + " vs " + id);
            String body = ((String) got[0].getContent()).strip();
            assertTrue(body.contains("(pid 11) died unexpectedly") && body.contains("(pid 12) died unexpectedly"), body);
        } finally {
            mail.stop();
        }
    }

    @Test
    void linesGatheredBeforeKill9AreInTheNextDigest() throws Exception {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort());
        mail.start();
        try {
            String[] args = {"crashmailbatch", "-t", "ops@example.com", "-f", "alerts@example.com",
                    "-H", "127.0.0.1:" + mail.getSmtp().getPort(), "-e", "TICK_5", "-i", "0.05",
                    "--spool-dir", dir.resolve("spool").toString()};
            try (ListenerDriver first = ListenerDriver.start(dir.resolve("first.stderr"), Map.of(), args)) {
                first.crash("web", "web", 21);
                first.crash("db", "db", 22);
                first.kill9(); // before the tick that would have sent them
            }
            try (ListenerDriver second = ListenerDriver.start(dir.resolve("second.stderr"), Map.of(), args)) {
                second.crash("web", "web", 23);
                second.tick5();
                assertTrue(MailWait.await(mail, 10_000, 1), "no digest\n" + second.log());
                assertEquals(0, second.closeAndWait(10));
                assertTrue(second.log().contains("restored what crashmailbatch had gathered"), second.log());
            }
            assertEquals(1, mail.getReceivedMessages().length);
            List<String> lines = ((String) mail.getReceivedMessages()[0].getContent()).strip().lines().toList();
            assertEquals(3, lines.size(), lines.toString());
            assertTrue(lines.get(0).endsWith("Process web:web (pid 21) died unexpectedly"), lines.toString());
            assertTrue(lines.get(1).endsWith("Process db:db (pid 22) died unexpectedly"), lines.toString());
            assertTrue(lines.get(2).endsWith("Process web:web (pid 23) died unexpectedly"), lines.toString());
        } finally {
            mail.stop();
        }
    }

    @Test
    void sigtermWithTheServerDownLeavesTheDigestInTheSpool() throws Exception {
        try (HangingServer hanging = new HangingServer();
             ListenerDriver l = ListenerDriver.start(dir.resolve("stderr"), Map.of(), "crashmailbatch",
                     "-t", "ops@example.com", "-f", "alerts@example.com", "-H", "127.0.0.1:" + hanging.port(),
                     "-e", "TICK_5", "-i", "0.05", "--spool-dir", dir.resolve("spool").toString())) {
            l.crash("web", "web", 31);
            l.tick5();
            long t0 = System.nanoTime();
            l.term(9); // inside supervisord's default stopwaitsecs of 10
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(1, alertFiles(dir.resolve("spool")), l.log());
            assertTrue(l.log().contains("1 alert(s) not yet delivered stay in the spool"), l.log());
            System.err.println("SIGTERM to exit with the server hanging: " + ms + " ms");
        }
    }

    static long alertFiles(Path spool) throws Exception {
        try (Stream<Path> s = Files.list(spool)) {
            return s.filter(p -> p.toString().endsWith(".alert")).count();
        }
    }

    static void awaitLog(ListenerDriver l, String text) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!l.log().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in the log\n" + l.log());
            }
            Thread.sleep(50);
        }
    }
}
