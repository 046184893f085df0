package io.superlance.alert;

import io.superlance.protocol.ProcessId;

import java.time.Instant;

/** Alerts shaped like crashmail's, for channel tests. */
public final class TestAlerts {
    public static final Instant TIME = Instant.parse("2026-11-21T05:00:00.123Z");

    private TestAlerts() {
    }

    public static Alert crash(String group, String name, int pid) {
        return new Alert(Alert.newId(TIME), TIME, "crashmail", "ProcessCrashed", " " + name + " crashed at 2026-11-21 05:00:00,123",
                "Process " + name + " in group " + group + " exited unexpectedly (pid " + pid + ") from state RUNNING",
                new ProcessId(group, name), pid, "EXITED", false);
    }

    public static Alert runningAgain(String group, String name, int pid) {
        return new Alert(Alert.newId(TIME), TIME, "crashmail", "ProcessCrashed", " " + name + " running again",
                "Process " + name + " in group " + group + " is running again (pid " + pid + ")",
                new ProcessId(group, name), pid, "RUNNING", true);
    }
}
