package io.superlance.alert.spool;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How the spool's entries reach the disk: a new entry with one flush, a change without waiting for the
 * disk. Tests put a full disk in between; the listener uses {@link #REAL}.
 */
interface SpoolDisk {
    void create(Path file, byte[] bytes) throws IOException;

    void replace(Path file, byte[] bytes) throws IOException;

    SpoolDisk REAL = new SpoolDisk() {
        @Override
        public void create(Path file, byte[] bytes) throws IOException {
            AtomicFile.create(file, bytes);
        }

        @Override
        public void replace(Path file, byte[] bytes) throws IOException {
            AtomicFile.write(file, bytes, false);
        }
    };
}
