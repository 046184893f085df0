package io.superlance.e2e;

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
            return s.filter(p -> p.toString().endsWith(".alert")).count();
        }
    }
}
