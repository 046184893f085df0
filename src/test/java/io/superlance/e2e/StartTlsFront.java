package io.superlance.e2e;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * STARTTLS in front of GreenMail, which does not offer it (greenmail issue #135): greets, offers
 * STARTTLS in its EHLO reply, does the TLS handshake with the test certificate, then relays the
 * decrypted conversation (second EHLO, AUTH, MAIL, DATA) to GreenMail's plain SMTP port.
 */
public final class StartTlsFront implements AutoCloseable {
    private final ServerSocket server;
    private final SSLContext tls;
    private final int backendPort;
    private final AtomicInteger handshakes = new AtomicInteger();

    public StartTlsFront(Path keyStore, String password, int backendPort) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, password.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password.toCharArray());
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        this.backendPort = backendPort;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "starttls front");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** TLS sessions completed so far. */
    public int handshakes() {
        return handshakes.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "starttls session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket plain) {
        try (plain) {
            OutputStream out = plain.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            write(out, "220 front ESMTP\r\n");
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    return;
                }
                String cmd = line.toUpperCase();
                if (cmd.startsWith("EHLO")) {
                    write(out, "250-front\r\n250 STARTTLS\r\n");
                } else if (cmd.startsWith("STARTTLS")) {
                    write(out, "220 2.0.0 Ready to start TLS\r\n");
                    break;
                } else if (cmd.startsWith("QUIT")) {
                    write(out, "221 bye\r\n");
                    return;
                } else {
                    write(out, "530 5.7.0 Must issue a STARTTLS command first\r\n");
                }
            }
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), true);
            secure.setUseClientMode(false);
            secure.startHandshake();
            handshakes.incrementAndGet();
            try (secure; Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
                InputStream bin = backend.getInputStream();
                // GreenMail's greeting: the client already had ours
                int c;
                StringBuilder greeting = new StringBuilder();
                while ((c = bin.read()) != -1 && c != '\n') {
                    greeting.append((char) c);
                }
                Thread up = new Thread(() -> pipe(secure, backend), "starttls up");
                up.setDaemon(true);
                up.start();
                pipe(backend, secure);
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException ignored) {
            // one side closed
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException | UnsupportedOperationException ignored) {
                // SSLSocket may not support half-close; closing follows
            }
        }
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
