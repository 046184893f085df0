package io.superlance.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A server that accepts connections and never says a word: the mail server that hangs, on a port of its own ({@link Ports}). */
public final class HangingServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public HangingServer() throws IOException {
        server = Ports.listening(50);
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "hanging server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public int accepted() {
        return held.size();
    }

    /** The mail server comes back: closes this one and starts a working one on the same port. */
    public MailSink recover() throws IOException, InterruptedException {
        close();
        return MailSink.smtpOn(port());
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(2000); // a connection accepted just now is held before we close the held ones
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Socket s : held) {
            s.close();
        }
    }
}
