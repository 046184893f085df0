package io.superlance.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * httpok's incidents at Debian's real Alertmanager, with a resolve_timeout of 2 s: a failure that lasts
 * stays one active alert for four times that (re-sent every 2 s with endsAt 8 s ahead), two failing URLs
 * are two alerts, and one recovering ends its own alert only. The driver ticks the listeners.
 */
class AlertmanagerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void aLastingFailureStaysActive_twoUrlsAreTwoAlerts_andOneRecoveringLeavesExactlyTheOther() throws Exception {
        int portA = Ports.free();
        int portB = Ports.free();
        String a = "http://127.0.0.1:" + portA + "/"; // python3 -m http.server answers 200 there
        String b = "http://127.0.0.1:" + portB + "/";
        Process server = null;
        try (Alertmanager am = Alertmanager.start(dir, "http://127.0.0.1:9/unused", RESOLVE_TIMEOUT.toSeconds() + "s");
             ListenerDriver httpokA = httpok(am, "web-a", a);
             ListenerDriver httpokB = httpok(am, "web-b", b)) {
            Runnable tick = () -> {
                try {
                    httpokA.tick5();
                    httpokB.tick5();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            Await.until(Duration.ofSeconds(20), Duration.ofMillis(500), tick::run, () -> urls(am).size() == 2,
                    () -> "Alertmanager lists " + am.alerts() + "\n" + httpokA.log() + httpokB.log());
            JsonNode listed = active(am);
            assertNotEquals(listed.get(0).get("labels"), listed.get(1).get("labels"), "two incidents, two label sets");
            assertNotEquals(listed.get(0).get("fingerprint"), listed.get(1).get("fingerprint"));

            // four times resolve_timeout: both stay active all along, and neither starts again
            List<String> startsAt = startsAt(listed);
            long until = System.nanoTime() + RESOLVE_TIMEOUT.multipliedBy(4).toNanos();
            int polls = 0;
            while (System.nanoTime() < until) {
                if (polls++ % 4 == 0) {
                    tick.run();
                }
                assertEquals(Set.of(a, b), urls(am), "at " + polls * 250 + " ms\n" + am.alerts());
                assertEquals(startsAt, startsAt(active(am)), "the same alerts, not new ones");
                Thread.sleep(250);
            }

            server = new ProcessBuilder("python3", "-m", "http.server", String.valueOf(portA), "--bind", "127.0.0.1")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("http.log").toFile()).start();
            Await.until(Duration.ofSeconds(20), Duration.ofMillis(500), tick::run, () -> urls(am).equals(Set.of(b)),
                    () -> "Alertmanager lists " + am.alerts() + "\n" + httpokA.log());
            until = System.nanoTime() + RESOLVE_TIMEOUT.multipliedBy(2).toNanos();
            while (System.nanoTime() < until) {
                assertEquals(Set.of(b), urls(am), "exactly the one still failing\n" + am.alerts());
                Thread.sleep(250);
            }

            // the listener of the one still failing is killed and started again (within endsAt's 8 s): it goes on re-sending it
            List<String> stillFiring = startsAt(active(am));
            httpokB.kill9();
            try (ListenerDriver again = httpok(am, "web-b", b)) {
                until = System.nanoTime() + RESOLVE_TIMEOUT.multipliedBy(4).toNanos();
                polls = 0;
                while (System.nanoTime() < until) {
                    if (polls++ % 4 == 0) {
                        again.tick5();
                    }
                    assertEquals(stillFiring, startsAt(active(am)), "after the restart, at " + polls * 250 + " ms\n"
                            + am.alerts() + "\n" + again.log());
                    Thread.sleep(250);
                }
            }
        } finally {
            if (server != null) {
                server.destroy();
            }
        }
    }

    private ListenerDriver httpok(Alertmanager am, String name, String url) throws Exception {
        return ListenerDriver.superlance(dir, "httpok", "-t", "1", "--hostname", "web7", "--alertmanager", am.url(),
                "--alertmanager-resend", "2s", url).named(name).stderr(name + ".log").start();
    }

    private static JsonNode active(Alertmanager am) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : JSON.readTree(am.alerts())) {
            if (n.get("status").get("state").asText().equals("active") && n.get("labels").has("url")) {
                out.add(n);
            }
        }
        return JSON.valueToTree(out);
    }

    /** The URLs of the active httpok alerts. */
    private static Set<String> urls(Alertmanager am) throws Exception {
        Set<String> urls = new TreeSet<>();
        for (JsonNode n : active(am)) {
            urls.add(n.get("labels").get("url").asText());
        }
        return urls;
    }

    private static List<String> startsAt(JsonNode alerts) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : alerts) {
            out.add(n.get("labels").get("url").asText() + " " + n.get("startsAt").asText());
        }
        out.sort(null);
        return out;
    }
}
