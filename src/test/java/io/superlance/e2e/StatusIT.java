package io.superlance.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** superlance status against a listener that runs and cannot deliver: what waits, and the attempts rising. */
class StatusIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private JsonNode status(Path spool) throws Exception {
        try (ListenerDriver s = ListenerDriver.superlance(dir, "status", "--json", "--spool-dir", spool.toString())
                .outsideSupervisord().launch()) {
            String out = s.restOfStdout();
            assertEquals(0, s.exitStatus(20), s.log());
            return JSON.readTree(out);
        }
    }

    private static JsonNode pending(JsonNode status) {
        return status.get(0).get("pending");
    }

    @Test
    void statusShowsThePendingAlertOfAHungSmtpServer_withItsAttemptsRising() throws Exception {
        Path spool = dir.resolve("spool");
        try (HangingServer hanging = new HangingServer();
             ListenerDriver l = ListenerDriver.superlance(dir, "crashmail", "-a", "-m", "ops@example.com",
                     "--smtp-host", "127.0.0.1:" + hanging.port(), "--smtp-timeout", "1", "--retry-max", "1s",
                     "--spool-dir", spool.toString()).stderr("crashmail.stderr").start()) {
            l.crash("web", "web", 4242);
            JsonNode[] first = new JsonNode[1];
            Await.until(Duration.ofSeconds(20), () -> {
                first[0] = status(spool);
                return pending(first[0]).size() == 1 && pending(first[0]).get(0).get("attempts").asInt() >= 1;
            }, () -> "no failed attempt in status: " + first[0]);
            JsonNode p = pending(first[0]).get(0);
            assertEquals("crashmail", first[0].get(0).get("monitor").asText(), first[0].toString());
            assertTrue(p.get("channel").asText().contains("127.0.0.1:" + hanging.port()), p.toString());
            assertTrue(p.get("subject").asText().strip().startsWith("web crashed at "), p.toString());
            assertTrue(!p.get("lastError").asText().isBlank(), p.toString());
            assertTrue(!p.get("nextAttempt").isNull(), p.toString());
            int before = p.get("attempts").asInt();
            JsonNode[] later = new JsonNode[1];
            Await.until(Duration.ofSeconds(20), () -> {
                later[0] = status(spool);
                return pending(later[0]).size() == 1 && pending(later[0]).get(0).get("attempts").asInt() > before;
            }, () -> "the attempts did not rise past " + before + ": " + later[0]);

            try (ListenerDriver table = ListenerDriver.superlance(dir, "status", "--spool-dir", spool.toString())
                    .outsideSupervisord().launch()) {
                String out = table.restOfStdout();
                assertEquals(0, table.exitStatus(20), table.log());
                assertTrue(out.contains("pending:     1") && out.contains("ATTEMPTS"), out);
            }
        }
    }
}
