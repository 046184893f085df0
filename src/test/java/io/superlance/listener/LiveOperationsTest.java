package io.superlance.listener;

import io.superlance.monitor.Action;
import io.superlance.monitor.Effect;
import io.superlance.monitor.RpcFailure;
import io.superlance.rpc.ProcessInfo;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The restarts as supervisord's XML-RPC sees them (a server speaking supervisord's answers and faults). */
class LiveOperationsTest {
    static final String TRUE = "<?xml version='1.0'?><methodResponse><params><param><value><boolean>1</boolean></value>"
            + "</param></params></methodResponse>";

    static String fault(int code, String text) {
        return "<?xml version='1.0'?><methodResponse><fault><value><struct>"
                + "<member><name>faultCode</name><value><int>" + code + "</int></value></member>"
                + "<member><name>faultString</name><value><string>" + text + "</string></value></member>"
                + "</struct></value></fault></methodResponse>";
    }

    /** superlance's httpok calls startProcess after a stopProcess fault: a stop that faulted may have stopped it. */
    @Test
    void aStopFaultIsReported_andTheProcessIsStartedAllTheSame() throws Exception {
        List<String> calls = new ArrayList<>();
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    String body = request.getBody().readUtf8();
                    String method = body.replaceAll("(?s).*<methodName>([^<]*)</methodName>.*", "$1");
                    synchronized (calls) {
                        calls.add(method);
                    }
                    String answer = method.equals("supervisor.stopProcess") ? fault(30, "FAILED: web") : TRUE;
                    return new MockResponse().setHeader("Content-Type", "text/xml").setBody(answer);
                }
            });
            server.start();
            LiveOperations ops = new LiveOperations(Map.of("SUPERVISOR_SERVER_URL", "http://127.0.0.1:" + server.getPort()));
            ProcessInfo web = new ProcessInfo("web", "web", ProcessInfo.RUNNING, "RUNNING", 42, 0, 0, 0, "");
            Effect e = ops.restart(new Action.Restart(web));
            assertEquals(List.of("supervisor.stopProcess", "supervisor.startProcess"), calls);
            assertEquals(List.of("web is in RUNNING state, restarting", "Failed to stop process web: supervisor.stopProcess(web, true) failed: FAILED: web",
                    "web restarted"), e.report());
            assertEquals("stop", e.failedStep(), "memmon still says the stop failed");
        }
    }

    /** The alert and the log name where supervisord was asked and why it did not answer, its credentials masked. */
    @Test
    void aFailedReadOfTheProcessListIsNamedWithItsSecretsMasked() {
        LiveOperations ops = new LiveOperations(Map.of("SUPERVISOR_SERVER_URL", "http://admin:s3cret-pw@127.0.0.1:1"));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, ops::processes);
        RpcFailure f = ops.rpcFailure(e);
        assertEquals("http://***@127.0.0.1:1", f.url());
        org.junit.jupiter.api.Assertions.assertTrue(f.error().contains("cannot talk to supervisord at http://***@127.0.0.1:1"), f.error());
        org.junit.jupiter.api.Assertions.assertFalse(f.error().contains("s3cret"), f.error());

        LiveOperations bad = new LiveOperations(Map.of("SUPERVISOR_SERVER_URL", "foo://bar"));
        Exception b = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, bad::processes);
        assertEquals(new RpcFailure("foo://bar",
                "unsupported supervisord URL foo://bar (expected unix:///path or http://host:port)"), bad.rpcFailure(b));

        LiveOperations unix = new LiveOperations(Map.of("SUPERVISOR_SERVER_URL", "unix:///nonexistent/supervisor.sock"));
        Exception u = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, unix::processes);
        assertEquals("unix:///nonexistent/supervisor.sock", unix.rpcFailure(u).url());
    }
}
