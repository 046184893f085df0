package io.superlance.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Four commands in one listener process under a real supervisord, on its own TICK_5, configured on several lines. */
class MultiMonitorIT {
    @TempDir
    Path dir;

    @Test
    void crashmailMemmonHttpokAndHeartbeatShareOneProcess() throws Exception {
        int port = Ports.free();
        Mailbox box = new Mailbox(dir.resolve("mailbox"));
        String sendmail = "-s '" + box.command() + "'";
        try (HttpSink pings = new HttpSink()) {
            SupervisordConfig config = SupervisordConfig.base()
                    .program("sample", "/bin/sleep 86400", "autorestart=true", "startsecs=1")
                    .program("web", "python3 -m http.server " + port + " --bind 127.0.0.1", "directory=%(here)s", "startsecs=1")
                    .listener("superlance", "\n    crashmail -a -m ops@example.com " + sendmail
                                    + "\n    memmon -a 1GB -m ops@example.com " + sendmail
                                    + "\n    httpok -p web -t 3 -m ops@example.com " + sendmail + " http://127.0.0.1:" + port + "/"
                                    + "\n    heartbeat -e TICK_5 -p web -p sample --url " + pings.url("/ping/web1"),
                            "PROCESS_STATE_EXITED,PROCESS_STATE_RUNNING,TICK_5", "autostart=false");
            try (Supervisord s = Supervisord.start(dir, config)) {
                s.awaitState("web", "RUNNING", Duration.ofSeconds(15));
                // the listener starts once web answers: an httpok check before then would alert
                Await.serving("http://127.0.0.1:" + port + "/", Duration.ofSeconds(15));
                s.start("superlance");
                s.awaitState("superlance", "RUNNING", Duration.ofSeconds(15));
                s.awaitState("sample", "RUNNING", Duration.ofSeconds(15));
                int webPid = s.pid("web");

                // heartbeat: all watched programs run
                pings.await(System.nanoTime(), p -> p.path().equals("/ping/web1"), Duration.ofSeconds(15), "success ping");

                // crashmail: a kill -9 is mailed
                s.kill9("sample");
                List<String> mails = box.await(1, Duration.ofSeconds(10));
                assertTrue(mails.get(0).contains("Subject:  sample crashed at"), mails.get(0));

                // the other monitors went on: heartbeat pings again, httpok found web healthy, memmon checked
                s.awaitState("sample", "RUNNING", Duration.ofSeconds(10));
                long after = System.nanoTime();
                pings.await(after, p -> p.path().equals("/ping/web1"), Duration.ofSeconds(15), "success ping after the crash");
                assertEquals(webPid, s.pid("web"), "httpok restarted a healthy web:\n" + s.read("superlance.log"));
                // the crash, and its resolution once autorestart brought it back (PROCESS_STATE_RUNNING is subscribed)
                mails = box.await(2, Duration.ofSeconds(10));
                assertTrue(mails.get(1).contains("Subject: RESOLVED: sample running again at"), mails.get(1));
                assertEquals(2, box.size(), "only the crash and its resolution were mailed:\n" + s.read("superlance.log"));
                String log = s.read("superlance.log");
                assertTrue(log.contains("wants events PROCESS_STATE_EXITED, PROCESS_STATE_RUNNING"), log);
                // each monitor's lines name it after the process's name; none names it twice
                String process = "crashmail+memmon+httpok+heartbeat: ";
                assertTrue(log.contains(process + "crashmail: alert "), log);
                assertTrue(log.contains(process + "heartbeat: alerts via "), log);
                assertTrue(!log.contains(process + "alert ") && !log.contains("crashmail: crashmail:"), log);
                assertTrue(!s.log().contains("event buffer overflowed"), s.log());
            }
        }
    }
}
