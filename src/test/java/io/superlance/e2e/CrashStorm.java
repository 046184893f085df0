package io.superlance.e2e;

import jakarta.mail.internet.MimeMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Programs that crash in a loop under a real supervisord, each run living a random 0 to {@code maxLife}
 * seconds (10 programs and 1 s: 17 to 22 crashes/s on 2 cores), watched by crashmail {@code -a} in a pool
 * of {@code buffer} events; for {@code StormRestartIT} and the storm benchmark (docs/RELIABILITY.md).
 */
public record CrashStorm(Path dir, int programs, double maxLife, int buffer) {
    public static final String LISTENER = "crashmail";
    private static final Pattern SPAWNED = Pattern.compile("spawned: '(crash_\\d+)' with pid (\\d+)");
    private static final Pattern CRASHED = Pattern.compile("exited: (crash_\\d+) \\(exit status 1; not expected\\)");
    private static final Pattern MAILED = Pattern.compile(
            "Process (crash_\\d+) in group crash exited unexpectedly \\(pid (\\d+)\\)");

    /**
     * supervisord.conf: the programs (not started) and the listener, mailing to {@code smtpPort}; {@code more} joins its
     * arguments, {@code listenerLines} its section (e.g. an {@code environment=} line).
     */
    public String config(int smtpPort, String more, String... listenerLines) {
        SupervisordConfig c = SupervisordConfig.base();
        List<String> names = new ArrayList<>();
        int millis = (int) Math.round(maxLife * 1000);
        for (int i = 0; i < programs; i++) {
            String name = String.format("crash_%02d", i);
            names.add(name);
            // supervisord reads % as its own expansions: %% is one %
            c.program(name, "/bin/bash -c 'r=$((RANDOM %% " + (millis + 1) + ")); sleep $(printf %%d.%%03d $((r / 1000)) $((r %% 1000)));"
                            + " [ -e " + stopFile() + " ] && exit 0; exit 1'",
                    "autostart=false", "autorestart=unexpected", "startsecs=0", "stdout_logfile=NONE", "stderr_logfile=NONE");
        }
        c.group("crash", String.join(",", names));
        c.listener(LISTENER, "crashmail -a -m ops@example.com --smtp-host 127.0.0.1:" + smtpPort + " --spool-dir "
                + spool() + (more.isEmpty() ? "" : " " + more), "PROCESS_STATE_EXITED",
                concat(List.of("buffer_size=" + buffer, "autorestart=true", "startsecs=0"), listenerLines));
        return c.text();
    }

    private static String[] concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    public Path spool() {
        return dir.resolve("spool");
    }

    private Path stopFile() {
        return dir.resolve("stop-storm");
    }

    /** Once the listener listens, starts the programs. */
    public void begin(Supervisord s) throws Exception {
        s.awaitState(LISTENER, "RUNNING", java.time.Duration.ofSeconds(20));
        Await.until(java.time.Duration.ofSeconds(30), () -> s.read(LISTENER + ".log").contains("pending alerts are kept"),
                () -> "crashmail did not start\n" + s.read(LISTENER + ".log"));
        s.ctl("start", "crash:*");
    }

    /** Stops the crash loops and waits until every program has exited for good. */
    public void end(Supervisord s) throws Exception {
        end(s, stopFile(), programs);
    }

    /** Creates {@code stopFile}, on which each crash loop exits 0, and waits until the group's {@code programs} have exited for good. */
    static void end(Supervisord s, Path stopFile, int programs) throws Exception {
        Files.writeString(stopFile, "");
        long deadline = System.nanoTime() + 15_000_000_000L;
        String status = "";
        while (System.nanoTime() < deadline) {
            status = s.ctl("status", "crash:*");
            if (status.lines().filter(l -> l.contains(" EXITED ")).count() == programs) {
                return;
            }
            Thread.sleep(500);
        }
        fail("the storm did not stop:\n" + status);
    }

    /**
     * Restarts the listener ({@code supervisorctl restart}) and kills it ({@code kill -9}), {@code times} each,
     * in turn; each action 2 s after the listener listens again and has caught up with the crashes so far,
     * so that on a slow machine (where a restart can take seconds) two outages never add up in the buffer.
     * @return what was done, with how long the listener took to listen again and to catch up
     */
    public List<String> outages(Supervisord s, int times) throws Exception {
        long t0 = System.nanoTime();
        List<String> done = new ArrayList<>();
        for (int k = 0; k < 2 * times; k++) {
            Thread.sleep(2000);
            long at = System.nanoTime();
            int runs = listening(s);
            if (k % 2 == 0) {
                s.ctl("restart", LISTENER);
            } else {
                s.kill9(LISTENER);
            }
            Await.until(java.time.Duration.ofSeconds(30), () -> listening(s) > runs, () -> "the listener did not start again\n" + s.log());
            long listened = System.nanoTime();
            Await.until(java.time.Duration.ofSeconds(30), () -> caughtUp(s), () -> "the listener did not catch up\n" + s.log());
            done.add((k % 2 == 0 ? "restart" : "kill -9") + " at " + (at - t0) / 1_000_000_000 + " s, listening again "
                    + (listened - at) / 1_000_000 + " ms later, caught up " + (System.nanoTime() - listened) / 1_000_000 + " ms later");
        }
        return done;
    }

    /** How many times a listener started: each says which events it wants when it starts. */
    public static int listening(Supervisord s) throws Exception {
        return Await.occurrences(s.read(LISTENER + ".log"), "wants events");
    }

    /** The listener has raised an alert for all but a few of the crashes supervisord reported (and did not discard) so far. */
    public static boolean caughtUp(Supervisord s) throws Exception {
        String log = s.log();
        long crashes = log.lines().filter(l -> l.contains("exited: crash_") && l.contains("not expected")).count();
        long alerts = s.read(LISTENER + ".log").lines().filter(l -> l.contains(" crashed at ") && l.contains("exited unexpectedly")).count();
        return alerts >= crashes - overflows(log) - 5;
    }

    /** The crashes supervisord reported, from its log: "crash_NN pid N" and how often (once, unless a pid came back). */
    public static Map<String, Integer> crashes(String log) {
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

    /** The crashes the mails received tell, the same way. */
    public static Map<String, Integer> mailed(MailSink mail) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (MimeMessage m : mail.messages()) {
            Matcher l = MAILED.matcher((String) m.getContent());
            while (l.find()) {
                counts.merge(l.group(1) + " pid " + l.group(2), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Crashes mailed fewer times than they happened. */
    public static List<String> missing(Map<String, Integer> crashes, Map<String, Integer> mailed) {
        List<String> missing = new ArrayList<>();
        crashes.forEach((crash, n) -> {
            if (mailed.getOrDefault(crash, 0) < n) {
                missing.add(crash);
            }
        });
        return missing;
    }

    /** Crashes mailed more times than they happened. */
    public static List<String> twice(Map<String, Integer> crashes, Map<String, Integer> mailed) {
        List<String> twice = new ArrayList<>();
        mailed.forEach((crash, n) -> {
            if (n > crashes.getOrDefault(crash, 0)) {
                twice.add(crash + " x" + n);
            }
        });
        return twice;
    }

    /** Events supervisord discarded: its "event buffer overflowed" lines. */
    public static int overflows(String log) {
        return Await.occurrences(log, "event buffer overflowed");
    }
}
