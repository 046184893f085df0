package io.superlance.alert.delivery;

import io.superlance.alert.Alert;
import io.superlance.alert.TestAlerts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FoldingTest {
    @Test
    void aFoldsSubjectCountsWhatItHolds_notTheLastAlertsSubject() {
        List<Alert> storm = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            storm.add(TestAlerts.crash("w3", "w3", 100 + i));
        }
        storm.add(TestAlerts.runningAgain("w3", "w3", 200));
        Alert folded = Folding.afterOutage(storm);
        assertEquals("w3: 20 crashed, 1 running again (21 alerts)", folded.subject());
        assertEquals("w3: 3 crashed (3 alerts)", Folding.fold(storm.subList(0, 3), Duration.ofMinutes(1)).subject());
    }
}
