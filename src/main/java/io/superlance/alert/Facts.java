package io.superlance.alert;

/**
 * Names of an alert's {@link Alert#facts() facts}: the values a channel template can show. A monitor
 * gives those it knows; a channel shows those it has and falls back on the subject and body.
 */
public final class Facts {
    /** the host the alert is about */
    public static final String HOST = "host";
    /** the monitor that raised it, e.g. {@code crashmail} */
    public static final String MONITOR = "monitor";
    public static final String PROGRAM = "program";
    public static final String GROUP = "group";
    public static final String PID = "pid";
    public static final String STATE = "state";
    /** what was measured, e.g. {@code 512.0 MB} or {@code 93.5} */
    public static final String VALUE = "value";
    /** the limit it was held against, e.g. {@code <=80} */
    public static final String THRESHOLD = "threshold";
    public static final String URL = "url";
    /** which check failed, e.g. {@code status}, {@code CHANNEL.ch-1.ChannelFillPercentage<=80} */
    public static final String CHECK = "check";
    /** how many events the alert stands for, e.g. matching lines */
    public static final String COUNT = "count";
    /** how long the incident has lasted, e.g. {@code 2m30s} */
    public static final String DURATION = "duration";
    /** lines quoted in the alert (log lines), newline separated */
    public static final String LINES = "lines";
    /** the program's last output, newline separated */
    public static final String TAIL = "tail";
    /** a job's own message, or a reason in words */
    public static final String MESSAGE = "message";
    /** the job a heartbeat alert is about */
    public static final String JOB = "job";
    /** the logmon pattern that matched */
    public static final String PATTERN = "pattern";
    /** how many alerts a folded message stands for (a fold, an outage's summary), counted where it is not shown */
    public static final String ALERTS = "alerts";
    /** {@code true} on an alert sent by {@code --test-alert}: nothing happened ({@link TestMode}) */
    public static final String TEST = "test";

    /** Every name above, e.g. the placeholders a {@link Template} may use. */
    public static final java.util.Set<String> ALL = java.util.Set.of(HOST, MONITOR, PROGRAM, GROUP, PID, STATE, VALUE,
            THRESHOLD, URL, CHECK, COUNT, DURATION, LINES, TAIL, MESSAGE, JOB, PATTERN, TEST, ALERTS);

    private Facts() {
    }
}
