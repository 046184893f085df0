package io.superlance.alert.standin;

import io.superlance.testing.VirtualClock;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A chat or HTTP service on a local port, written from the service's public documentation: it takes a
 * request only as the service would (path, method, JSON shape, strict UTF-8, size as the service
 * measures it, markup, signature, rate) and answers a refusal in the service's own format. It keeps the
 * messages it accepted, with what its renderer would show of them ({@link Accepted#elements}).
 * One lock: requests are judged one at a time, as a rate window needs.
 */
public abstract class ServiceStandIn extends Dispatcher implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    protected final VirtualClock clock;
    private final MockWebServer server = new MockWebServer();
    private final List<Accepted> accepted = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private final List<Runnable> beforeEach = new ArrayList<>();

    protected ServiceStandIn(VirtualClock clock) {
        this.clock = clock;
    }

    /** A refusal: the HTTP status and body the service answers, and why (for the test's message). */
    protected static final class Refusal extends Exception {
        final MockResponse response;

        Refusal(MockResponse response, String why) {
            super(why, null, false, false);
            this.response = response;
        }
    }

    public ServiceStandIn start() throws IOException {
        server.setDispatcher(this);
        // answers without Nagle's wait: MockWebServer writes a response in pieces, and each piece after the
        // first waited for the client's delayed acknowledgement (about 40 ms a request, minutes per 2,000)
        server.setServerSocketFactory(new NoDelaySockets());
        server.start();
        return this;
    }

    /** A full URL on this server for {@code pathAndQuery} (starting with {@code /}). */
    public String url(String pathAndQuery) {
        HttpUrl base = server.url("/");
        return "http://" + base.host() + ":" + base.port() + pathAndQuery;
    }

    /** Runs before each request is judged (a test's clock step). */
    public void beforeEachRequest(Runnable r) {
        synchronized (this) {
            beforeEach.add(r);
        }
    }

    public synchronized List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    /** Why each refused request was refused, in order. */
    public synchronized List<String> refused() {
        return List.copyOf(refused);
    }

    public int requestCount() {
        return server.getRequestCount();
    }

    @Override
    public final synchronized MockResponse dispatch(RecordedRequest request) {
        beforeEach.forEach(Runnable::run);
        try {
            byte[] body = request.getBody().readByteArray();
            Accepted a = judge(request, body);
            accepted.add(a);
            return ok(a);
        } catch (Refusal r) {
            refused.add(r.getMessage());
            return r.response;
        }
    }

    /** Takes the request as the service would, or refuses it. */
    protected abstract Accepted judge(RecordedRequest request, byte[] body) throws Refusal;

    /** The service's answer to an accepted message. */
    protected abstract MockResponse ok(Accepted accepted);

    @Override
    public void close() throws IOException {
        server.shutdown();
    }

    // ---- what every service does alike

    /** The body as UTF-8, refusing any byte sequence that is not (a lone surrogate encoded raw, a cut sequence). */
    static String strictUtf8(byte[] body) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body)).toString();
    }

    /** The JSON document, or null when it is not one. */
    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * True when a string in the document holds a surrogate without its pair: bytes were strict UTF-8, so it
     * came from a JSON escape such as {@code \ud83d}, which names no character and has no UTF-8 form.
     */
    static boolean hasLoneSurrogate(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isTextual()) {
            return loneSurrogateAt(node.textValue()) >= 0;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (loneSurrogateAt(f.getKey()) >= 0 || hasLoneSurrogate(f.getValue())) {
                return true;
            }
        }
        if (node.isArray()) {
            for (JsonNode n : node) {
                if (hasLoneSurrogate(n)) {
                    return true;
                }
            }
        }
        return false;
    }

    static int loneSurrogateAt(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    static int utf8Bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The text at a path of field names, or null when it is missing or not text. */
    static String text(JsonNode doc, String... path) {
        JsonNode n = doc;
        for (String p : path) {
            n = n == null ? null : n.get(p);
        }
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    static MockResponse json(int status, Object document) {
        try {
            return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                    .setBody(JSON.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static MockResponse plain(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "text/plain").setBody(body);
    }

    /** Server sockets whose accepted connections send at once (TCP_NODELAY); MockWebServer asks only for unbound ones. */
    private static final class NoDelaySockets extends javax.net.ServerSocketFactory {
        @Override
        public java.net.ServerSocket createServerSocket() throws IOException {
            return new java.net.ServerSocket() {
                @Override
                public java.net.Socket accept() throws IOException {
                    java.net.Socket s = super.accept();
                    s.setTcpNoDelay(true);
                    return s;
                }
            };
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port) {
            throw new UnsupportedOperationException("bound by MockWebServer");
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog) {
            throw new UnsupportedOperationException("bound by MockWebServer");
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog, java.net.InetAddress address) {
            throw new UnsupportedOperationException("bound by MockWebServer");
        }
    }
}
