package io.superlance.protocol;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * The process's original stdout: the protocol's under supervisord, a human's otherwise. The launcher
 * (bin/superlance) moves it to the descriptor named by {@value #FD_VARIABLE} and points descriptor 1 at
 * stderr, so that nothing but this stream (the JVM, a library, a child process) can write on the protocol.
 * Without the launcher (the classes run by another java) it is descriptor 1 itself.
 */
public final class Stdout {
    public static final String FD_VARIABLE = "SUPERLANCE_PROTOCOL_FD";

    private Stdout() {
    }

    public static OutputStream open(Map<String, String> env) throws IOException {
        String fd = env.get(FD_VARIABLE);
        if (fd == null || fd.isEmpty()) {
            return new FileOutputStream(FileDescriptor.out);
        }
        if (!fd.chars().allMatch(Character::isDigit)) {
            throw new IOException(FD_VARIABLE + "=" + Text.quote(fd) + " is not a descriptor number");
        }
        // Appending, as descriptor 1 would: a regular file given as stdout is not truncated.
        return new FileOutputStream("/proc/self/fd/" + fd, true);
    }
}
