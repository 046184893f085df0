package io.superlance.alert.alertmanager;

import io.superlance.alert.TestAlerts;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertmanagerChannelTest {
    private static final Instant NOW = Instant.parse("2026-11-21T05:10:00Z");

    @Test
    void firingAlertHasStartsAt_resolvedHasEndsAtNow_andTheSameLabels() {
        Map<String, Object> firing = AlertmanagerChannel.document(TestAlerts.crash("web", "web-1", 1), "h", NOW);
        Map<String, Object> resolved = AlertmanagerChannel.document(TestAlerts.runningAgain("web", "web-1", 2), "h", NOW);
        assertEquals(TestAlerts.TIME, firing.get("startsAt"));
        assertFalse(firing.containsKey("endsAt"));
        assertEquals(NOW, resolved.get("endsAt"));
        assertEquals(firing.get("labels"), resolved.get("labels"), "labels name the problem, not the occurrence");
    }

    @Test
    void endpointIsTheV2AlertsPath() {
        assertTrue(new AlertmanagerChannel("http://am:9093/", "h", null, Clock.fixed(NOW, ZoneOffset.UTC)).name().endsWith("http://am:9093/api/v2/alerts"));
        assertTrue(new AlertmanagerChannel("http://am:9093/prefix", "h", null, Clock.fixed(NOW, ZoneOffset.UTC)).name().endsWith("/prefix/api/v2/alerts"));
    }
}
