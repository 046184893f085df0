package io.superlance.alert;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's name, read without a DNS lookup where the kernel can tell it, once a process: every
 * monitor, channel and watch names the host, several times on the way to the first READY.
 */
public final class LocalHost {
    private static final String NAME = read();

    private LocalHost() {
    }

    public static String name() {
        return NAME;
    }

    private static String read() {
        try {
            String n = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!n.isEmpty()) {
                return n;
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: ask the resolver below
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
