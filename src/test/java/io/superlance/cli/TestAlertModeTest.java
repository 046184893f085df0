package io.superlance.cli;

import io.superlance.log.Log;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --test-alert does for real, once, what the command does, and says its alerts are tests. */
class TestAlertModeTest {
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private MockWebServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        Log.to(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws Exception {
        Log.to(System.err);
        server.shutdown();
    }

    private int run(String... args) {
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), args);
        cl.setErr(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void heartbeatSendsOneRealSuccessPing_andReportsTheAnswer_evenWithNoChannel() throws Exception {
        server.enqueue(new MockResponse().setBody("OK"));
        String url = server.url("/ping/abc").toString();
        assertEquals(0, run("heartbeat", "--url", url, "--test-alert"), log());
        RecordedRequest ping = server.takeRequest(1, TimeUnit.SECONDS);
        assertNotNull(ping);
        assertEquals("/ping/abc", ping.getPath(), "the success URL, not /fail");
        assertEquals("POST", ping.getMethod());
        assertTrue(log().contains("INFO heartbeat: test ping to " + url + ": answered (2xx)"), log());
        assertTrue(!log().contains("no channel"), log());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void aHeartbeatPingThatFailsIsReported_exit1() {
        server.enqueue(new MockResponse().setResponseCode(404));
        String url = server.url("/ping/abc").toString();
        assertEquals(1, run("heartbeat", "--url", url, "--test-alert"), log());
        assertTrue(log().contains("ERROR heartbeat: test ping to " + url + " failed: HTTP 404"), log());
    }

    @Test
    void httpokDoesOneRealCheck_andReportsItsVerdict_withoutRestarting() throws Exception {
        server.enqueue(new MockResponse().setBody("all good"));
        String url = server.url("/health").toString();
        assertEquals(0, run("httpok", "-p", "web", "-b", "good", "--test-alert", url), log());
        assertEquals("/health", server.takeRequest(1, TimeUnit.SECONDS).getPath());
        assertTrue(log().contains("INFO httpok: test check of " + url + ": OK (200 OK)"), log());

        log.reset();
        server.enqueue(new MockResponse().setResponseCode(503).setBody("down"));
        assertEquals(1, run("httpok", "-p", "web", "--test-alert", url), log());
        assertTrue(log().contains("ERROR httpok: test check of " + url + ": FAILS, a real check would act (nothing restarted now): "
                + "httpok: " + url + ": bad status returned: status contacting " + url + ": 503 Server Error"), log());
        assertTrue(!log().replace("nothing restarted now", "").contains("restart"), log());
    }

    @Test
    void theTestAlertSaysTestFirst() throws Exception {
        server.enqueue(new MockResponse());
        assertEquals(0, run("crashmail", "--webhook", server.url("/in").toString(), "--test-alert"), log());
        RecordedRequest hook = server.takeRequest(1, TimeUnit.SECONDS);
        String body = hook.getBody().readUtf8();
        assertTrue(body.contains("\"subject\":\"TEST example crashed at "), body);
        assertTrue(body.contains("\"test\":true"), body);
        assertNull(server.takeRequest(100, TimeUnit.MILLISECONDS));
    }
}
