package io.superlance.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for servers a test starts later, or stops and starts again on the same port (a mail
 * server that comes back, a supervised HTTP server). They come from below the kernel's ephemeral range
 * (32768 and up), so no {@code bind(0)} and no outgoing connection on this machine can take one meanwhile;
 * each test JVM has its own slice ({@code superlance.fork}, set from failsafe's fork number) and hands out
 * each port once.
 */
public final class Ports {
    private static final int FIRST = 20_000;
    private static final int SLICE = 1_500;
    private static final int FORK = Math.max(1, Integer.getInteger("superlance.fork", 1));
    private static final AtomicInteger NEXT = new AtomicInteger(FIRST + (FORK - 1) % 8 * SLICE);
    private static final int END = NEXT.get() + SLICE;

    private Ports() {
    }

    /** A port that nothing listens on now and that no other caller in this run gets. */
    public static int free() {
        while (true) {
            int port = NEXT.getAndIncrement();
            if (port >= END) {
                throw new IllegalStateException("no free port left in " + (END - SLICE) + "-" + (END - 1));
            }
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException busy) {
                // taken by something outside this run: try the next one
            }
        }
    }
}
