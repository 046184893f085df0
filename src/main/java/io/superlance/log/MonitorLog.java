package io.superlance.log;

/**
 * The lines one monitor says: {@code PROCESS: MONITOR: message} in a process that runs several monitors,
 * {@code PROCESS: message} in one that runs only this one (whose name is the process's already).
 * Obtained from {@link Log#of}.
 */
public final class MonitorLog {
    private final String monitor;

    MonitorLog(String monitor) {
        this.monitor = monitor;
    }

    public void info(String message) {
        Log.info(Log.speaker(monitor) + message);
    }

    public void warn(String message) {
        Log.warn(Log.speaker(monitor) + message);
    }

    public void error(String message) {
        Log.error(Log.speaker(monitor) + message);
    }
}
