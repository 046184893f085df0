package io.superlance.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for servers a test starts later, or stops and starts again on the same port (a mail
 * server that comes back, a supervised HTTP server). They come from below the kernel's ephemeral range
 * (32768 and up), so no {@code bind(0)} and no outgoing connection can take one meanwhile; and each is
 * held with a file lock for as long as this JVM runs, so test JVMs side by side (failsafe's forks, other
 * builds on the machine) never hand out the same one.
 */
public final class Ports {
    private static final int FIRST = 20_000;
    private static final int COUNT = 12_000;
    private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "superlance-test-ports");
    private static final Map<Integer, FileLock> HELD = new HashMap<>();

    private Ports() {
    }

    /** A port that nothing listens on now and that no other caller, in this JVM or another, gets while this one runs. */
    public static int free() throws IOException {
        try (ServerSocket s = listening(1)) {
            return s.getLocalPort();
        }
    }

    /**
     * A server socket on loopback, on a port {@link #free()} would give, kept open: for a server of the test's
     * own, which then has no moment between the check and its bind for something else to take the port.
     */
    public static synchronized ServerSocket listening(int backlog) throws IOException {
        Files.createDirectories(LOCKS);
        int start = ThreadLocalRandom.current().nextInt(COUNT);
        for (int i = 0; i < COUNT; i++) {
            int port = FIRST + (start + i) % COUNT;
            if (HELD.containsKey(port)) {
                continue; // ours already (a second lock on it would throw, a second close would release it)
            }
            FileChannel lockFile = FileChannel.open(LOCKS.resolve(Integer.toString(port)),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = lockFile.tryLock();
            if (lock == null) {
                lockFile.close(); // another JVM's
                continue;
            }
            try {
                ServerSocket s = new ServerSocket(port, backlog, InetAddress.getLoopbackAddress());
                HELD.put(port, lock); // released when this JVM exits
                return s;
            } catch (IOException busy) {
                lockFile.close(); // taken by something else: try the next one
            }
        }
        throw new IOException("no free port in " + FIRST + "-" + (FIRST + COUNT - 1));
    }
}
