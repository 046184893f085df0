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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The event storm (issue 6): 30 programs crash-looping under a real supervisord (the storm with its default
 * event buffer of 10, the kill with the buffer of 30 that docs/RELIABILITY.md recommends), crashmailbatch listening, the SMTP server hanging for the first half and then working.
 * Nothing may be lost: not by supervisord's buffer (the listener must acknowledge promptly), not while
 * the mail server hangs (the spool), not when the listener is killed with {@code kill -9} (the spool and
 * the journal of gathered lines). See docs/RELIABILITY.md.
 */
@Tag("alone") // measures timing and memory: failsafe runs it with the machine to itself
class ReliabilityIT {
    static final int PROGRAMS = 30;
    static final String LISTENER = "crashmailbatch";
    /**
     * SMTP hangs for at least this many seconds of the storm, and until the listener has tried it (digests go
     * at TICK_5, so its first try comes 3 to 8 s after the first crash); then it works for as many again.
     */
    static final int HANG_SECONDS = 6;

    private static final Pattern SPAWNED = Pattern.compile("spawned: '(crash_\\d+)' with pid (\\d+)");
    private static final Pattern CRASHED = Pattern.compile("exited: (crash_\\d+) \\(exit status 1; not expected\\)");
    private static final Pattern LINE = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} -- Process crash:(crash_\\d+) \\(pid (\\d+)\\) died unexpectedly$");
    /** What supervisord logs when the listener breaks the protocol, fails an event, or events are lost. */
    private static final List<String> TROUBLE = List.of("event buffer overflowed", "UNKNOWN", "bad result line",
            "event was rejected", "event caused an error", "too many");

    @TempDir
    Path dir;

    @Test
    void stormWithSmtpHangingThenWorking_everyCrashDelivered_noOverflow_memoryFlat() throws Exception {
        // About 13 crashes/s: at 16/s supervisord's own loop (it forks every restarted program between handing out
        // events) overflowed its buffer of 10 in 2 of 8 CI runs on 2 CPUs with the listener answering in milliseconds
        // (docs/RELIABILITY.md); the test is about the listener, so it leaves supervisord that margin.
        Storm storm = new Storm(dir, 1.3, 2.0, 10);
        List<Long> rss = new ArrayList<>();
        MailSink mail = null;
        HangingServer hanging = new HangingServer();
        int port = hanging.port();
        try (Supervisord s = Supervisord.start(dir, storm.config(port))) {
            int listener = storm.begin(s);
            long t0 = System.nanoTime();
            int recoveredAt = 0;
            int second = 0;
            while (recoveredAt == 0 || second < 2 * recoveredAt) {
                second++;
                sleepUntil(t0, second * 1000L);
                if (second % 2 == 0) {
                    rss.add(rssKb(listener));
                }
                if (recoveredAt == 0 && second >= HANG_SECONDS && hanging.accepted() > 0) {
                    mail = hanging.recover();
                    recoveredAt = second;
                }
                if (recoveredAt == 0 && second >= 3 * HANG_SECONDS) {
                    fail("the listener never tried the hanging server in " + second + " s\n" + s.read("listener.log"));
                }
            }
            int stormSeconds = second;
            storm.end(s);
            rss.add(rssKb(listener));

            Crashes crashes = Crashes.fromLog(s.log());
            String log = s.log();
            assertNoTrouble(log, s);
            Delivered delivered = awaitDelivered(mail, crashes, s);
            assertEquals(0, crashes.fatal, "programs went FATAL instead of crash-looping");
            assertTrue(crashes.total() >= 11 * stormSeconds, "a storm of only " + crashes.total() + " crashes in " + stormSeconds + " s");
            assertEquals(listener, s.pid(LISTENER), "the listener was restarted\n" + log);
            assertTrue(delivered.duplicates.isEmpty(), "crashes mailed twice: " + delivered.duplicates);
            assertEquals(delivered.digests, delivered.messageIds, "a digest was sent twice");
            assertTrue(!s.read("listener.log").contains("ERROR"), s.read("listener.log"));

            long early = Math.max(rss.get(0), rss.get(1));
            long last = rss.get(rss.size() - 1);
            System.err.printf("reliability storm: %d crashes in %d s (%.0f/s), %d digests, %d connections to the hanging"
                            + " server (working from second %d); listener VmRSS every 2 s (MB): %s%n", crashes.total(), stormSeconds,
                    crashes.total() / (double) stormSeconds,
                    delivered.digests, hanging.accepted(), recoveredAt, mb(rss));
            assertTrue(last <= early + 15 * 1024, "the listener's memory grew: " + mb(rss) + " MB");
        } finally {
            hanging.close();
            if (mail != null) {
                mail.close();
            }
        }
    }

    @Test
    void listenerKilledDuringTheStorm_losesNothing() throws Exception {
        // A gentler storm (about 10 crashes/s). While the killed listener restarts (0.1 s to 0.6 s, more on a loaded
        // machine) supervisord keeps the events in the pool's buffer; the default 10 is about one second of this storm,
        // which a slow restart used up in CI. The test is about what the listener loses, so its pool gets the buffer
        // docs/RELIABILITY.md tells operators to set: at least the number of programs that can die together.
        Storm storm = new Storm(dir, 2, 2, PROGRAMS);
        MailSink mail = null;
        HangingServer hanging = new HangingServer();
        int port = hanging.port();
        try (Supervisord s = Supervisord.start(dir, storm.config(port))) {
            int first = storm.begin(s);
            long t0 = System.nanoTime();
            // a digest waits in the spool (the server hangs), and lines are gathered for the next one
            Path spool = dir.resolve("state").resolve(LISTENER);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (SpoolFiles.alerts(spool) == 0 || !s.read("listener.log").contains("not sent via smtp")) {
                if (System.nanoTime() > deadline) {
                    fail("no pending digest in " + spool + "\n" + s.read("listener.log"));
                }
                Thread.sleep(100);
            }
            sleepUntil(t0, Math.max(4000, (System.nanoTime() - t0) / 1_000_000 + 500));
            long pending = SpoolFiles.alerts(spool);
            new ProcessBuilder("kill", "-9", Integer.toString(first)).inheritIO().start().waitFor();
            long killedAt = (System.nanoTime() - t0) / 1_000_000;
            int second = awaitNewPid(s, first);

            long recovered = killedAt + 2500;
            sleepUntil(t0, recovered);
            mail = hanging.recover();
            sleepUntil(t0, recovered + 4000);
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            storm.end(s);

            Crashes crashes = Crashes.fromLog(s.log());
            String log = s.log();
            if (log.contains("event buffer overflowed")) {
                fail("supervisord's event buffer (" + storm.buffer() + ") overflowed: supervisord discarded events,"
                        + " so this run cannot show that the listener loses nothing (listener killed at " + killedAt + " ms, listening again "
                        + downtimeMs(log, s.read("listener.log")) + " ms later). supervisord's lines about the listener:\n"
                        + log.lines().filter(l -> l.contains(LISTENER)).collect(Collectors.joining("\n"))
                        + "\nlistener:\n" + s.read("listener.log"));
            }
            Delivered delivered = awaitDelivered(mail, crashes, s);
            assertNoTrouble(log, s);
            assertEquals(0, crashes.fatal, "programs went FATAL instead of crash-looping");
            assertTrue(crashes.total() >= 8 * seconds, "a storm of only " + crashes.total() + " crashes in " + seconds + " s");
            assertTrue(s.read("listener.log").contains("restored what it had gathered"), s.read("listener.log"));
            // the listener's own death is a crash too: its successor reports it
            String own = "Process " + LISTENER + ":" + LISTENER + " (pid " + first + ") died unexpectedly";
            boolean reported = false;
            for (MimeMessage m : mail.messages()) {
                reported |= ((String) m.getContent()).contains(own);
            }
            assertTrue(reported, "no digest says '" + own + "'");
            System.err.printf("reliability kill -9: %d crashes in %d s (%.0f/s), listener pid %d killed at %d ms with %d"
                            + " digest(s) pending, listening again %d ms later as pid %d; %d digests delivered, %d crash"
                            + " line(s) repeated%n", crashes.total(), seconds, crashes.total() / (double) seconds, first, killedAt, pending,
                    downtimeMs(log, s.read("listener.log")), second, delivered.digests, delivered.duplicates.size());
        } finally {
            hanging.close();
            if (mail != null) {
                mail.close();
            }
        }
    }

    /**
     * 30 programs that crash until a stop file appears, then exit 0 and stay down. Each has its own period,
     * from {@code base} to {@code base + spread} seconds: programs with one period crash in step, and when
     * more than 10 exit between two turns of supervisord's loop, its buffer overflows whatever the
     * listener does (docs/RELIABILITY.md).
     */
    private record Storm(Path dir, double base, double spread, int buffer) {
        String config(int smtpPort) {
            StringBuilder programs = new StringBuilder();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < PROGRAMS; i++) {
                String name = String.format("crash_%02d", i);
                names.add(name);
                programs.append("[program:").append(name).append("]\n")
                        .append(String.format("command=/bin/sh -c 'sleep %.3f; [ -e %s ] && exit 0; exit 1'%n",
                                base + spread * i / PROGRAMS, dir.resolve("stop-storm")))
                        .append("autostart=false\nautorestart=unexpected\nstartsecs=0\n")
                        .append("stdout_logfile=NONE\nstderr_logfile=NONE\n");
            }
            return SupervisordConfig.base().group("crash", String.join(",", names)).text() + """
                    PROGRAMS[eventlistener:crashmailbatch]
                    command=LAUNCHER crashmailbatch -t ops@example.com -f alerts@example.com -H 127.0.0.1:PORT --smtp-timeout 2 --retry-max 2s -e TICK_5 -i 0.05
                    events=PROCESS_STATE_EXITED,TICK_5
                    buffer_size=BUFFER
                    autorestart=true
                    startsecs=0
                    stdout_logfile=NONE
                    stderr_logfile=%(here)s/listener.log
                    """.replace("LAUNCHER", Supervisord.launcher().toString())
                    .replace("PORT", Integer.toString(smtpPort))
                    .replace("BUFFER", Integer.toString(buffer))
                    .replace("PROGRAMS", programs);
        }

        /** Starts the programs once the listener runs; returns the listener's pid. */
        int begin(Supervisord s) throws Exception {
            s.awaitState(LISTENER, "RUNNING", Duration.ofSeconds(10));
            s.ctl("start", "crash:*");
            return s.pid(LISTENER);
        }

        /** Stops the crash loops and waits until every program has exited for good. */
        void end(Supervisord s) throws Exception {
            CrashStorm.end(s, dir.resolve("stop-storm"), PROGRAMS);
        }
    }

    /** The crashes supervisord reported (EXITED with expected:0), from its log: program name and pid. */
    private record Crashes(Map<String, Integer> counts, int fatal) {
        static Crashes fromLog(String log) {
            Map<String, String> pids = new HashMap<>();
            Map<String, Integer> counts = new HashMap<>();
            int fatal = 0;
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
                if (line.contains("gave up: crash_")) {
                    fatal++;
                }
            }
            return new Crashes(counts, fatal);
        }

        int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** What the digests received so far say. */
    private record Delivered(int digests, int messageIds, Map<String, Integer> counts, List<String> missing,
                             List<String> duplicates) {
        static Delivered of(MailSink mail, Crashes crashes) throws Exception {
            Map<String, Integer> counts = new HashMap<>();
            Set<String> ids = new HashSet<>();
            MimeMessage[] got = mail == null ? new MimeMessage[0] : mail.messages();
            for (MimeMessage m : got) {
                ids.add(m.getMessageID());
                for (String line : ((String) m.getContent()).strip().lines().toList()) {
                    Matcher l = LINE.matcher(line);
                    if (l.matches()) {
                        counts.merge(l.group(1) + " pid " + l.group(2), 1, Integer::sum);
                    }
                }
            }
            List<String> missing = new ArrayList<>();
            List<String> duplicates = new ArrayList<>();
            crashes.counts.forEach((crash, n) -> {
                int seen = counts.getOrDefault(crash, 0);
                if (seen < n) {
                    missing.add(crash);
                } else if (seen > n) {
                    duplicates.add(crash);
                }
            });
            counts.keySet().stream().filter(c -> !crashes.counts.containsKey(c)).forEach(c -> missing.add("unknown " + c));
            return new Delivered(got.length, ids.size(), counts, missing, duplicates);
        }
    }

    /** Waits until every crash is in a delivered digest (the ones after the last window go out at the next tick). */
    private static Delivered awaitDelivered(MailSink mail, Crashes crashes, Supervisord s) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Delivered d = Delivered.of(mail, crashes);
        while (!d.missing.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            d = Delivered.of(mail, crashes);
        }
        if (!d.missing.isEmpty()) {
            List<String> some = d.missing.subList(0, Math.min(20, d.missing.size()));
            fail(d.missing.size() + " of " + crashes.total() + " crashes not in any of the " + d.digests
                    + " digests delivered, e.g. " + some + "\n" + s.read("listener.log"));
        }
        return d;
    }

    private static void assertNoTrouble(String log, Supervisord s) throws Exception {
        for (String line : log.lines().toList()) {
            for (String t : TROUBLE) {
                if (line.contains(t)) {
                    fail("supervisord logged: " + line + "\n" + s.read("listener.log"));
                }
            }
        }
    }

    /**
     * The pid of the listener supervisord started after {@code old}, from its log: supervisorctl (a Python
     * start-up per call) would take the CPU the restarting listener needs.
     */
    private static int awaitNewPid(Supervisord s, int old) throws Exception {
        Pattern spawned = Pattern.compile("spawned: '" + LISTENER + "' with pid (\\d+)");
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            Matcher m = spawned.matcher(s.log());
            int pid = old;
            while (m.find()) {
                pid = Integer.parseInt(m.group(1));
            }
            if (pid != old) {
                return pid;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("supervisord did not restart the listener\n" + s.log());
    }

    /** From supervisord's note of the listener's death to its successor's first words, in ms. */
    private static long downtimeMs(String supervisordLog, String listenerLog) {
        Pattern died = Pattern.compile("^(\\S+ \\S+) \\S+ exited: " + LISTENER + " \\(terminated by SIGKILL", Pattern.MULTILINE);
        Pattern listening = Pattern.compile("^(\\S+ \\S+) INFO " + LISTENER + ": wants events", Pattern.MULTILINE);
        Matcher d = died.matcher(supervisordLog);
        Matcher l = listening.matcher(listenerLog);
        if (!d.find() || !l.find() || !l.find()) {
            return -1;
        }
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
        return Duration.between(java.time.LocalDateTime.parse(d.group(1), f), java.time.LocalDateTime.parse(l.group(1), f))
                .toMillis();
    }

    /** The resident memory of a process, in kB (VmRSS in /proc/PID/status). */
    static long rssKb(int pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid);
    }

    private static String mb(List<Long> kb) {
        StringBuilder b = new StringBuilder();
        for (long k : kb) {
            b.append(b.length() == 0 ? "" : " ").append(String.format("%.1f", k / 1024.0));
        }
        return b.toString();
    }

    private static void sleepUntil(long t0, long millis) throws InterruptedException {
        long left = t0 + millis * 1_000_000 - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
