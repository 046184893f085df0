package io.superlance.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * superlance silence under a real supervisord with two listener processes: crashmail and httpok {@code -p web} in one,
 * heartbeat {@code -p web} in the other, both reading the host's silences from the state directory.
 */
class SilenceIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Path state() {
        return dir.resolve("state"); // the listeners' SUPERLANCE_STATE_DIR (Supervisord)
    }

    private String superlance(String... args) throws Exception {
        try (ListenerDriver c = ListenerDriver.superlance(dir, args).outsideSupervisord().launch()) {
            String out = c.restOfStdout();
            assertEquals(0, c.exitStatus(20), String.join(" ", args) + "\n" + c.log());
            return out;
        }
    }

    private static List<HttpSink.Request> hooks(HttpSink sink) {
        return sink.requests().stream().filter(r -> r.path().equals("/hook")).toList();
    }

    @Test
    void aSilenceHoldsEveryListenersAlerts_andWhatStillFiresIsSentWhenItEnds() throws Exception {
        int port = Ports.free();
        String url = "http://127.0.0.1:" + port + "/health.txt";
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www/health.txt"), "ok");
        Mailbox mail = new Mailbox(dir.resolve("mail"));
        try (HttpSink sink = new HttpSink()) {
            SupervisordConfig config = SupervisordConfig.base()
                    .program("web", "python3 -m http.server " + port + " --bind 127.0.0.1 --directory %(here)s/www", "startsecs=1")
                    .listener("alerts", "crashmail -p web -m ops@example.com -s '" + mail.command() + "'"
                                    + " httpok -p web -t 2 -m ops@example.com -s '" + mail.command() + "' " + url
                                    + " --metrics-file %(here)s/alerts.prom",
                            "PROCESS_STATE_EXITED,TICK_5", "autostart=false")
                    .listener("watch", "heartbeat -e TICK_5 -p web --url " + sink.url("/ping")
                            + " --webhook " + sink.url("/hook"), "TICK_5");
            try (Supervisord s = Supervisord.start(dir, config)) {
                s.awaitState("web", "RUNNING", WAIT);
                // httpok starts once web answers: a first check before then would alert, before the silence
                Await.serving(url, WAIT);
                s.start("alerts");
                s.awaitState("alerts", "RUNNING", WAIT);
                s.awaitState("watch", "RUNNING", WAIT);
                sink.await(System.nanoTime(), r -> r.path().equals("/ping"), WAIT, "heartbeat's first check");

                // 1. the deploy: a 15 s silence with --pause-actions, then web stopped; its end comes while web is still down
                String id = superlance("silence", "add", "--program", "web", "--for", "15s", "--pause-actions", "--reason",
                        "deploy").strip();
                long ends = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                Await.until(Duration.ofSeconds(3), () -> s.read("alerts.log").contains("silence " + id + " in force")
                        && s.read("watch.log").contains("silence " + id + " in force"), () -> "not seen within a second\n" + s.read("alerts.log"));
                s.stop("web");
                Await.until(WAIT, () -> s.read("alerts.log").contains("silenced by " + id + " (deploy): httpok: " + url)
                                && s.read("watch.log").contains("silenced by " + id + " (deploy): heartbeat: web is STOPPED"),
                        () -> "not silenced\n" + s.read("alerts.log") + s.read("watch.log"));
                assertTrue(System.nanoTime() < ends, "both alerts came inside the silence");
                // heartbeat's listener restarted during the silence: what it withheld is in its journal, neither lost nor doubled
                s.ctl("restart", "watch");
                s.awaitState("watch", "RUNNING", WAIT);
                Await.count(() -> s.read("watch.log"), "silence " + id + " in force", 2, Duration.ofSeconds(5));
                String status = superlance("status", "--spool-dir", state().toString());
                assertTrue(status.contains("silence " + id + "  until ") && status.contains("--program web --pause-actions")
                        && status.contains("reason: deploy"), status);
                assertTrue(status.contains("muted:       2 alerts") && status.contains("SILENCED by " + id), status);
                assertTrue(superlance("silence", "list").contains(id));
                Thread.sleep(Math.max(0, (ends - System.nanoTime()) / 1_000_000 - 300));
                assertEquals(0, mail.size(), "nothing mailed during the silence\n" + s.read("alerts.log"));
                assertEquals(List.of(), hooks(sink), "no webhook during the silence");
                assertEquals("STOPPED", s.state("web"), "not restarted");

                // the end: one alert per monitor, within a tick (heartbeat's is released within the second)
                List<String> mails = mail.await(1, Duration.ofSeconds(10));
                assertTrue(mails.get(0).contains("Subject: httpok: " + url + ": bad status returned"), mails.get(0));
                Await.until(Duration.ofSeconds(10), () -> hooks(sink).size() == 1, () -> "no webhook after the silence\n" + s.read("watch.log"));
                assertTrue(hooks(sink).get(0).body().contains("web is STOPPED"), hooks(sink).get(0).body());
                // another tick, still down: not sent again (heartbeat's failure ping marks the tick; supervisord sends it
                // to both listeners at once, and a second mail would take well under a second)
                sink.await(hooks(sink).get(0).nanos(), r -> r.path().equals("/ping/fail"), WAIT, "a failure ping after the silence");
                Thread.sleep(1000);
                assertEquals(1, mail.size(), String.join("\n---\n", mail.mails()));
                assertEquals(1, hooks(sink).size());
                assertTrue(s.read("alerts.log").contains("silence " + id + " expired"), s.read("alerts.log"));

                // 2. web back: both incidents resolve as usual
                s.start("web");
                mail.await(2, WAIT);
                Await.until(WAIT, () -> hooks(sink).size() == 2, () -> "no resolution webhook\n" + s.read("watch.log"));
            }
            String metrics = Files.readString(dir.resolve("alerts.prom"));
            assertTrue(metrics.contains("superlance_alerts_silenced_total{listener=\"alerts\",monitor=\"httpok\"} 1"), metrics);
        }
    }

    /** --pause-actions: web answers 404 while RUNNING; httpok would restart it, and does not; the silence removed, it does. */
    @Test
    void pausedActionsAreNotTaken_andAreOnceTheSilenceIsRemoved() throws Exception {
        int port = Ports.free();
        String url = "http://127.0.0.1:" + port + "/health.txt";
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www/health.txt"), "ok");
        Mailbox mail = new Mailbox(dir.resolve("mail"));
        SupervisordConfig config = SupervisordConfig.base()
                .program("web", "python3 -m http.server " + port + " --bind 127.0.0.1 --directory %(here)s/www", "startsecs=1")
                .listener("alerts", "httpok -p web -t 2 -m ops@example.com -s '" + mail.command() + "' " + url, "TICK_5");
        try (Supervisord s = Supervisord.start(dir, config)) {
            s.awaitState("web", "RUNNING", WAIT);
            s.awaitState("alerts", "RUNNING", WAIT);
            String id = superlance("silence", "add", "--program", "web", "--for", "5m", "--pause-actions").strip();
            Await.until(Duration.ofSeconds(3), () -> s.read("alerts.log").contains("silence " + id + " in force"),
                    () -> s.read("alerts.log"));
            int pid = s.pid("web");
            Files.delete(dir.resolve("www/health.txt"));
            Await.count(() -> s.read("alerts.log"), "web not restarted: silenced (silence " + id + ")", 2, WAIT);
            assertEquals(pid, s.pid("web"));
            assertEquals(0, mail.size(), String.join("\n---\n", mail.mails()));
            superlance("silence", "remove", id);
            List<String> restarted = mail.await(1, WAIT); // the next check restarts web and says so
            assertTrue(restarted.get(0).contains("web restarted") || restarted.get(0).contains("restarting"), restarted.get(0));
            assertTrue(s.read("alerts.log").contains("silence " + id + " removed"), s.read("alerts.log"));
        }
    }
}
