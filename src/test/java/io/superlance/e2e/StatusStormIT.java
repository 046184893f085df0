package io.superlance.e2e;

import io.superlance.status.HostStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * superlance status read again and again while a crash storm writes the spool, under a real supervisord.
 * It measures no timing, so it runs beside the other end-to-end tests, not with the machine to itself.
 */
class StatusStormIT {
    @TempDir
    Path dir;

    /**
     * {@code superlance status} 120 times while a storm fills the spool (the mail server refuses every
     * connection): it never fails, and once the storm settles its count of pending alerts is the spool's
     * (one file per alert) and the metrics file's. Every alert accepted is on disk before its event is
     * acknowledged, so what status reads from the disk is everything pending.
     */
    @Test
    void statusDuringAStorm_neverFails_andCountsWhatTheSpoolAndTheMetricsFileCount() throws Exception {
        CrashStorm storm = new CrashStorm(dir, 10, 1.0, 100);
        Path metrics = dir.resolve("metrics.prom");
        try (Supervisord s = Supervisord.start(dir, storm.config(Ports.free(), "--metrics-file " + metrics + " --retry-max 2s",
                // the file every 2 s, not 15: the test waits for the write after the storm, not for the cadence
                "environment=SUPERLANCE_METRICS_EVERY=\"2\""))) {
            storm.begin(s);
            List<String> failures = new ArrayList<>();
            int calls = 0;
            long ms = 0;
            for (; calls < 120; calls++) {
                long t = System.nanoTime();
                try {
                    List<HostStatus.Monitor> read = HostStatus.read(storm.spool());
                    HostStatus.json(read);
                    HostStatus.table(read, Instant.now());
                } catch (Exception | Error e) {
                    failures.add(e.toString());
                }
                ms += (System.nanoTime() - t) / 1_000_000;
                if (calls % 30 == 0) { // the command itself too, now and then: a JVM each
                    try (ListenerDriver cli = ListenerDriver.superlance(dir, "status", "--json", "--spool-dir", storm.spool().toString())
                            .outsideSupervisord().launch()) {
                        cli.restOfStdout();
                        int status = cli.exitStatus(20);
                        if (status != 0) {
                            failures.add("superlance status exited " + status + ": " + cli.log());
                        }
                    }
                }
                Thread.sleep(40);
            }
            storm.end(s);
            assertEquals(List.of(), failures, "status failed during the storm");
            assertTrue(SpoolFiles.alerts(storm.spool()) >= 100, "only " + SpoolFiles.alerts(storm.spool()) + " alerts pending");
            // settled: the metrics file is rewritten every 2 s here
            long files = -1;
            long status = -2;
            long gauge = -3;
            long deadline = System.nanoTime() + 40_000_000_000L;
            while (System.nanoTime() < deadline) {
                files = SpoolFiles.alerts(storm.spool());
                status = HostStatus.read(storm.spool()).get(0).pending().stream().map(HostStatus.Pending::id).distinct().count();
                gauge = pendingGauge(metrics);
                if (files == status && status == gauge) {
                    break;
                }
                Thread.sleep(500);
            }
            System.err.printf("status during a storm: %d calls, %.1f ms each on average, 0 failures; %d pending in the spool,"
                    + " in status and in the metrics file%n", calls, ms / (double) calls, files);
            assertEquals(files, status, "status against the spool's files");
            assertEquals(files, gauge, "the metrics file against the spool's files");
        }
    }

    private static long pendingGauge(Path metrics) throws Exception {
        if (!Files.exists(metrics)) {
            return -1;
        }
        for (String line : Files.readAllLines(metrics)) {
            if (line.startsWith("superlance_alerts_pending{")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }
}
