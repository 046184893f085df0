package io.superlance.e2e;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incidents end to end: confirmed by --for, reminded by --repeat, resolved in mail and DingTalk; and what
 * piled up while SMTP was down, folded when it comes back. Ticks are injected with supervisord's framing and
 * a `when` five seconds apart, so 40 s of incident take a few seconds.
 */
class IncidentsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** fill.py PORT FILL_FILE SEEN_FILE: a Flume-like metrics page whose fill percentage is the file's content. */
    static final String FILL = """
            import json, sys
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
            port, fill, seen = int(sys.argv[1]), sys.argv[2], sys.argv[3]
            class Handler(BaseHTTPRequestHandler):
                def do_GET(self):
                    with open(fill) as f:
                        value = f.read().strip()
                    with open(seen, 'a') as f:
                        f.write('GET\\n')
                    data = json.dumps({'CHANNEL.ch-1': {'ChannelFillPercentage': value}}).encode()
                    self.send_response(200)
                    self.send_header('Content-Length', str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                def log_message(self, *args):
                    pass
            ThreadingHTTPServer(('127.0.0.1', port), Handler).serve_forever()
            """;

    @Test
    void oneBadSampleSaysNothing_twoFire_remindersEvery12s_andTheResolutionReachesMailAndDingTalk() throws Exception {
        Files.writeString(dir.resolve("fill.py"), FILL);
        Path fill = dir.resolve("fill.txt");
        Files.writeString(fill, "95.0");
        int port = Ports.free();
        SupervisordConfig config = SupervisordConfig.base().program("flume",
                "python3 %(here)s/fill.py " + port + " %(here)s/fill.txt %(here)s/seen.txt", "startsecs=1");
        Mailbox mail = new Mailbox(dir.resolve("mail"));
        String url = "http://127.0.0.1:" + port + "/metrics";
        try (Supervisord s = Supervisord.start(dir, config);
             HttpSink robot = new HttpSink("{\"errcode\":0,\"errmsg\":\"ok\"}")) {
            s.awaitState("flume", "RUNNING", Duration.ofSeconds(15));
            try (ListenerDriver httpok = ListenerDriver.superlance(dir, "httpok", "--for", "2", "--repeat", "12s",
                    "--json", "CHANNEL.ch-1.ChannelFillPercentage<=80", "-m", "ops@example.com", "-s", mail.command(),
                    "--dingtalk", robot.url("/robot/send?access_token=t"), "--hostname", "web7", url)
                    .named("httpok").rpc(s).stderr("httpok.log").start()) {
                long t0 = System.currentTimeMillis() / 1000 / 5 * 5;
                int[] told = {0};
                Tick tick = (seconds, tells) -> {
                    int gets = Await.occurrences(read(s), "GET\n");
                    // the previous check may still be finishing (its alert, its journal) when its GET is seen: then
                    // httpok skips this tick, as it should, and the test sends it again
                    for (int tries = 0; ; tries++) {
                        int skipped = Await.occurrences(httpok.log(), "TICK_5 skipped");
                        httpok.send("TICK_5", "when:" + (t0 + seconds));
                        Await.until(WAIT, () -> Await.occurrences(read(s), "GET\n") > gets
                                        || Await.occurrences(httpok.log(), "TICK_5 skipped") > skipped,
                                () -> "no check at " + seconds + " s\n" + httpok.log());
                        if (Await.occurrences(read(s), "GET\n") > gets || tries == 5) {
                            break;
                        }
                        Thread.sleep(200);
                    }
                    Await.until(WAIT, () -> Await.occurrences(read(s), "GET\n") > gets, () -> "no check at " + seconds + " s\n" + httpok.log());
                    if (tells) {
                        told[0]++;
                        mail.await(told[0], WAIT);
                        robot.nth(told[0], WAIT, "DingTalk message " + told[0]);
                    }
                };
                tick.at(0, false);
                httpok.awaitLog("check 1 of --for 2: not yet an incident", WAIT);
                Thread.sleep(300);
                assertEquals(0, mail.size(), "one bad sample is no incident\n" + httpok.log());
                assertEquals(0, robot.requests().size());
                tick.at(5, true); // the second bad check in a row: it fires
                tick.at(10, false);
                tick.at(15, false);
                tick.at(20, true); // the first tick 12 s or more after the alert: a reminder (--repeat 12s)
                tick.at(25, false);
                tick.at(30, false);
                tick.at(35, true); // and the second
                Files.writeString(fill, "12.0");
                tick.at(40, true); // good again: resolved
                tick.at(45, false);
                Thread.sleep(500);

                List<String> mails = mail.mails();
                assertEquals(4, mails.size(), String.join("\n----\n", mails) + httpok.log());
                assertTrue(mails.get(0).contains("Subject: httpok: " + url + ": bad metric returned\n"), mails.get(0));
                assertTrue(mails.get(0).contains("CHANNEL.ch-1.ChannelFillPercentage is 95, expected <= 80"), mails.get(0));
                assertTrue(mails.get(1).contains("Subject: httpok: " + url + ": bad metric returned (still after 20s)"), mails.get(1));
                assertTrue(mails.get(2).contains("Subject: httpok: " + url + ": bad metric returned (still after 35s)"), mails.get(2));
                assertTrue(mails.get(3).contains("Subject: RESOLVED: httpok: " + url + ": ok again"), mails.get(3));
                assertTrue(mails.get(3).contains("Lasted 40s."), mails.get(3));

                List<HttpSink.Request> posts = robot.requests();
                assertEquals(4, posts.size(), robot.toString());
                assertTrue(posts.get(1).body().contains("still after 20s"), posts.get(1).body());
                assertTrue(posts.get(3).body().contains("web7: RESOLVED: httpok: " + url + ": ok again"), posts.get(3).body());
                assertTrue(posts.get(3).body().contains("**duration**: 40s"), posts.get(3).body());
            }
        }
    }

    /** Issue 11: after an SMTP outage with crash-looping programs, hundreds of separate mails arrived. */
    @Test
    void whatPiledUpWhileSmtpWasDownArrivesAsOneMailPerProgramAndOneSummary() throws Exception {
        int port = Ports.free(); // nothing listens yet: connection refused, retried
        try (ListenerDriver crashmail = ListenerDriver.superlance(dir, "crashmail", "-a", "-m", "ops@example.com",
                "--smtp-host", "127.0.0.1:" + port, "--retry-max", "1s", "--spool-dir", dir.resolve("spool").toString())
                .named("crashmail").env("SUPERVISOR_SERVER_URL", "unix:///nonexistent").stderr("crashmail.log").start()) {
            for (int round = 0; round < 2; round++) {
                for (int p = 0; p < 12; p++) {
                    crashmail.crash("p" + p, "p" + p, 1000 + round * 100 + p);
                }
            }
            crashmail.awaitLog("not sent via smtp 127.0.0.1:" + port, WAIT);
            assertEquals(24L, SpoolFiles.alerts(dir.resolve("spool")), "every crash kept while SMTP is down\n" + crashmail.log());
            try (MailSink smtp = MailSink.smtpOn(port)) {
                // the folded mails go out one after the other: on a loaded machine that takes a while
                assertTrue(smtp.await(11, Duration.ofSeconds(90)), smtp.messages().length + " mails\n" + crashmail.log());
                Thread.sleep(1500);
                MimeMessage[] got = smtp.messages();
                List<String> subjects = new ArrayList<>();
                for (MimeMessage m : got) {
                    subjects.add(m.getSubject().strip());
                }
                assertEquals(11, got.length, "10 programs, one mail each, and one summary: " + subjects);
                for (int p = 0; p < 10; p++) {
                    String subject = subjects.get(p);
                    assertTrue(subject.equals("p" + p + ": 2 crashed (2 alerts)"), subject);
                    String body = (String) got[p].getContent();
                    assertTrue(body.startsWith("2 alerts for p" + p + " while this channel failed, folded into one message:"), body);
                    assertTrue(body.contains("(pid " + (1000 + p) + ")") && body.contains("(pid " + (1100 + p) + ")"), body);
                }
                assertEquals("superlance: 4 alerts while a channel failed (2 subjects)", subjects.get(10));
                String summary = (String) got[10].getContent();
                assertTrue(summary.contains("2 x p10") && summary.contains("2 x p11"), summary);
                Await.until(WAIT, () -> SpoolFiles.alerts(dir.resolve("spool")) == 0, () -> "spool not emptied\n" + crashmail.log());
            }
        }
    }

    private static String read(Supervisord s) throws Exception {
        return s.read("seen.txt");
    }

    private interface Tick {
        void at(int seconds, boolean tells) throws Exception;
    }
}
