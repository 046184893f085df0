package io.superlance.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.superlance.monitor.Incidents;
import io.superlance.alert.TestAlerts;
import io.superlance.alert.spool.Spool;
import io.superlance.alert.spool.SpoolEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostStatusTest {
    @TempDir
    Path root;

    @Test
    void pendingPerChannelWithAttempts_firingIncidents_andRestartBudgets_fromTheFilesAlone() throws Exception {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        Path dir = root.resolve("crashmail");
        try (Spool spool = Spool.open(dir, 10, List.of("smtp mail:25", "webhook http://h/in"))) {
            SpoolEntry e = spool.add(TestAlerts.crash("web", "web-1", 7), null);
            spool.markDone(e, "webhook http://h/in");
            spool.failed(e, "smtp mail:25", new SpoolEntry.Tries(3, "connect timed out", now.plusSeconds(4)));
            Files.writeString(dir.resolve("state-crashmail.journal"),
                    "incident.web:web-1\tfiring 2 2026-12-01T09:50:00Z 2026-12-01T09:50:00Z 1\n"
                            + "restarts web:web-1\t2026-12-01T09:40:00Z,2026-12-01T09:45:00Z refused\n"
                            + "incident.other\tpending 1 2026-12-01T09:59:00Z - 0\n");
            // read while the spool is open, as while the listener runs
            List<HostStatus.Monitor> monitors = HostStatus.read(root);
            assertEquals(1, monitors.size());
            HostStatus.Monitor m = monitors.get(0);
            assertEquals(1, m.pending().size(), "the webhook took it; only mail waits");
            HostStatus.Pending p = m.pending().get(0);
            assertEquals("smtp mail:25", p.channel());
            assertEquals(3, p.attempts());
            assertEquals("connect timed out", p.lastError());
            assertEquals(now.plusSeconds(4), p.nextAttempt());
            assertEquals(List.of(new Incidents.Firing("web:web-1", Instant.parse("2026-12-01T09:50:00Z"), 1)), m.firing());
            assertEquals(List.of(new HostStatus.Restarts("web:web-1", 2, true)), m.restarts());

            String table = HostStatus.table(monitors, now);
            assertTrue(table.contains("listener:    running\n"), table);
            assertTrue(table.contains("pending:     1"), table);
            assertTrue(table.contains("smtp mail:25") && table.contains("in 4s") && table.contains("connect timed out"), table);
            assertTrue(table.contains("firing:      web:web-1 since 10m ago"), table);
            assertTrue(table.contains("restarts:    web:web-1: 2 in the window, budget used up"), table);

            JsonNode json = new ObjectMapper().readTree(HostStatus.json(monitors));
            assertEquals(3, json.get(0).get("pending").get(0).get("attempts").asInt());
            assertEquals("web:web-1", json.get(0).get("firing").get(0).get("incident").asText());
        }
        assertEquals(1, HostStatus.read(root).get(0).pending().size(), "and after the listener died");
        assertEquals(Boolean.FALSE, HostStatus.read(root).get(0).running(), "its spool's lock is let go");
        assertTrue(HostStatus.table(HostStatus.read(root), now).contains("listener:    NOT RUNNING"));
    }

    /**
     * The listener writes each entry as a temporary file and renames it: status, read meanwhile, met one
     * that had vanished and stopped with NoSuchFileException (3 of 40 calls during a storm).
     */
    @Test
    void readingASpoolBeingWrittenNeverFails() throws Exception {
        Path dir = root.resolve("crashmail");
        try (Spool spool = Spool.open(dir, 10, List.of("smtp mail:25"))) {
            spool.add(TestAlerts.crash("web", "web-1", 7), null);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        Path tmp = Files.writeString(dir.resolve(".tmp-" + i + ".alert"), "x");
                        Files.delete(tmp);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            writer.start();
            try {
                for (int i = 0; i < 300; i++) {
                    assertEquals(1, HostStatus.read(root).get(0).pending().size());
                }
            } finally {
                stop.set(true);
                writer.join();
            }
        }
    }

    /** One alert waiting for four channels was "pending: 4", and the table showed the error instead of what the alert was. */
    @Test
    void anAlertWaitingForSeveralChannelsCountsOnce_andShowsItsSubjectBesideItsError() throws Exception {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        Path dir = root.resolve("crashmail");
        List<String> channels = List.of("smtp mail:25", "webhook http://h/in", "dingtalk x", "slack y");
        try (Spool spool = Spool.open(dir, 10, channels)) {
            SpoolEntry e = spool.add(TestAlerts.crash("web", "web-1", 7), null);
            spool.failed(e, "smtp mail:25", new SpoolEntry.Tries(2, "connect timed out", now.plusSeconds(4)));
            String table = HostStatus.table(HostStatus.read(root), now);
            assertTrue(table.contains("pending:     1 alert (4 deliveries)\n"), table);
            assertTrue(table.contains(e.alert().subject().strip() + " / connect timed out"), table);
        }
    }
}
