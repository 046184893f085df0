package io.superlance.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the RSS and parent of every process on the machine in one pass. */
public interface ProcessTable {
    ProcessTree read() throws IOException;

    /** {@code /proc} where there is one (Linux), else one {@code ps} run per read (macOS, BSD). */
    static ProcessTable system() {
        if (Files.isReadable(Path.of("/proc/self/stat"))) {
            return new ProcFs(Path.of("/proc"));
        }
        return new PsTable();
    }
}
