package io.superlance.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** memmon against python3 processes that hold ~100 MB under a real supervisord. */
class MemmonIT {
    @TempDir
    Path dir;

    static final String HOG = """
            import sys, time
            hold = b'x' * (int(sys.argv[1]) * 1024 * 1024)  # written, so resident
            print('holding', len(hold), flush=True)
            time.sleep(86400)
            """;

    /** Ticks for the listeners the driver runs: often enough that a test waits for checks, not for ticks. */
    static final Duration TICKS = Duration.ofMillis(500);

    /** memmon mailing to {@code box}, run by the driver as listener {@code name}, on this supervisord. */
    private ListenerDriver.Builder memmon(Supervisord s, String name, Mailbox box, String... options) {
        String[] args = new String[options.length + 5];
        System.arraycopy(new String[] {"memmon", "-m", "ops@example.com", "-s", box.command()}, 0, args, 0, 5);
        System.arraycopy(options, 0, args, 5, options.length);
        return ListenerDriver.superlance(dir, args).named(name).rpc(s).stderr(name + ".log");
    }

    /**
     * Decisions on the listener's own checks: the driver ticks as fast as the checks go, while supervisord runs
     * the programs and carries out the restarts memmon asks for over RPC.
     */
    @Test
    void restartsWhatPassesItsLimit_leavesTheRestAlone_countsChildrenWithC_waitsWithFor_andStopsAtTheBudget() throws Exception {
        Files.writeString(dir.resolve("hog.py"), HOG);
        Path tree = dir.resolve("tree.sh");
        Files.writeString(tree, "#!/bin/sh\n# a small parent whose child holds the memory\npython3 " + dir.resolve("hog.py") + " 100 &\nwait\n");
        tree.toFile().setExecutable(true);
        SupervisordConfig config = SupervisordConfig.base()
                .program("big", "python3 %(here)s/hog.py 100", "startsecs=1", "stdout_logfile=%(here)s/big.out")
                .program("small", "python3 %(here)s/hog.py 1", "startsecs=1", "stdout_logfile=%(here)s/small.out")
                .program("tree", "%(here)s/tree.sh", "startsecs=1", "stopasgroup=true", "killasgroup=true",
                        "stdout_logfile=%(here)s/tree.out")
                .program("slowbig", "python3 %(here)s/hog.py 100", "startsecs=1", "stdout_logfile=%(here)s/slowbig.out")
                .group("loopers", "loopbig")
                .program("loopbig", "python3 %(here)s/hog.py 100", "startsecs=1", "stdout_logfile=%(here)s/loopbig.out");
        Mailbox plainBox = new Mailbox(dir.resolve("mail-plain"));
        Mailbox cumulativeBox = new Mailbox(dir.resolve("mail-cumulative"));
        Mailbox patientBox = new Mailbox(dir.resolve("mail-patient"));
        Mailbox budgetBox = new Mailbox(dir.resolve("mail-budget"));
        String refusal = "(--max-restarts 1/1h): not restarting";
        int afterRestart;
        try (Supervisord s = Supervisord.start(dir, config)) {
            for (String p : List.of("big", "small", "tree", "slowbig", "loopbig")) {
                // RUNNING is one second after the start; the memory is all there once the hog says so
                Await.count(() -> s.read(p + ".out"), "holding", 1, Duration.ofSeconds(15));
            }
            List<ListenerDriver> listeners = ListenerDriver.startAll(List.of(
                    memmon(s, "plain", plainBox, "-p", "big=60MB", "--program=small=60MB", "-ptree=60MB"),
                    memmon(s, "cumulative", cumulativeBox, "-c", "-p", "tree=60MB"),
                    memmon(s, "patient", patientBox, "--for", "3", "-p", "slowbig=60MB", "-n", "patient"),
                    memmon(s, "budget", budgetBox, "--max-restarts", "1/1h", "--groupname", "loopers=60MB")));
            try (ListenerDriver plain = listeners.get(0); ListenerDriver cumulative = listeners.get(1);
                 ListenerDriver patient = listeners.get(2); ListenerDriver budget = listeners.get(3)) {
                // Each until it has done what is asserted below; the programs' restarts go on side by side.
                Map<ListenerDriver, Await.Condition> goals = new LinkedHashMap<>();
                goals.put(plain, () -> plainBox.size() >= 1);
                goals.put(cumulative, () -> cumulativeBox.size() >= 1);
                goals.put(patient, () -> patientBox.size() >= 1);
                goals.put(budget, () -> budgetBox.size() >= 2);
                ListenerDriver.tickUntil(Duration.ofSeconds(40), TICKS, goals);

                // big: over 60MB on the first check: restarted and mailed.
                String mail = plainBox.mails().get(0);
                assertTrue(mail.contains("Subject: memmon: process big:big restarted"), mail);
                assertTrue(mail.matches("(?s).*memmon restarted the process named big:big at \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4} \\S+ "
                        + "because it was consuming too much memory \\(\\d{9} bytes RSS\\).*"), mail);
                assertTrue(s.spawns("big") >= 2, s.log());

                // tree: its own RSS is small, its child's is not; only the -c listener restarts it.
                assertTrue(cumulativeBox.mails().get(0).contains("Subject: memmon: process tree:tree restarted"));
                assertTrue(s.spawns("tree") >= 2, s.log());

                // --for 3: two checks over the limit are only logged, the third restarts.
                assertTrue(patientBox.mails().get(0).contains("Subject: memmon [patient]: process slowbig:slowbig restarted"));
                String patientLog = patient.log();
                int first = patientLog.indexOf("(1 of 3 checks before a restart)");
                int second = patientLog.indexOf("(2 of 3 checks before a restart)");
                int restart = patientLog.indexOf("slowbig is in RUNNING state, restarting");
                assertTrue(first >= 0 && second > first && restart > second, patientLog);

                // small stays, and the plain listener mailed about big only (not tree: without -c it is small).
                assertEquals(1, s.spawns("small"), s.log());
                for (String m : plainBox.mails()) {
                    assertTrue(m.contains("process big:big restarted"), m);
                }

                // --max-restarts 1/1h: one restart, then one alert saying it stops, then nothing more.
                List<String> mails = budgetBox.mails();
                assertEquals(2, mails.size(), budget.log());
                assertTrue(mails.get(0).contains("Subject: memmon: process loopers:loopbig restarted"), mails.get(0));
                assertTrue(mails.get(1).contains(
                        "Subject: memmon: process loopers:loopbig not restarted: --max-restarts 1/1h reached"), mails.get(1));
                afterRestart = s.pid("loopers:loopbig");
                Await.until(Duration.ofSeconds(15), TICKS, budget::tick5, () -> Await.occurrences(budget.log(), refusal) >= 2,
                        () -> "not two refusals\n" + budget.log());
                assertEquals(2, budgetBox.size(), budget.log());
                assertEquals(afterRestart, s.pid("loopers:loopbig"));
                assertEquals(2, s.spawns("loopbig"), s.log());
                budget.kill9();
            }
            // The budget outlives the listener: after a kill -9, the next one neither restarts nor alerts again.
            try (ListenerDriver next = memmon(s, "budget", budgetBox, "--max-restarts", "1/1h", "--groupname", "loopers=60MB")
                    .stderr("budget-next.log").start()) {
                next.awaitLog("restored what it had gathered", Duration.ofSeconds(10));
                Await.until(Duration.ofSeconds(20), TICKS, next::tick5, () -> Await.occurrences(next.log(), refusal) >= 2,
                        () -> "not two refusals after the restart\n" + next.log());
                assertEquals(2, budgetBox.size(), next.log());
                assertEquals(afterRestart, s.pid("loopers:loopbig"));
                assertEquals(2, s.spawns("loopbig"), s.log());
            }
        }
    }

    /**
     * Under supervisord, on its own TICK_5: supervisorctl stop memmon while memmon restarts a program that
     * takes 3 s to stop: the listener finishes the restart before it exits, so the program is not left STOPPED.
     */
    @Test
    void aRestartUnderWayWhenSupervisordStopsMemmonIsFinished() throws Exception {
        // a shell, whose trap is set at once (a python3 may still be starting when the restart comes)
        Path slowstop = dir.resolve("slowstop.sh");
        Files.writeString(slowstop, """
                #!/bin/sh
                trap 'sleep 3; exit 0' TERM
                echo up
                while :; do sleep 1; done
                """);
        slowstop.toFile().setExecutable(true);
        Mailbox box = new Mailbox(dir.resolve("mail-stop"));
        SupervisordConfig config = SupervisordConfig.base()
                .program("slowstop", "%(here)s/slowstop.sh", "startsecs=1", "stopwaitsecs=10")
                .listener("memmon", "memmon -s '" + box.command() + "' -p slowstop=1MB", "TICK_5");
        try (Supervisord s = Supervisord.start(dir, config)) {
            s.awaitState("slowstop", "STOPPING", Duration.ofSeconds(20)); // memmon's restart has begun
            s.ctl("stop", "memmon");
            s.awaitState("slowstop", "RUNNING", Duration.ofSeconds(10));
            String log = s.read("memmon.log");
            assertTrue(log.contains("waiting up to 8 s for the restart of slowstop"), log);
            assertTrue(log.contains("slowstop restarted"), log);
            // a stop is a clean stop for supervisord, not "WARN stopped: memmon (exit status 143)"
            Await.until(Duration.ofSeconds(10), () -> s.log().contains("stopped: memmon ("), s::log);
            assertTrue(s.log().contains("INFO stopped: memmon (exit status 0)"), s.log());
        }
    }
}
