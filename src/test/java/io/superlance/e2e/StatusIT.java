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

    @Test
    void statusShowsHttpoksLastCheck_failedThenOk_andAfterTheListenerDied() throws Exception {
        Path spool = dir.resolve("spool");
        int port = Ports.free();
        String url = "http://127.0.0.1:" + port + "/";
        Process server = null;
        try (ListenerDriver l = ListenerDriver.superlance(dir, "httpok", "-t", "2", "--log-only", "--spool-dir", spool.toString(), url)
                .stderr("httpok.stderr").start()) {
            JsonNode[] now = new JsonNode[1];
            Await.until(Duration.ofSeconds(20), Duration.ofSeconds(1), l::tick5, () -> {
                if (!java.nio.file.Files.isDirectory(spool)) {
                    return false; // not made yet
                }
                now[0] = status(spool);
                JsonNode c = now[0].get(0).get("lastCheck");
                return c != null && !c.isNull() && c.get("result").asText().equals("failed");
            }, () -> "no failed check in status: " + now[0] + "\n" + l.log());
            JsonNode failed = now[0].get(0).get("lastCheck");
            assertEquals("GET " + url, failed.get("what").asText(), failed.toString());
            assertTrue(failed.get("lastOk").isNull(), failed.toString());

            server = new ProcessBuilder("python3", "-m", "http.server", String.valueOf(port), "--bind", "127.0.0.1")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("http.log").toFile()).start();
            Await.until(Duration.ofSeconds(30), Duration.ofSeconds(1), l::tick5, () -> {
                now[0] = status(spool);
                return now[0].get(0).get("lastCheck").get("result").asText().equals("ok");
            }, () -> "no good check in status: " + now[0] + "\n" + l.log());
            assertEquals("200 OK", now[0].get(0).get("lastCheck").get("reason").asText(), now[0].toString());
            // told once: by the incident's resolution here (--for 1), else by the log's 'GET URL ok again: 200 OK'
            l.awaitLog("ok again", Duration.ofSeconds(5));
            Thread.sleep(300);
            assertEquals(1, Await.occurrences(l.log(), "ok again"), l.log());
            l.kill9();
        } finally {
            if (server != null) {
                server.destroy();
            }
        }
        try (ListenerDriver table = ListenerDriver.superlance(dir, "status", "--spool-dir", spool.toString())
                .outsideSupervisord().launch()) {
            String out = table.restOfStdout();
            assertEquals(0, table.exitStatus(20), table.log());
            assertTrue(out.contains("last check:  ") && out.contains(", ok: GET " + url + ": 200 OK"), "after it died:\n" + out);
        }
    }
}
