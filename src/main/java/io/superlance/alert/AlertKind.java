package io.superlance.alert;

import java.util.HashMap;
import java.util.Map;

/**
 * What an alert is about. The wire name is what spool files, webhooks ({@code kind}) and Alertmanager
 * ({@code alertname}) show: it never changes, or receivers' rules and spooled alerts stop matching.
 */
public enum AlertKind {
    /** crashmail, crashmailbatch, crashsms: a program exited unexpectedly */
    PROCESS_CRASHED("ProcessCrashed"),
    /** fatalmailbatch: a program could not be started */
    PROCESS_FATAL("ProcessFatal"),
    /** memmon: a program was restarted for its memory */
    MEMORY_LIMIT_RESTART("MemoryLimitRestart"),
    /** memmon: a restart it asked for failed */
    RESTART_FAILED("RestartFailed"),
    /** memmon, httpok: --max-restarts is spent */
    RESTART_LIMIT_REACHED("RestartLimitReached"),
    /** httpok: the URL answered with an unexpected status, or not at all */
    HTTP_BAD_STATUS("HttpBadStatus"),
    /** httpok: the body lacks the expected text */
    HTTP_BAD_BODY("HttpBadBody"),
    /** httpok: a JSON metric crossed its threshold */
    HTTP_BAD_METRIC("HttpBadMetric"),
    /** heartbeat: a watched program is not RUNNING */
    PROGRAM_DOWN("ProgramDown"),
    /** heartbeat: a job has not succeeded in time */
    JOB_OVERDUE("JobOverdue"),
    /** heartbeat: a job's run failed (it said so, or exited unexpectedly) */
    JOB_FAILED("JobFailed"),
    /** logmon: lines of output matched a pattern */
    LOG_MATCH("LogMatch"),
    /** any command counting on a TICK: none came for two periods (not in events=, or supervisord hung) */
    TICK_MISSING("TickMissing"),
    /** memmon, httpok, heartbeat: a program name of their options matches no process of supervisord */
    NO_SUCH_PROGRAM("NoSuchProgram"),
    /** memmon, httpok, heartbeat: supervisord's XML-RPC does not answer (down, bad URL, credentials refused) */
    SUPERVISOR_UNREACHABLE("SupervisorUnreachable");

    private static final Map<String, AlertKind> BY_WIRE = new HashMap<>();

    static {
        for (AlertKind k : values()) {
            BY_WIRE.put(k.wire, k);
        }
    }

    private final String wire;

    AlertKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** @throws IllegalArgumentException for a name no kind has */
    public static AlertKind fromWire(String wire) {
        AlertKind k = BY_WIRE.get(wire);
        if (k == null) {
            throw new IllegalArgumentException("unknown alert kind '" + wire + "'");
        }
        return k;
    }

    /** The wire name, so a kind reads the same in any text it is put into. */
    @Override
    public String toString() {
        return wire;
    }
}
