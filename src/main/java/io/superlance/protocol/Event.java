package io.superlance.protocol;

/** A typed event from supervisord. {@link #name()} is the event name as sent. */
public sealed interface Event {
    String name();

    /** PROCESS_STATE_*: {@code expected} is set on EXITED, {@code pid} where the payload has one, {@code tries} on STARTING and BACKOFF. */
    record ProcessStateChange(String name, ProcessState state, ProcessId process, String fromState,
                              Integer pid, Integer tries, Boolean expected) implements Event {
        /** An EXITED event that supervisord did not expect: the crash signal. */
        public boolean isCrash() {
            return state == ProcessState.EXITED && Boolean.FALSE.equals(expected);
        }
    }

    /**
     * TICK_5, TICK_60, TICK_3600: {@code when} is supervisord's clock in epoch seconds. The one place a tick's
     * period is read from its name ({@link #period(String)}).
     */
    record Tick(String name, int periodSeconds, long when) implements Event {
        /** A tick of this name ({@code TICK_60}); its period is the name's. */
        public Tick(String name, long when) {
            this(name, (int) period(name).toSeconds(), when);
        }

        public java.time.Duration period() {
            return java.time.Duration.ofSeconds(periodSeconds);
        }

        /** The period of the tick named {@code name}, e.g. one minute for {@code TICK_60}; null when it names no tick. */
        public static java.time.Duration period(String name) {
            return switch (name) {
                case EventNames.TICK_5 -> java.time.Duration.ofSeconds(5);
                case EventNames.TICK_60 -> java.time.Duration.ofMinutes(1);
                case EventNames.TICK_3600 -> java.time.Duration.ofHours(1);
                default -> null;
            };
        }
    }

    /** PROCESS_LOG_STDOUT / _STDERR: a chunk of a program's output, not necessarily whole lines. */
    record ProcessLog(String name, ProcessId process, Integer pid, String channel, String data) implements Event {
    }

    /** PROCESS_COMMUNICATION_STDOUT / _STDERR. */
    record ProcessCommunication(String name, ProcessId process, Integer pid, String data) implements Event {
    }

    record RemoteCommunication(String name, String type, String data) implements Event {
    }

    /** PROCESS_GROUP_ADDED / _REMOVED. */
    record ProcessGroupChange(String name, String group) implements Event {
    }

    /** SUPERVISOR_STATE_CHANGE_RUNNING / _STOPPING. */
    record SupervisorStateChange(String name) implements Event {
    }

    /** An event name this version does not know; still acknowledged. */
    record Unknown(String name, String payload) implements Event {
    }
}
