package io.superlance.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What can only be known at run time: one alert through the channels, resolved when it clears. */
class StartupChecksIT {
    @TempDir
    Path dir;

    @Test
    void aBatchCommandWhoseTickDoesNotComeSaysSoOnce_andResolvesAtTheFirstTick() throws Exception {
        try (HttpSink hook = new HttpSink();
             ListenerDriver l = ListenerDriver.superlance(dir, "crashmailbatch", "--webhook", hook.url("/in"),
                     "-e", "TICK_5", "--spool-dir", dir.resolve("spool").toString()).stderr("batch.stderr").start()) {
            l.crash("web", "web", 11); // events come, but not its tick: as when events= lacks TICK_5
            HttpSink.Request missing = hook.await(Long.MIN_VALUE, r -> r.body().contains("TickMissing"), Duration.ofSeconds(25),
                    "the missing tick's alert");
            assertTrue(missing.body().contains("no TICK_5 from supervisord for"), missing.body());
            l.crash("web", "web", 12);
            long since = System.nanoTime();
            l.tick5();
            HttpSink.Request back = hook.await(since, r -> r.body().contains("arrives again"), Duration.ofSeconds(10),
                    "the resolution");
            assertTrue(back.body().contains("TickMissing"), back.body());
            assertEquals(1, hook.requests().stream().filter(r -> r.body().contains("no TICK_5 from")).count(),
                    "one alert per condition");
        }
    }

    /**
     * Under supervisord, on its TICK_5: memmon's misspelt {@code -p wbe} matches none of supervisord's programs, and a
     * second memmon is given a supervisord URL where nothing listens (with credentials, which no line may show). Each
     * says so once through its webhook, however many ticks follow. (The other listener is one of supervisord's processes too.)
     * crashmail, which gets no tick and checks nothing, reads the process list at start for its {@code -p wbe}: one alert.
     */
    @Test
    void aMisspeltProgramAndAnUnreachableSupervisordAreOneAlertEach() throws Exception {
        int closed = Ports.free();
        try (HttpSink hook = new HttpSink()) {
            SupervisordConfig config = SupervisordConfig.base()
                    .program("web", "sleep 86400", "startsecs=0")
                    .program("worker", "sleep 86400", "startsecs=0")
                    .listener("memmon", "memmon -p wbe=100MB --webhook " + hook.url("/memmon")
                            + " --spool-dir %(here)s/spool-memmon", "TICK_5")
                    .listener("blind", "memmon -p web=100MB --webhook " + hook.url("/blind")
                            + " --spool-dir %(here)s/spool-blind", "TICK_5", "serverurl=http://admin:s3cret@127.0.0.1:" + closed)
                    .listener("mailer", "crashmail -p wbe --webhook " + hook.url("/crashmail")
                            + " --spool-dir %(here)s/spool-crashmail", "PROCESS_STATE_EXITED");
            try (Supervisord s = Supervisord.start(dir, config)) {
                HttpSink.Request missing = hook.await(Long.MIN_VALUE, r -> r.path().equals("/memmon") && r.body().contains("NoSuchProgram"),
                        Duration.ofSeconds(30), "memmon's alert about -p wbe");
                assertTrue(missing.body().contains("memmon: -p wbe matches no program of this supervisord (programs: blind, mailer, web, "
                        + "... (4 in all); did you mean web?)"), missing.body());
                HttpSink.Request crashmail = hook.await(Long.MIN_VALUE, r -> r.path().equals("/crashmail"), Duration.ofSeconds(30),
                        "crashmail's alert about -p wbe");
                assertTrue(crashmail.body().contains("crashmail: -p wbe matches no program of this supervisord (programs: blind, "
                        + "memmon, web, ... (4 in all); did you mean web?)"), crashmail.body());

                HttpSink.Request unreachable = hook.await(Long.MIN_VALUE, r -> r.path().equals("/blind")
                        && r.body().contains("SupervisorUnreachable"), Duration.ofSeconds(30), "the unreachable supervisord's alert");
                assertTrue(unreachable.body().contains("memmon: supervisord at http://***@127.0.0.1:" + closed + " does not answer"),
                        unreachable.body());
                assertTrue(unreachable.body().contains("connection refused"), unreachable.body());
                Thread.sleep(6_000); // one more TICK_5 for both (the second alert came two ticks after the first)

                assertEquals(1, hook.requests().stream().filter(r -> r.path().equals("/memmon")).count(), hook.toString());
                assertEquals(1, hook.requests().stream().filter(r -> r.path().equals("/blind")).count(), hook.toString());
                assertEquals(1, hook.requests().stream().filter(r -> r.path().equals("/crashmail")).count(), hook.toString());
                String blind = s.read("blind.log");
                assertEquals(1, Await.occurrences(blind, "checks wait until it answers"), blind); // logged once, not every tick
                assertTrue(!blind.contains("s3cret") && !hook.toString().contains("s3cret"), blind);
            }
        }
    }
}
