package io.superlance.alert;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AlertKindTest {
    /** What receivers match on (webhook kind, Alertmanager alertname, spool files): renaming one breaks them. */
    @Test
    void wireNamesAreTheOnesReceiversKnow() {
        assertEquals(List.of("ProcessCrashed", "ProcessFatal", "MemoryLimitRestart", "RestartFailed", "RestartLimitReached",
                        "HttpBadStatus", "HttpBadBody", "HttpBadMetric", "ProgramDown", "JobOverdue", "JobFailed", "LogMatch",
                        "TickMissing", "NoSuchProgram", "SupervisorUnreachable"),
                Arrays.stream(AlertKind.values()).map(AlertKind::wire).toList());
        for (AlertKind k : AlertKind.values()) {
            assertEquals(k, AlertKind.fromWire(k.wire()));
            assertEquals(k.wire(), k.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> AlertKind.fromWire("PROCESS_CRASHED"));
    }
}
