package io.superlance.alert.spool;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How the spool's entries reach the disk: none waits for it. A new entry is written under its name and
 * forced to disk just after, by a {@link Flusher}; a change replaces the file through a rename. Tests put
 * a full disk or a slow flush in between; the listener uses {@link #REAL}.
 */
interface SpoolDisk {
    void create(Path file, byte[] bytes) throws IOException;

    void replace(Path file, byte[] bytes) throws IOException;

    /** Forces every entry created so far to disk, on the caller's thread: at exit. */
    void flushCreated();

    SpoolDisk REAL = flushedBy(Flusher.PROCESS);

    static SpoolDisk flushedBy(Flusher flusher) {
        return new SpoolDisk() {
            @Override
            public void create(Path file, byte[] bytes) throws IOException {
                AtomicFile.create(file, bytes);
                flusher.later(file);
            }

            @Override
            public void replace(Path file, byte[] bytes) throws IOException {
                AtomicFile.write(file, bytes, false);
            }

            @Override
            public void flushCreated() {
                flusher.now();
            }
        };
    }
}
