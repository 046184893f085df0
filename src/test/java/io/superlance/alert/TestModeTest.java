package io.superlance.alert;

import io.superlance.alert.alertmanager.AlertmanagerChannelTestAccess;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestModeTest {
    @Test
    void aTestAlertSaysTestFirst_andThatNothingHappened() {
        Alert real = TestAlerts.crash("web", "example", 7);
        Alert test = TestMode.mark(real);
        assertTrue(test.subject().startsWith("TEST example crashed at "), test.subject());
        assertTrue(test.body().startsWith("This is a test alert (--test-alert): nothing happened."), test.body());
        assertTrue(test.body().endsWith(real.body()));
        assertEquals("true", test.fact(Facts.TEST));
        assertTrue(TestMode.isTest(test));
        assertFalse(TestMode.isTest(real));
        assertEquals(real.kind(), test.kind());
    }

    @Test
    void alertmanagerGetsATestLabelAndNoPagingSeverity() {
        var labels = AlertmanagerChannelTestAccess.labels(TestMode.mark(TestAlerts.crash("web", "example", 7)));
        assertEquals("true", labels.get("test"));
        assertEquals("none", labels.get("severity"));
        var real = AlertmanagerChannelTestAccess.labels(TestAlerts.crash("web", "example", 7));
        assertEquals("critical", real.get("severity"));
        assertFalse(real.containsKey("test"));
    }
}
