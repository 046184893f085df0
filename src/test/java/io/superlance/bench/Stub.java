package io.superlance.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the monitors talk to during the event benchmark, on loopback: supervisord's XML-RPC at
 * {@code /RPC2} (getAllProcessInfo lists a few RUNNING programs of group {@code web}, backed by real
 * {@code sleep} processes so memmon reads real /proc entries), the URL httpok checks ({@code GET /health},
 * 200) and heartbeat's ping URL (anything else, 200). Checks succeed, so the listener logs nothing for
 * them, and the request counts show that the checks ran.
 */
final class Stub implements AutoCloseable {
    private final HttpServer server;
    private final List<Process> programs = new ArrayList<>();
    private final AtomicInteger rpcCalls = new AtomicInteger();
    private final AtomicInteger healthChecks = new AtomicInteger();
    private final AtomicInteger pings = new AtomicInteger();

    static {
        // the JDK server writes headers and body apart; without TCP_NODELAY each answer waits ~40 ms for a delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    Stub(int programCount) throws IOException {
        for (int i = 0; i < programCount; i++) {
            programs.add(new ProcessBuilder("sleep", "3600").start());
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "stub");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int rpcCalls() {
        return rpcCalls.get();
    }

    int healthChecks() {
        return healthChecks.get();
    }

    int pings() {
        return pings.get();
    }

    private void handle(HttpExchange x) throws IOException {
        String body;
        String type = "text/plain";
        String request = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (x.getRequestURI().getPath().equals("/RPC2")) {
            rpcCalls.incrementAndGet();
            type = "text/xml";
            body = request.contains("getAllProcessInfo") ? allProcessInfo()
                    : "<?xml version='1.0'?><methodResponse><params><param><value><boolean>1</boolean></value></param></params></methodResponse>";
        } else if (x.getRequestURI().getPath().equals("/health")) {
            healthChecks.incrementAndGet();
            body = "ok";
        } else {
            pings.incrementAndGet();
            body = "OK";
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(200, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    private String allProcessInfo() {
        long now = System.currentTimeMillis() / 1000;
        StringBuilder s = new StringBuilder("<?xml version='1.0'?><methodResponse><params><param><value><array><data>");
        for (int i = 0; i < programs.size(); i++) {
            s.append("<value><struct>")
                    .append(member("name", "<string>web_" + i + "</string>"))
                    .append(member("group", "<string>web</string>"))
                    .append(member("state", "<int>20</int>"))
                    .append(member("statename", "<string>RUNNING</string>"))
                    .append(member("pid", "<int>" + programs.get(i).pid() + "</int>"))
                    .append(member("start", "<int>" + (now - 3600) + "</int>"))
                    .append(member("now", "<int>" + now + "</int>"))
                    .append(member("exitstatus", "<int>0</int>"))
                    .append(member("description", "<string>pid " + programs.get(i).pid() + ", uptime 1:00:00</string>"))
                    .append("</struct></value>");
        }
        return s.append("</data></array></value></param></params></methodResponse>").toString();
    }

    private static String member(String name, String value) {
        return "<member><name>" + name + "</name><value>" + value + "</value></member>";
    }

    @Override
    public void close() {
        server.stop(0);
        programs.forEach(Process::destroy);
    }
}
