package io.superlance.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** heartbeat pinging an HTTP sink about programs a real supervisord runs. */
class HeartbeatIT {
    @TempDir
    Path dir;

    /** Ticks for the listeners the driver runs: often enough that a test waits for checks, not for ticks. */
    static final Duration TICKS = Duration.ofMillis(500);

    /** Ticks {@code listeners} until {@code sink} got a request after {@code since} that passes {@code test}. */
    private static HttpSink.Request awaitPing(HttpSink sink, long since, Predicate<HttpSink.Request> test, String what,
                                              ListenerDriver... listeners) throws Exception {
        HttpSink.Request[] got = new HttpSink.Request[1];
        Await.until(Duration.ofSeconds(15), TICKS, () -> {
            for (ListenerDriver l : listeners) {
                l.tick5();
            }
        }, () -> (got[0] = sink.find(since, test)) != null, () -> {
            StringBuilder b = new StringBuilder("no " + what + "; got:\n" + sink);
            for (ListenerDriver l : listeners) {
                b.append("\n---\n").append(l.log());
            }
            return b.toString();
        });
        return got[0];
    }

    /**
     * Decisions on the listener's own checks: the driver ticks, supervisord runs the program and tells
     * heartbeat its state over RPC.
     */
    @Test
    void pingsWhileRunning_failsNamingTheStoppedProgram_succeedsAgainAfterStart_andTheFailParamForm() throws Exception {
        Mailbox mailbox = new Mailbox(dir.resolve("mail"));
        try (HttpSink hc = new HttpSink();
             Supervisord s = Supervisord.start(dir, SupervisordConfig.base().program("web", "sleep 86400", "startsecs=1"))) {
            s.awaitState("web", "RUNNING", Duration.ofSeconds(10));
            try (ListenerDriver hb = ListenerDriver.superlance(dir, "heartbeat", "-e", "TICK_5", "-p", "web", "--url", hc.url("/ping/abc"),
                    "-m", "ops@example.com", "-s", mailbox.command()).named("heartbeat").rpc(s).stderr("heartbeat.log").start();
                 ListenerDriver hbs = ListenerDriver.superlance(dir, "heartbeat", "-e", "TICK_5", "-p", "web", "--method", "POST",
                         "--fail-param", "data", "--url", hc.url("/api/pings/?service=web1")).named("heartbeats").rpc(s)
                         .env("SUPERLANCE_PING_USER", "hb").env("SUPERLANCE_PING_PASSWORD", "s3cret").stderr("heartbeats.log").start()) {
                long start = System.nanoTime();
                HttpSink.Request ok = awaitPing(hc, start, p -> p.path().equals("/ping/abc"), "success ping", hb, hbs);
                assertEquals("POST", ok.method());
                HttpSink.Request hbOk = awaitPing(hc, start, p -> p.path().equals("/api/pings/?service=web1"),
                        "--fail-param success ping", hb, hbs);
                assertEquals("Basic " + Base64.getEncoder().encodeToString("hb:s3cret".getBytes(StandardCharsets.UTF_8)),
                        hbOk.authorization());

                s.stop("web");
                long stopped = System.nanoTime();
                HttpSink.Request fail = awaitPing(hc, stopped, p -> p.path().equals("/ping/abc/fail"), "failure ping after stop", hb, hbs);
                assertTrue(fail.body().contains("web is STOPPED"), fail.body());
                assertTrue(fail.body().contains("not RUNNING since"), fail.body());
                HttpSink.Request hbFail = awaitPing(hc, stopped, p -> p.path().startsWith("/api/pings/?service=web1&data="),
                        "--fail-param failure ping", hb, hbs);
                String data = URLDecoder.decode(hbFail.path().substring(hbFail.path().indexOf("&data=") + 6), StandardCharsets.UTF_8);
                assertTrue(data.contains("web is STOPPED"), data);
                // No success ping while web is down (one may have been under way when it stopped).
                long failing = System.nanoTime();
                awaitPing(hc, failing, p -> p.path().equals("/ping/abc/fail"), "a second failure ping", hb, hbs);
                assertTrue(hc.requests().stream().noneMatch(p -> p.nanos() > failing && p.path().equals("/ping/abc")), hc.toString());

                s.start("web");
                long started = System.nanoTime();
                awaitPing(hc, started, p -> p.path().equals("/ping/abc"), "success ping after start", hb, hbs);
                awaitPing(hc, started, p -> p.path().equals("/api/pings/?service=web1"), "--fail-param success ping after start", hb, hbs);

                // One alert per change: down once, however many failure pings. (The "RUNNING again" alert is a
                // resolution, mailed as RESOLVED: ...; it may still be on its way.)
                List<String> mails = mailbox.mails();
                assertEquals(1, mails.stream().filter(m -> m.contains("Subject: heartbeat: web is STOPPED")).count(),
                        mails + "\n" + hb.log());
                assertTrue(mails.stream().allMatch(m -> m.contains("Subject: heartbeat: web is STOPPED")
                        || m.contains("Subject: RESOLVED: heartbeat: web is RUNNING again")), mails.toString());
            }
        }
    }

    /** Under supervisord, on its own TICK_5 and the job's real exits. */
    @Test
    void withinAlertsOnceWhenAPeriodicJobStopsSucceeding_andClearsOnTheNextSuccess() throws Exception {
        try (HttpSink hc = new HttpSink()) {
            Path script = dir.resolve("job.sh");
            Files.writeString(script, "#!/bin/sh\n# a periodic job: succeeds unless told to fail\nsleep 1\n"
                    + "if [ -e " + dir.resolve("broken") + " ]; then echo broken >&2; exit 3; fi\nexit 0\n");
            script.toFile().setExecutable(true);
            Mailbox mailbox = new Mailbox(dir.resolve("mail"));
            SupervisordConfig config = SupervisordConfig.base()
                    .program("job", "%(here)s/job.sh", "startsecs=0", "autorestart=true", "exitcodes=0")
                    .listener("heartbeat", "heartbeat -e TICK_5 --url " + hc.url("/ping/jobs") + " --within job=8s -m ops@example.com -s '"
                            + mailbox.command() + "'", "TICK_5,PROCESS_STATE_EXITED");
            try (Supervisord s = Supervisord.start(dir, config)) {
                long start = System.nanoTime();
                // The job exits and restarts all the time, yet it is healthy: success pings.
                hc.await(start, p -> p.path().equals("/ping/jobs"), Duration.ofSeconds(15), "success ping\n" + s.read("heartbeat.log"));

                Files.writeString(dir.resolve("broken"), "");
                long broken = System.nanoTime();
                HttpSink.Request fail = hc.await(broken, p -> p.path().equals("/ping/jobs/fail"), Duration.ofSeconds(25),
                        "failure ping for the overdue job\n" + s.read("heartbeat.log"));
                // fixed at once: the next success must come within the next period, however slow the mail is
                Files.delete(dir.resolve("broken"));
                long fixed = System.nanoTime();
                assertTrue(fail.body().contains("(--within job=8s)"), fail.body());
                // the first mail; the resolution ("succeeded again", RESOLVED: ...) may follow it at once
                List<String> mails = mailbox.await(1, Duration.ofSeconds(10));
                assertTrue(mails.size() >= 1, "no --within alert\n" + s.read("heartbeat.log"));
                String overdue = mails.get(0);
                assertTrue(overdue.contains("Subject: heartbeat: job has not succeeded within 8s"), overdue);
                assertTrue(overdue.contains("job has not exited successfully since"), overdue);

                hc.await(fixed, p -> p.path().equals("/ping/jobs"), Duration.ofSeconds(12), "success ping after the fix\n"
                        + s.read("heartbeat.log"));
                // Once per overdue period: the job was overdue for less than two periods, so one overdue alert.
                long overdueMails = mailbox.mails().stream().filter(m -> m.contains("has not succeeded within")).count();
                assertEquals(1, overdueMails, s.read("heartbeat.log"));
                assertEquals(1, Await.occurrences(s.read("heartbeat.log"), ": heartbeat: job has not succeeded within"),
                        "an overdue alert still on its way:\n" + s.read("heartbeat.log"));
            }
        }
    }
}
