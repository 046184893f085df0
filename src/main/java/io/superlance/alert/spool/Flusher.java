package io.superlance.alert.spool;

import io.superlance.log.Log;
import io.superlance.log.MonitorLog;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Forces new spool entries to disk on a thread of its own, just after they are written, so that the
 * event that raised an alert is acknowledged without waiting for the disk. Written, an entry already
 * survives the listener's death (the kernel holds it) and {@code superlance status} sees it; the flush
 * is for a power loss. On a busy disk one flush can take a large part of a second (the file system
 * commits its whole journal), and on the acknowledging path that would stall supervisord's event buffer
 * in the very crash storms the spool is for. One thread for the process, started at the first entry;
 * it sleeps while nothing is written.
 */
final class Flusher {
    /** The process's flusher. */
    static final Flusher PROCESS = new Flusher(Flusher::force);

    interface Force {
        void force(Path file) throws IOException;
    }

    private final Force force;
    private final MonitorLog log = Log.of("spool");
    private final ArrayDeque<Path> written = new ArrayDeque<>(); // guarded by this
    private boolean started; // guarded by this
    private volatile boolean failing; // the last flush failed: said once, until one succeeds

    Flusher(Force force) {
        this.force = force;
    }

    /** {@code file} was written: force it to disk soon. */
    synchronized void later(Path file) {
        written.add(file);
        if (!started) {
            started = true;
            Thread t = new Thread(this::run, "spool flush");
            t.setDaemon(true);
            t.start();
        }
        notifyAll();
    }

    /** Forces, on the caller's thread, every file written and not yet forced: at exit. */
    void now() {
        flush(take(false));
    }

    private void run() {
        while (true) {
            List<Path> files = take(true);
            if (files == null) {
                return;
            }
            flush(files);
        }
    }

    /** What was written since the last take; waits for something when {@code wait}; null when interrupted. */
    private synchronized List<Path> take(boolean wait) {
        while (wait && written.isEmpty()) {
            try {
                wait();
            } catch (InterruptedException e) {
                return null;
            }
        }
        List<Path> files = new ArrayList<>(written);
        written.clear();
        return files;
    }

    private void flush(List<Path> files) {
        for (Path f : files) {
            try {
                force.force(f);
                failing = false;
            } catch (NoSuchFileException delivered) {
                // delivered on every channel and removed before its flush: nothing left to keep
            } catch (IOException e) {
                if (!failing) {
                    log.warn("cannot force " + f + " to disk (" + Log.describe(e) + "): the alert survives the"
                            + " listener's death, but maybe not a power loss");
                    failing = true;
                }
            }
        }
    }

    private static void force(Path file) throws IOException {
        // fsync through a read-only descriptor flushes the file's data and metadata all the same; on Linux's
        // journalling file systems it makes a new file's name durable too (AtomicFile.create)
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
