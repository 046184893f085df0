package io.superlance.rpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.0 POST over a unix or TCP socket, written by hand: supervisord's server speaks HTTP/1.0
 * and closes the connection after the answer. The whole exchange shares one deadline.
 */
final class HttpPost {
    private static final int MAX_RESPONSE = 16 * 1024 * 1024;

    record Response(int status, String reason, byte[] body) {
    }

    private HttpPost() {
    }

    static Response post(SocketAddress address, String hostHeader, String path, String authorization, byte[] body,
                         Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder head = new StringBuilder(200)
                .append("POST ").append(path).append(" HTTP/1.0\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("User-Agent: superlance\r\n")
                .append("Content-Type: text/xml\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);

        try (SocketChannel channel = SocketChannel.open(address instanceof UnixDomainSocketAddress
                ? java.net.StandardProtocolFamily.UNIX : protocolFamily(address));
             Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            if (!channel.connect(address)) {
                channel.register(selector, SelectionKey.OP_CONNECT);
                while (!channel.finishConnect()) {
                    await(selector, deadline, "connecting");
                }
            }
            ByteBuffer out = ByteBuffer.allocate(headBytes.length + body.length).put(headBytes).put(body).flip();
            channel.register(selector, SelectionKey.OP_WRITE);
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    await(selector, deadline, "sending the request");
                }
            }
            channel.register(selector, SelectionKey.OP_READ);
            ByteArrayOutputStream in = new ByteArrayOutputStream(4096);
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (true) {
                int n = channel.read(buf);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    if (complete(in.toByteArray())) {
                        break;
                    }
                    await(selector, deadline, "waiting for the answer");
                    continue;
                }
                in.write(buf.array(), 0, buf.position());
                buf.clear();
                if (in.size() > MAX_RESPONSE) {
                    throw new IOException("answer larger than " + MAX_RESPONSE + " bytes");
                }
            }
            return parse(in.toByteArray());
        } catch (ConnectException e) {
            throw new ConnectException("connection refused"); // the JDK's message is often empty for unix sockets
        }
    }

    private static java.net.ProtocolFamily protocolFamily(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() instanceof java.net.Inet6Address) {
            return java.net.StandardProtocolFamily.INET6;
        }
        return java.net.StandardProtocolFamily.INET;
    }

    private static void await(Selector selector, long deadline, String doing) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new java.io.InterruptedIOException("interrupted " + doing);
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new java.net.SocketTimeoutException("timed out " + doing);
        }
        selector.select(left);
        selector.selectedKeys().clear();
    }

    /** True once the headers and Content-Length bytes of body are in (a server may keep the socket open). */
    private static boolean complete(byte[] data) {
        int end = headerEnd(data);
        if (end < 0) {
            return false;
        }
        String headers = new String(data, 0, end, StandardCharsets.ISO_8859_1).toLowerCase();
        int i = headers.indexOf("\ncontent-length:");
        if (i < 0) {
            return false;
        }
        int eol = headers.indexOf('\r', i + 1);
        try {
            long length = Long.parseLong(headers.substring(i + 16, eol < 0 ? headers.length() : eol).strip());
            return data.length - (end + 4) >= length;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int headerEnd(byte[] d) {
        for (int i = 0; i + 3 < d.length; i++) {
            if (d[i] == '\r' && d[i + 1] == '\n' && d[i + 2] == '\r' && d[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static Response parse(byte[] data) throws IOException {
        int end = headerEnd(data);
        if (end < 0) {
            throw new IOException(data.length == 0 ? "connection closed without an answer" : "incomplete HTTP answer");
        }
        String headers = new String(data, 0, end, StandardCharsets.ISO_8859_1);
        String statusLine = headers.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        byte[] body = new byte[data.length - end - 4];
        System.arraycopy(data, end + 4, body, 0, body.length);
        return new Response(status, parts.length > 2 ? parts[2] : "", body);
    }
}
