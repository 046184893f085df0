package io.superlance.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** memmon under a real supervisord, on TICK_5, with python3 processes that hold ~100 MB. */
class MemmonIT {
    @TempDir
    Path dir;

    static final String HOG = """
            import sys, time
            hold = b'x' * (int(sys.argv[1]) * 1024 * 1024)  # written, so resident
            print('holding', len(hold), flush=True)
            time.sleep(86400)
            """;

    private String config() throws Exception {
        Files.writeString(dir.resolve("hog.py"), HOG);
        Path tree = dir.resolve("tree.sh");
        Files.writeString(tree, "#!/bin/sh\n# a small parent whose child holds the memory\npython3 " + dir.resolve("hog.py") + " 100 &\nwait\n");
        tree.toFile().setExecutable(true);
        String sendmail = Supervisord.basedir().resolve("scripts/sendmail-to-dir").toString();
        String memmon = Supervisord.launcher() + " memmon -m ops@example.com ";
        return Supervisord.BASE_CONFIG + """
                [program:big]
                command=python3 %(here)s/hog.py 100
                startsecs=1

                [program:small]
                command=python3 %(here)s/hog.py 1
                startsecs=1

                [program:tree]
                command=%(here)s/tree.sh
                startsecs=1
                stopasgroup=true
                killasgroup=true

                [program:slowbig]
                command=python3 %(here)s/hog.py 100
                startsecs=1

                [group:loopers]
                programs=loopbig

                [program:loopbig]
                command=python3 %(here)s/hog.py 100
                startsecs=1

                [eventlistener:plain]
                command=MEMMON -s 'SENDMAIL %(here)s/mail-plain' -p big=60MB --program=small=60MB -ptree=60MB
                events=TICK_5
                stderr_logfile=%(here)s/plain.log

                [eventlistener:cumulative]
                command=MEMMON -s 'SENDMAIL %(here)s/mail-cumulative' -c -p tree=60MB
                events=TICK_5
                stderr_logfile=%(here)s/cumulative.log

                [eventlistener:patient]
                command=MEMMON -s 'SENDMAIL %(here)s/mail-patient' --for 3 -p slowbig=60MB -n patient
                events=TICK_5
                stderr_logfile=%(here)s/patient.log

                [eventlistener:budget]
                command=MEMMON -s 'SENDMAIL %(here)s/mail-budget' --max-restarts 1/1h --groupname loopers=60MB
                events=TICK_5
                stderr_logfile=%(here)s/budget.log
                """.replace("MEMMON", memmon).replace("SENDMAIL", sendmail);
    }

    @Test
    void restartsWhatPassesItsLimit_leavesTheRestAlone_countsChildrenWithC_waitsWithFor_andStopsAtTheBudget() throws Exception {
        try (Supervisord s = Supervisord.start(dir, config())) {
            for (String p : List.of("big", "small", "tree", "slowbig", "loopers:loopbig")) {
                s.awaitState(p, "RUNNING", Duration.ofSeconds(15));
            }
            // Ticks may come before every program is up, so restarts are counted in supervisord's spawn log lines.

            // big: over 60MB on the first tick: restarted and mailed.
            List<Path> plain = CrashmailIT.awaitFiles(dir.resolve("mail-plain"), 1, Duration.ofSeconds(20));
            assertTrue(plain.size() >= 1, "no memmon mail for big\n" + s.read("plain.log"));
            String mail = mail(plain.get(0));
            assertTrue(mail.contains("Subject: memmon: process big:big restarted"), mail);
            assertTrue(mail.matches("(?s).*memmon restarted the process named big:big at \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4} "
                    + "because it was consuming too much memory \\(\\d{9} bytes RSS\\).*"), mail);
            assertTrue(spawns(s, "big") >= 2, s.log());

            // tree: its own RSS is small, its child's is not; only the -c listener restarts it.
            List<Path> cumulative = CrashmailIT.awaitFiles(dir.resolve("mail-cumulative"), 1, Duration.ofSeconds(20));
            assertTrue(cumulative.size() >= 1, "no -c mail for tree\n" + s.read("cumulative.log"));
            assertTrue(mail(cumulative.get(0)).contains("Subject: memmon: process tree:tree restarted"));
            assertTrue(spawns(s, "tree") >= 2, s.log());

            // --for 3: two checks over the limit are only logged, the third restarts.
            List<Path> patient = CrashmailIT.awaitFiles(dir.resolve("mail-patient"), 1, Duration.ofSeconds(30));
            String patientLog = s.read("patient.log");
            assertTrue(patient.size() >= 1, "no --for mail\n" + patientLog);
            assertTrue(mail(patient.get(0)).contains("Subject: memmon [patient]: process slowbig:slowbig restarted"));
            int first = patientLog.indexOf("(1 of 3 checks before a restart)");
            int second = patientLog.indexOf("(2 of 3 checks before a restart)");
            int restart = patientLog.indexOf("slowbig is in RUNNING state, restarting");
            assertTrue(first >= 0 && second > first && restart > second, patientLog);

            // --max-restarts 1/1h: one restart, then one alert saying it stops, then nothing more.
            List<Path> budget = CrashmailIT.awaitFiles(dir.resolve("mail-budget"), 2, Duration.ofSeconds(30));
            assertEquals(2, budget.size(), s.read("budget.log"));
            assertTrue(mail(budget.get(0)).contains("Subject: memmon: process loopers:loopbig restarted"), mail(budget.get(0)));
            assertTrue(mail(budget.get(1)).contains(
                    "Subject: memmon: process loopers:loopbig not restarted: --max-restarts 1/1h reached"), mail(budget.get(1)));
            int afterRestart = s.pid("loopers:loopbig");
            awaitCount(s, "budget.log", "(--max-restarts 1/1h): not restarting", 2, Duration.ofSeconds(15));
            assertEquals(2, CrashmailIT.files(dir.resolve("mail-budget")).size(), s.read("budget.log"));
            assertEquals(afterRestart, s.pid("loopers:loopbig"));
            assertEquals(2, spawns(s, "loopbig"), s.log());

            // The budget outlives the listener: after a kill -9, the next one neither restarts nor alerts again.
            int listener = s.pid("budget");
            int refusals = occurrences(s.read("budget.log"), "(--max-restarts 1/1h): not restarting");
            s.kill9("budget");
            awaitCount(s, "budget.log", "restored what memmon had gathered", 1, Duration.ofSeconds(20));
            awaitCount(s, "budget.log", "(--max-restarts 1/1h): not restarting", refusals + 2, Duration.ofSeconds(20));
            assertTrue(s.pid("budget") != listener, s.log());
            assertEquals(2, CrashmailIT.files(dir.resolve("mail-budget")).size(), s.read("budget.log"));
            assertEquals(2, spawns(s, "loopbig"), s.log());

            // small stays, and the plain listener mailed about big only (not tree: without -c it is small).
            assertEquals(1, spawns(s, "small"), s.log());
            for (Path p : CrashmailIT.files(dir.resolve("mail-plain"))) {
                assertTrue(mail(p).contains("process big:big restarted"), mail(p));
            }
        }
    }

    /** A mail file with folded header lines unfolded. */
    static String mail(Path file) throws Exception {
        return Files.readString(file).replace("\n ", " ");
    }

    /** How often supervisord started the program: its log says {@code spawned: 'NAME' with pid N}. */
    static int spawns(Supervisord s, String name) throws Exception {
        return occurrences(s.log(), "spawned: '" + name + "' with pid");
    }

    static void awaitCount(Supervisord s, String file, String text, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (occurrences(s.read(file), text) >= count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("'" + text + "' not " + count + " times in " + file + " within " + timeout + "\n" + s.read(file));
    }

    static int occurrences(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * supervisorctl stop memmon while memmon restarts a program that takes 3 s to stop: the listener
     * finishes the restart before it exits, so the program is not left STOPPED.
     */
    @Test
    void aRestartUnderWayWhenSupervisordStopsMemmonIsFinished() throws Exception {
        Files.writeString(dir.resolve("slowstop.py"), """
                import signal, sys, time
                def term(*_):
                    time.sleep(3)
                    sys.exit(0)
                signal.signal(signal.SIGTERM, term)
                print('up', flush=True)
                while True:
                    time.sleep(1)
                """);
        String config = Supervisord.BASE_CONFIG + """
                [program:slowstop]
                command=python3 %(here)s/slowstop.py
                startsecs=1
                stopwaitsecs=10

                [eventlistener:memmon]
                command=LAUNCHER memmon -s 'SENDMAIL %(here)s/mail-stop' -p slowstop=1MB
                events=TICK_5
                stderr_logfile=%(here)s/memmon.log
                """.replace("LAUNCHER", Supervisord.launcher().toString())
                .replace("SENDMAIL", Supervisord.basedir().resolve("scripts/sendmail-to-dir").toString());
        try (Supervisord s = Supervisord.start(dir, config)) {
            s.awaitState("slowstop", "STOPPING", Duration.ofSeconds(20)); // memmon's restart has begun
            s.ctl("stop", "memmon");
            s.awaitState("slowstop", "RUNNING", Duration.ofSeconds(10));
            String log = s.read("memmon.log");
            assertTrue(log.contains("waiting up to 8 s for the restart of slowstop"), log);
            assertTrue(log.contains("slowstop restarted"), log);
        }
    }
}
