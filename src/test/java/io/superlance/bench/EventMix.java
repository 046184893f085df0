package io.superlance.bench;

/**
 * The events a busy host sends, by serial: state changes and expected exits, output lines (multi-byte,
 * one in 500 with ERROR for logmon), a crash in 200 events and a TICK_60 in 250, so that the checking
 * monitors (memmon, httpok, heartbeat) run their checks during the run but not so often that most
 * checks are skipped as still running.
 */
final class EventMix {
    private EventMix() {
    }

    record Event(String name, String payload) {
    }

    static Event event(int serial) {
        if (serial % 250 == 0) {
            return new Event("TICK_60", "when:" + (1_700_000_000 + serial));
        }
        String process = "processname:web_" + serial % 3 + " groupname:web";
        return switch (serial % 5) {
            case 1 -> new Event("PROCESS_STATE_RUNNING", process + " from_state:STARTING pid:" + (1000 + serial));
            case 2 -> new Event("PROCESS_LOG_STDOUT", process + " pid:1001 channel:stdout\n"
                    + (serial % 500 == 2 ? "ERROR upstream timed out " : "请求完成 status=200 ✓ ") + serial);
            default -> new Event("PROCESS_STATE_EXITED", process + " from_state:RUNNING expected:"
                    + (serial % 200 == 3 ? 0 : 1) + " pid:" + (1000 + serial));
        };
    }
}
