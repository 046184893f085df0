package io.superlance.alert.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Facts;
import io.superlance.alert.TestAlerts;
import io.superlance.alert.TestMode;
import io.superlance.alert.webhook.HttpPoster;
import io.superlance.testing.VirtualClock;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertmanagerChannelTest {
    private static final Instant NOW = Instant.parse("2026-11-21T05:10:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final VirtualClock clock = new VirtualClock(NOW);
    private MockWebServer am;

    @BeforeEach
    void start() throws Exception {
        am = new MockWebServer();
        am.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse();
            }
        });
        am.start();
    }

    @AfterEach
    void stop() throws Exception {
        am.shutdown();
    }

    private AlertmanagerChannel channel(Path file) {
        return new AlertmanagerChannel(am.url("/").toString(), "h", new HttpPoster(Duration.ofSeconds(5)), clock, null,
                new FiringAlerts(file, Duration.ofMinutes(1), clock));
    }

    private JsonNode posted() throws Exception {
        RecordedRequest r = am.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(r, "nothing posted");
        assertEquals("/api/v2/alerts", r.getPath());
        return JSON.readTree(r.getBody().readUtf8());
    }

    private static Alert failing(String url, Instant time) {
        return Alert.of("httpok", AlertKind.HTTP_BAD_STATUS, time).subject(url + " answers 500").body("b")
                .incident("h/httpok/" + url + " status").fact(Facts.URL, url).fact(Facts.CHECK, "status").build();
    }

    private static Alert recovered(String url, Instant time) {
        return Alert.of("httpok", AlertKind.HTTP_BAD_STATUS, time).subject(url + " answers 200").body("b").resolved(true)
                .incident("h/httpok/" + url + " status").fact(Facts.URL, url).fact(Facts.CHECK, "status").build();
    }

    @Test
    void aCrashIsAOneOffEvent_withAnEndsAtOfItsOwn_andItsResolutionTheSameLabels() {
        Map<String, Object> firing = AlertmanagerChannel.document(TestAlerts.crash("web", "web-1", 1), "h", NOW);
        Map<String, Object> resolved = AlertmanagerChannel.document(TestAlerts.runningAgain("web", "web-1", 2), "h", NOW);
        assertEquals(TestAlerts.TIME, firing.get("startsAt"));
        assertEquals(NOW.plus(AlertmanagerChannel.ONE_OFF), firing.get("endsAt"), "told late: active from when it is told");
        assertEquals(NOW, resolved.get("endsAt"));
        assertEquals(firing.get("labels"), resolved.get("labels"), "labels name the problem, not the occurrence");
    }

    @Test
    void twoIncidentsAreTwoAlerts_labelledWithWhatTheyAreAbout() {
        Map<?, ?> a = (Map<?, ?>) AlertmanagerChannel.document(failing("http://a/health", NOW), "h", NOW).get("labels");
        Map<?, ?> b = (Map<?, ?>) AlertmanagerChannel.document(failing("http://b/health", NOW), "h", NOW).get("labels");
        assertNotEquals(a, b);
        assertEquals("http://a/health", a.get("url"));
        assertEquals("status", a.get("check"));
        assertEquals("h/httpok/http://a/health status", a.get("incident"));
        assertNull(a.get("pid"), "nothing that changes while it lasts");
    }

    @Test
    void aLastingIncidentIsResentEveryInterval_withEndsAtFourAhead_untilItsResolution() throws Exception {
        AlertmanagerChannel c = channel(null);
        Instant began = NOW.minusSeconds(30);
        c.send(failing("http://a/", began));
        JsonNode first = posted().get(0);
        assertEquals(began, Instant.parse(first.get("startsAt").asText()));
        assertEquals(NOW.plus(Duration.ofMinutes(4)), Instant.parse(first.get("endsAt").asText()));

        clock.set(NOW.plusSeconds(60));
        c.resendNow();
        JsonNode again = posted().get(0);
        assertEquals(first.get("labels"), again.get("labels"));
        assertEquals(began, Instant.parse(again.get("startsAt").asText()), "the same alert, not a new one");
        assertEquals(NOW.plus(Duration.ofMinutes(5)), Instant.parse(again.get("endsAt").asText()));

        clock.set(NOW.plusSeconds(90));
        c.send(recovered("http://a/", clock.instant()));
        JsonNode end = posted().get(0);
        assertEquals(first.get("labels"), end.get("labels"));
        assertEquals(clock.instant(), Instant.parse(end.get("endsAt").asText()));
        c.resendNow();
        assertEquals(3, am.getRequestCount(), "nothing re-sent after the resolution");
        assertEquals(List.of(), c.firingIncidents());
    }

    @Test
    void aResolutionEndsItsOwnIncidentOnly_withTheLabelsItFiredWith() throws Exception {
        AlertmanagerChannel c = channel(null);
        c.sendAll(List.of(failing("http://a/", NOW), failing("http://b/", NOW)));
        posted();
        Alert jobFailed = Alert.of("heartbeat", AlertKind.JOB_FAILED, NOW).subject("backup failed").incident("h/heartbeat/backup")
                .fact(Facts.JOB, "backup").build();
        c.send(jobFailed);
        JsonNode fired = posted().get(0).get("labels");
        // the same incident's resolution under another kind (a heartbeat that fired as failed ends as overdue)
        c.send(Alert.of("heartbeat", AlertKind.JOB_OVERDUE, NOW).subject("backup ok").resolved(true)
                .incident("h/heartbeat/backup").fact(Facts.JOB, "backup").build());
        assertEquals(fired, posted().get(0).get("labels"), "Alertmanager sees the alert that fired end");

        c.send(recovered("http://a/", NOW));
        posted();
        assertEquals(List.of("h/httpok/http://b/ status"), c.firingIncidents());
        c.resendNow();
        JsonNode resent = posted();
        assertEquals(1, resent.size());
        assertEquals("http://b/", resent.get(0).get("labels").get("url").asText());
    }

    @Test
    void theFiringSetSurvivesARestart_viaTheStateDirectory(@TempDir Path state) throws Exception {
        Path file = state.resolve(FiringAlerts.DIR).resolve("listener-x.json");
        AlertmanagerChannel before = channel(file);
        before.send(failing("http://a/", NOW.minusSeconds(300)));
        posted();
        assertTrue(Files.exists(file));

        clock.set(NOW.plusSeconds(600));
        AlertmanagerChannel after = channel(file);
        after.resendNow();
        JsonNode resent = posted().get(0);
        assertEquals(NOW.minusSeconds(300), Instant.parse(resent.get("startsAt").asText()), "the incident as it began");
        assertEquals(clock.instant().plus(Duration.ofMinutes(4)), Instant.parse(resent.get("endsAt").asText()));
        after.send(recovered("http://a/", clock.instant()));
        posted();
        assertEquals(List.of(), channel(file).firingIncidents(), "its resolution is kept too");
    }

    @Test
    void aTestAlertAndACrashAreNeverResent() throws Exception {
        AlertmanagerChannel c = channel(null);
        c.send(TestMode.mark(failing("http://a/", NOW)));
        c.send(TestAlerts.crash("web", "web-1", 1));
        posted();
        posted();
        c.resendNow();
        assertEquals(2, am.getRequestCount());
        assertFalse(c.firingIncidents().iterator().hasNext());
    }

    @Test
    void withoutResolutions_nothingIsResent_andEachAlertEndsByItself() throws Exception {
        AlertmanagerChannel c = new AlertmanagerChannel(am.url("/").toString(), "h", new HttpPoster(Duration.ofSeconds(5)), clock,
                null, new FiringAlerts(null, Duration.ZERO, clock));
        c.send(failing("http://a/", NOW));
        assertEquals(NOW.plus(AlertmanagerChannel.ONE_OFF), Instant.parse(posted().get(0).get("endsAt").asText()));
        assertEquals(List.of(), c.firingIncidents(), "no resolution would end its re-sending (--no-resolved)");
    }

    @Test
    void endpointIsTheV2AlertsPath() {
        Clock fixed = Clock.fixed(NOW, ZoneOffset.UTC);
        assertTrue(new AlertmanagerChannel("http://am:9093/", "h", null, fixed).name().endsWith("http://am:9093/api/v2/alerts"));
        assertTrue(new AlertmanagerChannel("http://am:9093/prefix", "h", null, fixed).name().endsWith("/prefix/api/v2/alerts"));
    }
}
