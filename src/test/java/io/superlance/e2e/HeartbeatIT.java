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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** heartbeat under a real supervisord on TICK_5, pinging a MockWebServer. */
class HeartbeatIT {
    @TempDir
    Path dir;

    private static final String HEAD = Supervisord.BASE_CONFIG + """
            """;

    private static String sendmail(String box) {
        return "-m ops@example.com -s '" + Supervisord.basedir().resolve("scripts/sendmail-to-dir") + " %(here)s/" + box + "'";
    }

    @Test
    void pingsWhileRunning_failsNamingTheStoppedProgram_succeedsAgainAfterStart_andTheFailParamForm() throws Exception {
        try (PingRecorder hc = new PingRecorder()) {
            String hb = Supervisord.launcher() + " heartbeat -e TICK_5 -p web ";
            String config = HEAD + """
                    [program:web]
                    command=sleep 86400
                    startsecs=1

                    [eventlistener:heartbeat]
                    command=HEARTBEAT --url URL_HC SENDMAIL
                    events=TICK_5
                    stderr_logfile=%(here)s/heartbeat.log

                    [eventlistener:heartbeats]
                    command=HEARTBEAT --method POST --fail-param data --url 'URL_FP'
                    events=TICK_5
                    environment=SUPERLANCE_PING_USER="hb",SUPERLANCE_PING_PASSWORD="s3cret"
                    stderr_logfile=%(here)s/heartbeats.log
                    """.replace("HEARTBEAT", hb).replace("URL_HC", hc.url("/ping/abc")).replace("SENDMAIL", sendmail("mail"))
                    .replace("URL_FP", hc.url("/api/pings/?service=web1"));
            try (Supervisord s = Supervisord.start(dir, config)) {
                s.awaitState("web", "RUNNING", Duration.ofSeconds(10));
                long start = System.nanoTime();
                PingRecorder.Ping ok = hc.await(start, p -> p.path().equals("/ping/abc"), Duration.ofSeconds(15), "success ping\n"
                        + s.read("heartbeat.log"));
                assertEquals("POST", ok.method());
                PingRecorder.Ping hbOk = hc.await(start, p -> p.path().equals("/api/pings/?service=web1"), Duration.ofSeconds(15),
                        "--fail-param success ping\n" + s.read("heartbeats.log"));
                assertEquals("Basic " + Base64.getEncoder().encodeToString("hb:s3cret".getBytes(StandardCharsets.UTF_8)),
                        hbOk.authorization());

                s.ctl("stop", "web");
                long stopped = System.nanoTime();
                PingRecorder.Ping fail = hc.await(stopped, p -> p.path().equals("/ping/abc/fail"), Duration.ofSeconds(15),
                        "failure ping after stop\n" + s.read("heartbeat.log"));
                assertTrue(fail.body().contains("web is STOPPED"), fail.body());
                assertTrue(fail.body().contains("not RUNNING since"), fail.body());
                PingRecorder.Ping hbFail = hc.await(stopped, p -> p.path().startsWith("/api/pings/?service=web1&data="),
                        Duration.ofSeconds(15), "--fail-param failure ping\n" + s.read("heartbeats.log"));
                String data = URLDecoder.decode(hbFail.path().substring(hbFail.path().indexOf("&data=") + 6), StandardCharsets.UTF_8);
                assertTrue(data.contains("web is STOPPED"), data);
                // No success ping while web is down (one may have been under way when it stopped).
                long failing = System.nanoTime();
                hc.await(failing, p -> p.path().equals("/ping/abc/fail"), Duration.ofSeconds(10), "a second failure ping");
                assertTrue(hc.pings().stream().noneMatch(p -> p.nanos() > failing && p.path().equals("/ping/abc")), hc.pings().toString());

                s.ctl("start", "web");
                long started = System.nanoTime();
                hc.await(started, p -> p.path().equals("/ping/abc"), Duration.ofSeconds(15), "success ping after start");
                hc.await(started, p -> p.path().equals("/api/pings/?service=web1"), Duration.ofSeconds(15),
                        "--fail-param success ping after start");

                // One alert per change: down once, however many failure pings. (The "RUNNING again" alert is a
                // resolved one, which people's channels such as mail may leave out; the unit tests cover it.)
                List<String> mails = new java.util.ArrayList<>();
                for (Path p : CrashmailIT.files(dir.resolve("mail"))) {
                    mails.add(MemmonIT.mail(p));
                }
                assertEquals(1, mails.stream().filter(m -> m.contains("Subject: heartbeat: web is STOPPED")).count(),
                        mails + "\n" + s.read("heartbeat.log"));
                assertTrue(mails.stream().allMatch(m -> m.contains("Subject: heartbeat: web is STOPPED")
                        || m.contains("Subject: heartbeat: web is RUNNING again")), mails.toString());
            }
        }
    }

    @Test
    void withinAlertsOnceWhenAPeriodicJobStopsSucceeding_andClearsOnTheNextSuccess() throws Exception {
        try (PingRecorder hc = new PingRecorder()) {
            Path script = dir.resolve("job.sh");
            Files.writeString(script, "#!/bin/sh\n# a periodic job: succeeds unless told to fail\nsleep 1\n"
                    + "if [ -e " + dir.resolve("broken") + " ]; then echo broken >&2; exit 3; fi\nexit 0\n");
            script.toFile().setExecutable(true);
            String config = HEAD + """
                    [program:job]
                    command=%(here)s/job.sh
                    startsecs=0
                    autorestart=true
                    exitcodes=0

                    [eventlistener:heartbeat]
                    command=HB heartbeat -e TICK_5 --url URL --within job=8s SENDMAIL
                    events=TICK_5,PROCESS_STATE_EXITED
                    stderr_logfile=%(here)s/heartbeat.log
                    """.replace("HB", Supervisord.launcher().toString()).replace("URL", hc.url("/ping/jobs"))
                    .replace("SENDMAIL", sendmail("mail"));
            try (Supervisord s = Supervisord.start(dir, config)) {
                long start = System.nanoTime();
                // The job exits and restarts all the time, yet it is healthy: success pings.
                hc.await(start, p -> p.path().equals("/ping/jobs"), Duration.ofSeconds(15), "success ping\n" + s.read("heartbeat.log"));

                Files.writeString(dir.resolve("broken"), "");
                long broken = System.nanoTime();
                List<Path> mails = CrashmailIT.awaitFiles(dir.resolve("mail"), 1, Duration.ofSeconds(25));
                assertEquals(1, mails.size(), "no --within alert\n" + s.read("heartbeat.log"));
                String overdue = MemmonIT.mail(mails.get(0));
                assertTrue(overdue.contains("Subject: heartbeat: job has not succeeded within 8s"), overdue);
                assertTrue(overdue.contains("job has not exited successfully since"), overdue);
                PingRecorder.Ping fail = hc.await(broken, p -> p.path().equals("/ping/jobs/fail"), Duration.ofSeconds(10),
                        "failure ping for the overdue job");
                assertTrue(fail.body().contains("(--within job=8s)"), fail.body());

                Files.delete(dir.resolve("broken"));
                long fixed = System.nanoTime();
                hc.await(fixed, p -> p.path().equals("/ping/jobs"), Duration.ofSeconds(12), "success ping after the fix\n"
                        + s.read("heartbeat.log"));
                // Once per overdue period: the job was overdue for less than two periods, so one overdue alert.
                long overdueMails = CrashmailIT.files(dir.resolve("mail")).stream().filter(p -> {
                    try {
                        return MemmonIT.mail(p).contains("has not succeeded within");
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).count();
                assertEquals(1, overdueMails, s.read("heartbeat.log"));
            }
        }
    }
}
