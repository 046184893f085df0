package io.superlance.e2e;

import io.superlance.alert.spool.AtomicFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What a listener's spool directory holds: one {@code .alert} file per alert not yet delivered. */
public final class SpoolFiles {
    private SpoolFiles() {
    }

    public static long alerts(Path spool) throws IOException {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(spool)) {
            // not the listener's half-written copies (.tmp-N.alert), which it renames over an entry when it
            // records an attempt: counted, they made 25 of 24 pending alerts
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".alert") && !n.startsWith(AtomicFile.TMP_PREFIX)).count();
        }
    }
}
