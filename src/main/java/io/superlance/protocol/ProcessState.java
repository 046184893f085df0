package io.superlance.protocol;

/** supervisord's process states, with the codes its XML-RPC interface uses. */
public enum ProcessState {
    STOPPED(0), STARTING(10), RUNNING(20), BACKOFF(30), STOPPING(40), EXITED(100), FATAL(200), UNKNOWN(1000);

    private final int code;

    ProcessState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ProcessState ofCode(int code) {
        for (ProcessState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return UNKNOWN;
    }

    /** The state named in an event name such as {@code PROCESS_STATE_EXITED}, or null. */
    static ProcessState ofEventName(String eventName) {
        if (!eventName.startsWith(EventNames.PROCESS_STATE_PREFIX)) {
            return null;
        }
        // a switch, not valueOf: this runs for every event, mostly in the interpreter
        return switch (eventName.substring(EventNames.PROCESS_STATE_PREFIX.length())) {
            case "STOPPED" -> STOPPED;
            case "STARTING" -> STARTING;
            case "RUNNING" -> RUNNING;
            case "BACKOFF" -> BACKOFF;
            case "STOPPING" -> STOPPING;
            case "EXITED" -> EXITED;
            case "FATAL" -> FATAL;
            case "UNKNOWN" -> UNKNOWN;
            default -> null;
        };
    }
}
