package io.superlance.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.superlance.e2e.MemmonIT.awaitCount;
import static io.superlance.e2e.MemmonIT.mail;
import static io.superlance.e2e.MemmonIT.spawns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** httpok under a real supervisord, on TICK_5, against small python3 HTTP servers it supervises. */
class HttpokIT {
    @TempDir
    Path dir;

    /** web.py MODE PORT SEEN: ok, status (503), metrics (Flume-like JSON), hang (accepts, never answers), stubborn (hang, ignores SIGTERM). */
    static final String WEB = """
            import json, signal, socket, sys, time
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
            mode, port, seen = sys.argv[1], int(sys.argv[2]), sys.argv[3]
            if mode == 'stubborn':
                signal.signal(signal.SIGTERM, signal.SIG_IGN)  # stops only when killed after stopwaitsecs
                mode = 'hang'
            if mode == 'hang':
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(('127.0.0.1', port))
                s.listen(64)
                held = []
                while True:
                    held.append(s.accept()[0])
            class Handler(BaseHTTPRequestHandler):
                def do_GET(self):
                    with open(seen, 'a') as f:
                        f.write(str(self.headers.get('User-Agent')) + '\\n')
                    code, body = 200, json.dumps({'status': 'all good', 'SINK.k1': {'EventDrainSuccessCount': '12'}})
                    if mode == 'status':
                        code, body = 503, 'overloaded'
                    elif mode == 'metrics':
                        body = json.dumps({'CHANNEL.ch-1': {'ChannelFillPercentage': '95.0', 'Type': 'CHANNEL'}})
                    data = body.encode()
                    self.send_response(code)
                    self.send_header('Content-Length', str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                def log_message(self, *args):
                    pass
            ThreadingHTTPServer(('127.0.0.1', port), Handler).serve_forever()
            """;

    private String program(String name, String mode, int port) {
        return """
                [program:NAME]
                command=python3 %(here)s/web.py MODE PORT %(here)s/seen-NAME.txt
                startsecs=1
                stopwaitsecs=STOPWAIT
                """.replace("STOPWAIT", mode.equals("stubborn") ? "7" : "2").replace("NAME", name).replace("MODE", mode).replace("PORT", Integer.toString(port));
    }

    private String listener(String name, String options, int port) {
        String sendmail = Supervisord.basedir().resolve("scripts/sendmail-to-dir").toString();
        return """
                [eventlistener:check-NAME]
                command=LAUNCHER httpok -m ops@example.com -s 'SENDMAIL %(here)s/mail-NAME' OPTIONS http://127.0.0.1:PORT/metrics
                events=TICK_5
                stderr_logfile=%(here)s/NAME.log
                """.replace("NAME", name).replace("LAUNCHER", Supervisord.launcher().toString())
                .replace("SENDMAIL", sendmail).replace("OPTIONS", options).replace("PORT", Integer.toString(port));
    }

    @Test
    void restartsOnHangStatusBodyAndMetric_leavesHealthyAndGracedAlone_alertsOnlyWithoutPrograms() throws Exception {
        Files.writeString(dir.resolve("web.py"), WEB);
        // Stands in for gcore: called as PROG "COREDIR/NAME" PID.
        Path gcore = dir.resolve("fake-gcore");
        Files.writeString(gcore, "#!/bin/sh\necho \"core of $2\" > \"$1.$2\"\necho \"Saved corefile $1.$2\"\n");
        gcore.toFile().setExecutable(true);
        Files.createDirectories(dir.resolve("cores"));
        int hang = RpcClientIT.freePort();
        int ok = RpcClientIT.freePort();
        int status = RpcClientIT.freePort();
        int body = RpcClientIT.freePort();
        int metrics = RpcClientIT.freePort();
        int young = RpcClientIT.freePort();
        String config = Supervisord.BASE_CONFIG + """
                """
                + program("hang", "stubborn", hang) + program("ok", "ok", ok) + program("status", "status", status)
                + program("body", "ok", body) + program("metrics", "metrics", metrics) + program("young", "hang", young)
                + listener("hang", "-p hang -t 2", hang)
                + listener("ok", "--program=ok -b 'all good' --json 'SINK.k1.EventDrainSuccessCount>=10'", ok)
                + listener("status", "-pstatus -c 200 -c 204 -d %(here)s/cores -g %(here)s/fake-gcore", status)
                + listener("body", "-p body --body needle -n shop", body)
                + listener("metrics", "-p metrics --json 'CHANNEL.ch-1.ChannelFillPercentage<80'", metrics)
                + listener("young", "-p young -t 1 --grace 1h", young)
                + listener("alertonly", "-t 1", young);
        try (Supervisord s = Supervisord.start(dir, config)) {
            String base = "http://127.0.0.1:";

            // A server that accepts and never answers: restarted after the timeout, with superlance's mail.
            String m = awaitMail(s, "hang");
            assertTrue(m.contains("Subject: httpok: " + base + hang + "/metrics: bad status returned"), m);
            assertTrue(m.contains("error contacting " + base + hang + "/metrics:"), m);
            assertTrue(m.contains("hang is in RUNNING state, restarting") && m.contains("hang restarted"), m);
            assertTrue(spawns(s, "hang") >= 2, s.log());
            // It ignored SIGTERM, so the restart took its stopwaitsecs (7 s): meanwhile the listener kept
            // taking events, and skipped the tick that came while the check ran.
            assertTrue(s.read("hang.log").contains("TICK_5 skipped: the previous check is still running"), s.read("hang.log"));
            assertTrue(!s.log().contains("overflowed"), s.log());

            // A wrong status (503 where 200 or 204 is expected).
            m = awaitMail(s, "status");
            assertTrue(m.contains("Subject: httpok: " + base + status + "/metrics: bad status returned"), m);
            assertTrue(m.contains("status contacting " + base + status + "/metrics: 503 Service Unavailable"), m);
            assertTrue(m.contains("status restarted"), m);
            // -d: the core is dumped (by the -g command) before the restart, and its output is in the mail.
            assertTrue(m.matches("(?s).*gcore output for status:\\s+Saved corefile " + dir.resolve("cores/status") + "\\.\\d+\\s+"
                    + "status is in RUNNING state, restarting.*"), m);
            try (var cores = Files.list(dir.resolve("cores"))) {
                assertTrue(cores.anyMatch(p -> p.getFileName().toString().matches("status\\.\\d+")));
            }

            // A 200 without the expected body string; -n names the listener in the subject.
            m = awaitMail(s, "body");
            assertTrue(m.contains("Subject: httpok [shop]: " + base + body + "/metrics: bad body returned"), m);
            assertTrue(m.contains("body restarted"), m);

            // A JSON metric over its threshold, with Flume's numeric strings.
            m = awaitMail(s, "metrics");
            assertTrue(m.contains("Subject: httpok: " + base + metrics + "/metrics: bad metric returned"), m);
            assertTrue(m.contains("CHANNEL.ch-1.ChannelFillPercentage is 95, expected < 80"), m);
            assertTrue(m.contains("metrics restarted"), m);
            assertTrue(spawns(s, "metrics") >= 2, s.log());

            // No program selected: alert only.
            m = awaitMail(s, "alertonly");
            assertTrue(m.contains("bad status returned") && !m.contains("restart"), m);

            // --grace 1h: the hanging young server is left alone, with a log line and no mail.
            awaitCount(s, "young.log", "within --grace 1h, NOT restarting", 2, Duration.ofSeconds(20));
            assertEquals(0, CrashmailIT.files(dir.resolve("mail-young")).size(), s.read("young.log"));
            assertEquals(1, spawns(s, "young"), s.log());

            // The healthy server: checked (as User-Agent httpok) on two ticks, never restarted, no mail.
            awaitCount(s, "seen-ok.txt", "httpok\n", 2, Duration.ofSeconds(15));
            assertEquals(0, CrashmailIT.files(dir.resolve("mail-ok")).size(), s.read("ok.log"));
            assertEquals(1, spawns(s, "ok"), s.log());
        }
    }

    private String awaitMail(Supervisord s, String name) throws Exception {
        List<Path> mails = CrashmailIT.awaitFiles(dir.resolve("mail-" + name), 1, Duration.ofSeconds(35));
        assertTrue(mails.size() >= 1, "no mail from " + name + "\n" + s.read(name + ".log"));
        return mail(mails.get(0));
    }
}
