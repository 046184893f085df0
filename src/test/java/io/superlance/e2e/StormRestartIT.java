package io.superlance.e2e;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
    static final int PROGRAMS = 10;
    static final String LISTENER = "crashmail";
    private static final Pattern SPAWNED = Pattern.compile("spawned: '(crash_\\d+)' with pid (\\d+)");
    private static final Pattern CRASHED = Pattern.compile("exited: (crash_\\d+) \\(exit status 1; not expected\\)");
    private static final Pattern MAILED = Pattern.compile(
            "Process (crash_\\d+) in group crash exited unexpectedly \\(pid (\\d+)\\)");

    @TempDir
    Path dir;

    @Test
    void stormWithTwoRestartsAndTwoKills_noCrashLost_atMostOneMailedTwice() throws Exception {
        try (MailSink mail = MailSink.smtp();
             Supervisord s = Supervisord.start(dir, config(dir, mail.port()))) {
            s.awaitState(LISTENER, "RUNNING", Duration.ofSeconds(20));
            Await.until(Duration.ofSeconds(30), () -> s.read("crashmail.log").contains("pending alerts are kept"),
                    () -> "crashmail did not start\n" + s.read("crashmail.log"));
            s.ctl("start", "crash:*");
            long t0 = System.nanoTime();
            List<String> done = new ArrayList<>();
            for (int second : new int[]{4, 8, 12, 16}) {
                sleepUntil(t0, second * 1000L);
                long at = System.nanoTime();
                if (second == 4 || second == 12) {
                    s.ctl("restart", LISTENER);
                    done.add("restart at " + second + " s: " + (System.nanoTime() - at) / 1_000_000 + " ms");
                } else {
                    s.kill9(LISTENER);
                    done.add("kill -9 at " + second + " s");
                }
            }
            sleepUntil(t0, 22_000);
            end(s);
            String log = s.log();
            Map<String, Integer> crashes = crashes(log);
            int total = crashes.values().stream().mapToInt(Integer::intValue).sum();
            String listenerLines = log.lines().filter(l -> l.contains(LISTENER)).collect(Collectors.joining("\n"));
            assertTrue(!log.contains("event buffer overflowed"), "supervisord discarded events (" + done + "):\n"
                    + log.lines().filter(l -> l.contains("overflowed")).limit(5).collect(Collectors.joining("\n"))
                    + "\n" + listenerLines);
            assertTrue(total >= 300, "a storm of only " + total + " crashes in 22 s");
            assertEquals(2, Await.occurrences(log, "exited: " + LISTENER + " (terminated by SIGKILL"), listenerLines);

            Map<String, Integer> mailed = Map.of();
            List<String> missing = List.of();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                mailed = mailed(mail);
                missing = missing(crashes, mailed);
                if (missing.isEmpty()) {
                    break;
                }
                Thread.sleep(250);
            }
            if (!missing.isEmpty()) {
                fail(missing.size() + " of " + total + " crashes not mailed, e.g. "
                        + missing.subList(0, Math.min(10, missing.size())) + "\n" + listenerLines + "\n" + tail(s.read("crashmail.log")));
            }
            List<String> twice = new ArrayList<>();
            for (Map.Entry<String, Integer> e : mailed.entrySet()) {
                if (e.getValue() > crashes.getOrDefault(e.getKey(), 0)) {
                    twice.add(e.getKey() + " x" + e.getValue());
                }
            }
            System.err.printf("storm with restarts: %d crashes in 22 s (%.1f/s), %s; %d mails, mailed twice: %s%n",
                    total, total / 22.0, done, mail.messages().length, twice);
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

    private static String config(Path dir, int smtpPort) {
        SupervisordConfig c = SupervisordConfig.base();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < PROGRAMS; i++) {
            String name = String.format("crash_%02d", i);
            names.add(name);
            // each run lives a random 0 to 1 s: with 10 programs, 17 to 22 crashes/s
            c.program(name, "/bin/bash -c 'sleep $(printf 0.%03d $((RANDOM % 1000))); [ -e " + dir.resolve("stop-storm")
                            + " ] && exit 0; exit 1'",
                    "autostart=false", "autorestart=unexpected", "startsecs=0", "stdout_logfile=NONE", "stderr_logfile=NONE");
        }
        c.group("crash", String.join(",", names));
        c.listener(LISTENER, "crashmail -a -m ops@example.com --smtp-host 127.0.0.1:" + smtpPort + " --spool-dir "
                        + dir.resolve("spool"), "PROCESS_STATE_EXITED",
                "buffer_size=100", "autorestart=true", "startsecs=0");
        return c.text();
    }

    /** Stops the crash loops and waits until every program has exited for good. */
    private void end(Supervisord s) throws Exception {
        Files.writeString(dir.resolve("stop-storm"), "");
        long deadline = System.nanoTime() + 15_000_000_000L;
        String status = "";
        while (System.nanoTime() < deadline) {
            status = s.ctl("status", "crash:*");
            if (status.lines().filter(l -> l.contains(" EXITED ")).count() == PROGRAMS) {
                return;
            }
            Thread.sleep(500);
        }
        fail("the storm did not stop:\n" + status);
    }

    /** The crashes supervisord reported, from its log: "crash_NN pid N" and how often (once, unless a pid came back). */
    static Map<String, Integer> crashes(String log) {
        Map<String, String> pids = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (String line : log.lines().toList()) {
            Matcher m = SPAWNED.matcher(line);
            if (m.find()) {
                pids.put(m.group(1), m.group(2));
                continue;
            }
            m = CRASHED.matcher(line);
            if (m.find()) {
                counts.merge(m.group(1) + " pid " + pids.get(m.group(1)), 1, Integer::sum);
            }
        }
        return counts;
    }

    static Map<String, Integer> mailed(MailSink mail) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (MimeMessage m : mail.messages()) {
            Matcher l = MAILED.matcher((String) m.getContent());
            while (l.find()) {
                counts.merge(l.group(1) + " pid " + l.group(2), 1, Integer::sum);
            }
        }
        return counts;
    }

    static List<String> missing(Map<String, Integer> crashes, Map<String, Integer> mailed) {
        List<String> missing = new ArrayList<>();
        crashes.forEach((crash, n) -> {
            if (mailed.getOrDefault(crash, 0) < n) {
                missing.add(crash);
            }
        });
        return missing;
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static void sleepUntil(long t0, long millis) throws InterruptedException {
        long left = t0 + millis * 1_000_000 - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
