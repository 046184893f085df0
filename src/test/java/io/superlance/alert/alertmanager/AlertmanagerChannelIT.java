package io.superlance.alert.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.superlance.alert.Alert;
import io.superlance.alert.TestAlerts;
import io.superlance.alert.webhook.HttpPoster;
import io.superlance.e2e.Alertmanager;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fires an alert at a real Alertmanager, resolves it, and reads both back. */
class AlertmanagerChannelIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Dispatcher ALWAYS_OK = new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse();
        }
    };

    @TempDir
    Path dir;

    @Test
    void firedAlertIsListedAndNotified_thenResolvedAlertEndsIt() throws Exception {
        try (MockWebServer receiver = new MockWebServer()) {
            receiver.setDispatcher(ALWAYS_OK);
            receiver.start(InetAddress.getLoopbackAddress(), 0);
            try (Alertmanager am = Alertmanager.start(dir, "http://127.0.0.1:" + receiver.getPort() + "/am")) {
                AlertmanagerChannel channel = new AlertmanagerChannel(am.url() + "/", "web1",
                        new HttpPoster(Duration.ofSeconds(5)), Clock.systemUTC());
                Alert crash = TestAlerts.crash("web", "web-1", 4321);
                channel.send(crash);

                JsonNode listed = awaitAlerts(am, 1);
                JsonNode a = listed.get(0);
                JsonNode labels = a.get("labels");
                assertEquals("ProcessCrashed", labels.get("alertname").asText());
                assertEquals("web1", labels.get("host").asText());
                assertEquals("web:web-1", labels.get("program").asText());
                assertEquals("web", labels.get("group").asText());
                assertEquals("critical", labels.get("severity").asText());
                assertEquals("web-1 crashed at 2026-11-21 05:00:00,123", a.get("annotations").get("summary").asText());
                assertEquals(crash.body(), a.get("annotations").get("description").asText());
                assertEquals("active", a.get("status").get("state").asText());
                assertEquals(crash.time(), Instant.parse(a.get("startsAt").asText()));

                JsonNode firing = awaitNotification(receiver, am);
                assertEquals("firing", firing.get("status").asText(), firing.toString());
                assertEquals("web:web-1", firing.get("alerts").get(0).get("labels").get("program").asText());

                channel.send(TestAlerts.runningAgain("web", "web-1", 4400));
                awaitAlerts(am, 0);
                JsonNode resolved = awaitNotification(receiver, am);
                assertEquals("resolved", resolved.get("status").asText(), resolved.toString());
                assertEquals("web:web-1", resolved.get("alerts").get(0).get("labels").get("program").asText());
            }
        }
    }

    @Test
    void aTestAlertIsLabelledTest_andHasASeverityThatDoesNotPage() throws Exception {
        try (MockWebServer receiver = new MockWebServer()) {
            receiver.setDispatcher(ALWAYS_OK);
            receiver.start(InetAddress.getLoopbackAddress(), 0);
            try (Alertmanager am = Alertmanager.start(dir, "http://127.0.0.1:" + receiver.getPort() + "/am")) {
                AlertmanagerChannel channel = new AlertmanagerChannel(am.url(), "web1",
                        new HttpPoster(Duration.ofSeconds(5)), Clock.systemUTC());
                channel.send(io.superlance.alert.TestMode.mark(TestAlerts.crash("web", "example", 1)));
                JsonNode a = awaitAlerts(am, 1).get(0);
                assertEquals("true", a.get("labels").get("test").asText(), a.toString());
                assertEquals("none", a.get("labels").get("severity").asText(), a.toString());
                assertTrue(a.get("annotations").get("summary").asText().startsWith("TEST "), a.toString());
                JsonNode notified = awaitNotification(receiver, am);
                assertEquals("true", notified.get("alerts").get(0).get("labels").get("test").asText());
                assertEquals("true", notified.get("commonLabels").get("test").asText(), "a route can match test=\"true\"");
            }
        }
    }

    @Test
    void severalAlertsGoInOneRequest() throws Exception {
        try (MockWebServer receiver = new MockWebServer()) {
            receiver.setDispatcher(ALWAYS_OK);
            receiver.start(InetAddress.getLoopbackAddress(), 0);
            try (Alertmanager am = Alertmanager.start(dir, "http://127.0.0.1:" + receiver.getPort() + "/am")) {
                AlertmanagerChannel channel = new AlertmanagerChannel(am.url(), "web1",
                        new HttpPoster(Duration.ofSeconds(5)), Clock.systemUTC());
                channel.sendAll(List.of(TestAlerts.crash("g", "a", 1), TestAlerts.crash("g", "b", 2)));
                assertEquals(2, awaitAlerts(am, 2).size());
            }
        }
    }

    private static JsonNode awaitAlerts(Alertmanager am, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode alerts = null;
        while (System.nanoTime() < deadline) {
            alerts = JSON.readTree(am.alerts());
            if (alerts.size() == count) {
                return alerts;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Alertmanager lists " + alerts + ", not " + count + " alert(s)\n" + am.output());
    }

    private static JsonNode awaitNotification(MockWebServer receiver, Alertmanager am) throws Exception {
        RecordedRequest r = receiver.takeRequest(10, TimeUnit.SECONDS);
        assertNotNull(r, "Alertmanager sent no notification\n" + am.output());
        return JSON.readTree(r.getBody().readUtf8());
    }
}
