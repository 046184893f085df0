package io.superlance.alert;

import io.superlance.protocol.ProcessId;

import java.time.Instant;

/** Alerts shaped like crashmail's, for channel and delivery tests. */
public final class TestAlerts {
    public static final Instant TIME = Instant.parse("2026-11-21T05:00:00.123Z");

    private TestAlerts() {
    }

    public static Alert crash(String group, String name, int pid) {
        return Alert.of("crashmail", AlertKind.PROCESS_CRASHED, TIME).subject(" " + name + " crashed at 2026-11-21 05:00:00,123")
                .body("Process " + name + " in group " + group + " exited unexpectedly (pid " + pid + ") from state RUNNING")
                .process(new ProcessId(group, name)).pid(pid).state("EXITED").build();
    }

    public static Alert runningAgain(String group, String name, int pid) {
        return Alert.of("crashmail", AlertKind.PROCESS_CRASHED, TIME).subject(" " + name + " running again")
                .body("Process " + name + " in group " + group + " is running again (pid " + pid + ")")
                .process(new ProcessId(group, name)).pid(pid).state("RUNNING").resolved(true).build();
    }

    /** A crash of {@code program} whose id is {@code id} and body {@code body ID}, to tell alerts apart in a test. */
    public static Alert crash(String id, String program, Instant time) {
        return Alert.of("crashmail", AlertKind.PROCESS_CRASHED, time).id(id).subject(" " + program + " crashed")
                .body("body " + id).process(new ProcessId(program, program)).pid(1).state("EXITED").build();
    }
}
