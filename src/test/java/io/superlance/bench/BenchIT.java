package io.superlance.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark harness itself still works against the built image: a short run of the configurations
 * that use every command's options (the six-in-one process), the four-monitor process and the hanging
 * SMTP server, so a renamed option or a broken protocol shows up here and not on the day of a benchmark.
 */
class BenchIT {
    @Test
    void shortRunOfTheHarnessMeasuresEveryPartWithoutProtocolErrorsOrLostAlerts(@TempDir Path dir) throws Exception {
        Bench.Settings s = Bench.Settings.parse(new String[] {"--events", "600", "--starts", "1", "--hanging-events", "300",
                "--only", "combined,all,hanging", "--launcher", System.getProperty("superlance.image", "target/superlance")
                + "/bin/superlance"});

        Report report = Bench.measure(s, dir);

        List<ListenerBench.Row> rows = report.rows();
        assertEquals(List.of("combined", "all"), rows.stream().map(r -> r.config().key()).toList());
        for (ListenerBench.Row r : rows) {
            assertTrue(r.ok(), r.config().key() + ": " + r.error() + ", exit status " + r.exitStatus());
            assertEquals(600, r.acks().count());
            assertTrue(r.memory().rssKb() > 0 && r.memory().anonymousKb() > 0, r.memory().toString());
        }
        assertTrue(report.ok(), "hanging SMTP run lost alerts or broke the protocol");
        String text = report.markdown();
        assertTrue(text.contains("| four monitors in one process |"), text);
        assertTrue(text.contains("delivered after recovery | 3 of 3 digests, 297 of 297 crash lines"), text);
    }
}
