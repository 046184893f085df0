package io.superlance.rpc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against hand-made servers: what it sends, and how it reports what goes wrong. */
class SupervisorClientTest {
    static final String OK_STATE = "<?xml version='1.0'?><methodResponse><params><param><value><struct>"
            + "<member><name>statecode</name><value><int>1</int></value></member>"
            + "<member><name>statename</name><value><string>RUNNING</string></value></member>"
            + "</struct></value></param></params></methodResponse>";

    /** Serves one connection over TCP: records the request, answers with {@code response} (null: never answers). */
    static int serveOnce(String response, AtomicReference<String> request) throws Exception {
        ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (server; Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[65536];
                int n = in.read(buf);
                request.set(new String(buf, 0, Math.max(n, 0), StandardCharsets.UTF_8));
                if (response == null) {
                    Thread.sleep(5000);
                    return;
                }
                OutputStream out = s.getOutputStream();
                out.write(response.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (Exception e) {
                // test server
            }
        });
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    static String http(int status, String reason, String body) {
        return "HTTP/1.0 " + status + " " + reason + "\r\nContent-Type: text/xml\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    @Test
    void sendsBasicAuthAndAnHttp10PostToRpc2() throws Exception {
        AtomicReference<String> request = new AtomicReference<>();
        int port = serveOnce(http(200, "OK", OK_STATE), request);
        SupervisorClient c = SupervisorClient.fromEnv(Map.of("SUPERVISOR_SERVER_URL", "http://127.0.0.1:" + port,
                "SUPERVISOR_USERNAME", "user", "SUPERVISOR_PASSWORD", "123"));
        assertEquals("RUNNING", c.getState());
        String r = request.get();
        assertTrue(r.startsWith("POST /RPC2 HTTP/1.0\r\n"), r);
        assertTrue(r.contains("\r\nAuthorization: Basic dXNlcjoxMjM=\r\n"), r);
        assertTrue(r.contains("<methodName>supervisor.getState</methodName>"), r);
    }

    @Test
    void noUserMeansNoAuthorizationHeader() throws Exception {
        AtomicReference<String> request = new AtomicReference<>();
        int port = serveOnce(http(200, "OK", OK_STATE), request);
        SupervisorClient.fromEnv(Map.of("SUPERVISOR_SERVER_URL", "http://127.0.0.1:" + port, "SUPERVISOR_USERNAME", "")).getState();
        assertTrue(!request.get().contains("Authorization"), request.get());
    }

    @Test
    void unauthorizedIsAClearOneLineError() throws Exception {
        int port = serveOnce(http(401, "Unauthorized", "<html>no</html>"), new AtomicReference<>());
        RpcException e = assertThrows(RpcException.class, () ->
                SupervisorClient.of("http://127.0.0.1:" + port, "u", "bad", Duration.ofSeconds(2), Duration.ofSeconds(2)).getState());
        assertEquals("supervisor.getState: supervisord at http://127.0.0.1:" + port + " refused our credentials (HTTP 401 "
                + "Unauthorized): check SUPERVISOR_USERNAME and SUPERVISOR_PASSWORD, or the username/password of its "
                + "[unix_http_server] or [inet_http_server]", e.getMessage());
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        int port = serveOnce(null, new AtomicReference<>());
        long start = System.nanoTime();
        RpcException e = assertThrows(RpcException.class, () ->
                SupervisorClient.of("http://127.0.0.1:" + port, null, null, Duration.ofMillis(500), Duration.ofSeconds(2)).getAllProcessInfo());
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 3000, ms + " ms");
        assertTrue(e.getMessage().contains("did not answer within"), e.getMessage());
    }

    @Test
    void otherStatusesAndGarbageAreReported() throws Exception {
        int port = serveOnce(http(500, "Internal Server Error", "boom"), new AtomicReference<>());
        RpcException e = assertThrows(RpcException.class, () ->
                SupervisorClient.of("http://127.0.0.1:" + port, null, null, Duration.ofSeconds(2), Duration.ofSeconds(2)).getState());
        assertTrue(e.getMessage().endsWith("answered HTTP 500 Internal Server Error"), e.getMessage());

        int port2 = serveOnce("SSH-2.0-OpenSSH\r\n", new AtomicReference<>());
        RpcException g = assertThrows(RpcException.class, () ->
                SupervisorClient.of("http://127.0.0.1:" + port2, null, null, Duration.ofSeconds(2), Duration.ofSeconds(2)).getState());
        assertTrue(g.getMessage().contains("cannot talk to supervisord"), g.getMessage());
    }

    @Test
    void talksOverAUnixSocket(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("s.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        Thread t = new Thread(() -> {
            try (server; SocketChannel ch = server.accept()) {
                ch.read(ByteBuffer.allocate(65536));
                ch.write(ByteBuffer.wrap(http(200, "OK", OK_STATE).getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                // test server
            }
        });
        t.setDaemon(true);
        t.start();
        assertEquals("RUNNING", SupervisorClient.of("unix://" + sock, null, null, Duration.ofSeconds(2), Duration.ofSeconds(2)).getState());
    }

    @Test
    void badUrlsAreRefusedUpFront() {
        assertThrows(IllegalArgumentException.class, () -> SupervisorClient.fromEnv(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SupervisorClient.of("ftp://x", null, null, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> SupervisorClient.of("unix://", null, null, Duration.ZERO, Duration.ZERO));
    }
}
