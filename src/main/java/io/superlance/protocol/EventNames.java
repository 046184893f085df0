package io.superlance.protocol;

import java.util.List;

/** The event names supervisord sends, and the families a listener subscribes to. */
public final class EventNames {
    public static final String PROCESS_STATE_PREFIX = "PROCESS_STATE_";
    public static final String PROCESS_STATE_EXITED = "PROCESS_STATE_EXITED";
    public static final String PROCESS_STATE_FATAL = "PROCESS_STATE_FATAL";
    public static final String PROCESS_STATE_BACKOFF = "PROCESS_STATE_BACKOFF";
    public static final String PROCESS_STATE_RUNNING = "PROCESS_STATE_RUNNING";
    public static final String TICK_5 = "TICK_5";
    public static final String TICK_60 = "TICK_60";
    public static final String TICK_3600 = "TICK_3600";
    public static final List<String> TICKS = List.of(TICK_5, TICK_60, TICK_3600);
    public static final String PROCESS_LOG_STDOUT = "PROCESS_LOG_STDOUT";
    public static final String PROCESS_LOG_STDERR = "PROCESS_LOG_STDERR";
    public static final String PROCESS_COMMUNICATION_STDOUT = "PROCESS_COMMUNICATION_STDOUT";
    public static final String PROCESS_COMMUNICATION_STDERR = "PROCESS_COMMUNICATION_STDERR";
    public static final String REMOTE_COMMUNICATION = "REMOTE_COMMUNICATION";
    public static final String PROCESS_GROUP_ADDED = "PROCESS_GROUP_ADDED";
    public static final String PROCESS_GROUP_REMOVED = "PROCESS_GROUP_REMOVED";
    public static final String SUPERVISOR_STATE_CHANGE_RUNNING = "SUPERVISOR_STATE_CHANGE_RUNNING";
    public static final String SUPERVISOR_STATE_CHANGE_STOPPING = "SUPERVISOR_STATE_CHANGE_STOPPING";

    private EventNames() {
    }
}
