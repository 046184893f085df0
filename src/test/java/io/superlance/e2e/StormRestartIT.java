package io.superlance.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.superlance.e2e.CrashStorm.LISTENER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A crash storm with listener restarts (docs/RELIABILITY.md): 10 programs crashing every 0 to 1 s under a
 * real supervisord, crashmail {@code -a} mailing each crash, its pool's {@code buffer_size=100}; the
 * listener is restarted twice ({@code supervisorctl restart}) and killed twice ({@code kill -9}). While
 * it stops and starts again supervisord keeps the events in that buffer: a listener that takes long to
 * stop, or acknowledges slowly, overflows it and supervisord discards crashes. Nothing may be lost, and
 * at most one crash mailed twice (a kill between a server's "250" and the spool's record of it).
 */
@Tag("alone") // measures timing: failsafe runs it with the machine to itself
class StormRestartIT {
    @TempDir
    Path dir;

    @Test
    void stormWithTwoRestartsAndTwoKills_noCrashLost_atMostOneMailedTwice() throws Exception {
        CrashStorm storm = new CrashStorm(dir, 10, 1.0, 100);
        try (MailSink mail = MailSink.smtp();
             Supervisord s = Supervisord.start(dir, storm.config(mail.port(), ""))) {
            storm.begin(s);
            long t0 = System.nanoTime();
            List<String> done = storm.outages(s, 2);
            Thread.sleep(2000);
            double seconds = (System.nanoTime() - t0) / 1e9;
            storm.end(s);
            String log = s.log();
            Map<String, Integer> crashes = CrashStorm.crashes(log);
            int total = crashes.values().stream().mapToInt(Integer::intValue).sum();
            // supervisord's lines about the listener, and when each of its runs started, stopped and listened
            String listenerLines = log.lines().filter(l -> l.contains(LISTENER)).collect(Collectors.joining("\n")) + "\n"
                    + s.read(LISTENER + ".log").lines().filter(l -> l.matches(".*(wants events|left in the spool|told to stop|stdin closed"
                    + "|stay in the spool|sendmail command|lost).*")).collect(Collectors.joining("\n"));
            assertEquals(0, CrashStorm.overflows(log), "supervisord discarded events (" + done + "):\n"
                    + log.lines().filter(l -> l.contains("overflowed")).limit(5).collect(Collectors.joining("\n"))
                    + "\n" + listenerLines);
            assertTrue(total >= 10 * seconds, "a storm of only " + total + " crashes in " + seconds + " s");
            assertEquals(2, Await.occurrences(log, "exited: " + LISTENER + " (terminated by SIGKILL"), listenerLines);

            Map<String, Integer> mailed = Map.of();
            List<String> missing = List.of();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                mailed = CrashStorm.mailed(mail);
                missing = CrashStorm.missing(crashes, mailed);
                if (missing.isEmpty()) {
                    break;
                }
                Thread.sleep(250);
            }
            if (!missing.isEmpty()) {
                fail(missing.size() + " of " + total + " crashes not mailed, e.g. "
                        + missing.subList(0, Math.min(10, missing.size())) + "\n" + listenerLines + "\n" + tail(s.read(LISTENER + ".log")));
            }
            List<String> twice = CrashStorm.twice(crashes, mailed);
            System.err.printf("storm with restarts: %d crashes in %.0f s (%.1f/s), %s; %d mails, mailed twice: %s%n",
                    total, seconds, total / seconds, done, mail.messages().length, twice);
            assertTrue(twice.size() <= 1, "crashes mailed more than once: " + twice);
        }
    }

    /**
     * SIGTERM with 100 alerts pending on an SMTP server that accepts and never answers: the listener exits
     * within a second, and the 100 stay in the spool for the next start (the call that hung is not
     * recorded as sent).
     */
    @Test
    void sigtermWithAHundredAlertsPendingOnAHangingServer_exitsWithinOneSecond() throws Exception {
        try (HangingServer hanging = new HangingServer();
             ListenerDriver l = ListenerDriver.superlance(dir, "crashmail", "-a", "-m", "ops@example.com",
                     "--smtp-host", "127.0.0.1:" + hanging.port(), "--spool-dir", dir.resolve("spool").toString()).start()) {
            for (int i = 0; i < 100; i++) {
                l.crash("g", "p" + i, 1000 + i);
            }
            Await.until(Duration.ofSeconds(20), () -> hanging.accepted() > 0, () -> "no call to the server\n" + l.log());
            assertEquals(100, SpoolFiles.alerts(dir.resolve("spool")), l.log());
            long t0 = System.nanoTime();
            assertEquals(0, l.term(5));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms <= 1000, "SIGTERM to exit took " + ms + " ms\n" + l.log());
            assertEquals(100, SpoolFiles.alerts(dir.resolve("spool")), l.log());
            assertTrue(l.log().contains("100 alert(s) not yet delivered stay in the spool"), l.log());
            System.err.println("SIGTERM to exit with 100 alerts pending on a hanging server: " + ms + " ms");
        }
    }

    /** superlance_alerts_pending in the metrics file; -1 before it is written. */
    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
