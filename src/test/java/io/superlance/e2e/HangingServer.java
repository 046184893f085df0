package io.superlance.e2e;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A server that accepts connections and never says a word: the mail server that hangs. */
public final class HangingServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public HangingServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
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

    /**
     * The mail server comes back: closes this one and starts GreenMail on the same port. The port can
     * stay busy for a moment after the close (connections just accepted), so binding is retried.
     */
    public GreenMail recoverAsGreenMail() throws IOException, InterruptedException {
        int port = port();
        close();
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
            try {
                mail.start();
                return mail;
            } catch (IllegalStateException e) {
                mail.stop();
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
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
