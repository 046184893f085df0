package io.superlance.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** httpok against small python3 HTTP servers that a real supervisord runs. */
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

    /** Ticks for the listeners the driver runs: often enough that a test waits for checks, not for ticks. */
    static final Duration TICKS = Duration.ofMillis(500);

    private static String program(String mode, int port, String name) {
        return "python3 %(here)s/web.py " + mode + " " + port + " %(here)s/seen-" + name + ".txt";
    }

    private SupervisordConfig web(String name, String mode, int port, SupervisordConfig config) {
        return config.program(name, program(mode, port, name), "startsecs=1", "stopwaitsecs=" + (mode.equals("stubborn") ? 3 : 2));
    }

    /** A listener the driver runs: httpok checking {@code 127.0.0.1:PORT/metrics}, mailing to mail-NAME. */
    private ListenerDriver.Builder httpok(Supervisord s, String name, int port, String... options) {
        List<String> args = new ArrayList<>(List.of("httpok", "-m", "ops@example.com", "-s", box(name).command()));
        args.addAll(List.of(options));
        args.add("http://127.0.0.1:" + port + "/metrics");
        return ListenerDriver.superlance(dir, args.toArray(String[]::new)).named("check-" + name).rpc(s).stderr(name + ".log");
    }

    private Mailbox box(String name) {
        return new Mailbox(dir.resolve("mail-" + name));
    }

    /**
     * Decisions on the listener's own checks: the driver ticks each listener until it has done what the test
     * waits for, while supervisord runs the servers and carries out the restarts httpok asks for over RPC.
     */
    @Test
    void restartsOnHangBodyAndMetric_leavesHealthyAndGracedAlone_alertsOnlyWithoutPrograms() throws Exception {
        Files.writeString(dir.resolve("web.py"), WEB);
        int hang = Ports.free();
        int ok = Ports.free();
        int body = Ports.free();
        int metrics = Ports.free();
        int young = Ports.free();
        SupervisordConfig config = SupervisordConfig.base();
        web("hang", "stubborn", hang, config);
        web("ok", "ok", ok, config);
        web("body", "ok", body, config);
        web("metrics", "metrics", metrics, config);
        web("young", "hang", young, config);
        try (Supervisord s = Supervisord.start(dir, config)) {
            for (String p : List.of("hang", "ok", "body", "metrics", "young")) {
                s.awaitState(p, "RUNNING", Duration.ofSeconds(15));
            }
            List<ListenerDriver> all = ListenerDriver.startAll(List.of(
                    httpok(s, "hang", hang, "-p", "hang", "-t", "2"),
                    httpok(s, "ok", ok, "--program=ok", "-b", "all good", "--json", "SINK.k1.EventDrainSuccessCount>=10"),
                    httpok(s, "body", body, "-p", "body", "--body", "needle", "-n", "shop"),
                    httpok(s, "metrics", metrics, "-p", "metrics", "--json", "CHANNEL.ch-1.ChannelFillPercentage<80"),
                    httpok(s, "young", young, "-p", "young", "-t", "1", "--grace", "1h"),
                    httpok(s, "alertonly", young, "-t", "1")));
            try {
                ListenerDriver hangs = all.get(0);
                String graced = "within --grace 1h, NOT restarting";
                Map<ListenerDriver, Await.Condition> goals = new LinkedHashMap<>();
                goals.put(all.get(0), () -> box("hang").size() >= 1);
                goals.put(all.get(1), () -> Await.occurrences(s.read("seen-ok.txt"), "httpok\n") >= 2);
                goals.put(all.get(2), () -> box("body").size() >= 1);
                goals.put(all.get(3), () -> box("metrics").size() >= 1);
                goals.put(all.get(4), () -> Await.occurrences(all.get(4).log(), graced) >= 2);
                goals.put(all.get(5), () -> box("alertonly").size() >= 1);
                ListenerDriver.tickUntil(Duration.ofSeconds(40), TICKS, goals);
                String base = "http://127.0.0.1:";

                // A server that accepts and never answers: restarted after the timeout, with superlance's mail.
                String m = box("hang").mails().get(0);
                assertTrue(m.contains("Subject: httpok: " + base + hang + "/metrics: bad status returned"), m);
                assertTrue(m.contains("error contacting " + base + hang + "/metrics:"), m);
                assertTrue(m.contains("hang is in RUNNING state, restarting") && m.contains("hang restarted"), m);
                assertTrue(s.spawns("hang") >= 2, s.log());
                // It ignored SIGTERM, so the restart took its stopwaitsecs (3 s): meanwhile the listener kept
                // acknowledging events at once, and skipped the ticks that came while the check ran.
                assertTrue(hangs.log().contains("TICK_5 skipped: the previous check is still running"), hangs.log());
                assertTrue(hangs.slowestAck() < 1_000_000_000L, "a tick waited " + hangs.slowestAck() / 1_000_000 + " ms for its ack");

                // A 200 without the expected body string; -n names the listener in the subject.
                m = box("body").mails().get(0);
                assertTrue(m.contains("Subject: httpok [shop]: " + base + body + "/metrics: bad body returned"), m);
                assertTrue(m.contains("body restarted"), m);

                // A JSON metric over its threshold, with Flume's numeric strings.
                m = box("metrics").mails().get(0);
                assertTrue(m.contains("Subject: httpok: " + base + metrics + "/metrics: bad metric returned"), m);
                assertTrue(m.contains("CHANNEL.ch-1.ChannelFillPercentage is 95, expected < 80"), m);
                assertTrue(m.contains("metrics restarted"), m);
                assertTrue(s.spawns("metrics") >= 2, s.log());

                // No program selected: alert only.
                m = box("alertonly").mails().get(0);
                assertTrue(m.contains("bad status returned") && !m.contains("restart"), m);

                // --grace 1h: the hanging young server is left alone, with a log line and no mail.
                assertEquals(0, box("young").size(), all.get(4).log());
                assertEquals(1, s.spawns("young"), s.log());

                // The healthy server: checked (as User-Agent httpok) on two ticks, never restarted, no mail.
                assertEquals(0, box("ok").size(), all.get(1).log());
                assertEquals(1, s.spawns("ok"), s.log());
            } finally {
                all.forEach(ListenerDriver::close);
            }
        }
    }

    /** Under supervisord, on its own TICK_5: a wrong status restarts the program, with a core dumped first. */
    @Test
    void aWrongStatusUnderSupervisordsOwnTicksDumpsACoreAndRestarts() throws Exception {
        Files.writeString(dir.resolve("web.py"), WEB);
        // Stands in for gcore: called as PROG "COREDIR/NAME" PID.
        Path gcore = dir.resolve("fake-gcore");
        Files.writeString(gcore, "#!/bin/sh\necho \"core of $2\" > \"$1.$2\"\necho \"Saved corefile $1.$2\"\n");
        gcore.toFile().setExecutable(true);
        Files.createDirectories(dir.resolve("cores"));
        int status = Ports.free();
        SupervisordConfig config = web("status", "status", status, SupervisordConfig.base())
                .listener("check-status", "httpok -m ops@example.com -s '" + box("status").command()
                        + "' -pstatus -c 200 -c 204 -d %(here)s/cores -g %(here)s/fake-gcore http://127.0.0.1:" + status + "/metrics",
                        "TICK_5");
        try (Supervisord s = Supervisord.start(dir, config)) {
            String base = "http://127.0.0.1:";
            List<String> mails = box("status").await(1, Duration.ofSeconds(35));
            assertTrue(mails.size() >= 1, "no mail from status\n" + s.read("check-status.log"));
            String m = mails.get(0);
            // A wrong status (503 where 200 or 204 is expected).
            assertTrue(m.contains("Subject: httpok: " + base + status + "/metrics: bad status returned"), m);
            assertTrue(m.contains("status contacting " + base + status + "/metrics: 503 Service Unavailable"), m);
            assertTrue(m.contains("status restarted"), m);
            // -d: the core is dumped (by the -g command) before the restart, and its output is in the mail.
            assertTrue(m.matches("(?s).*gcore output for status:\\s+Saved corefile " + dir.resolve("cores/status") + "\\.\\d+\\s+"
                    + "status is in RUNNING state, restarting.*"), m);
            try (var cores = Files.list(dir.resolve("cores"))) {
                assertTrue(cores.anyMatch(p -> p.getFileName().toString().matches("status\\.\\d+")));
            }
            assertTrue(!s.log().contains("overflowed"), s.log());
        }
    }
}
