package io.superlance.alert;

/**
 * How the channels people read (mail, SMS, chat) tell that an incident is over: one wording for all, so a
 * resolution reads the same wherever it arrives. Webhooks and Alertmanager carry {@link Alert#resolved()} as is.
 */
public final class Resolution {
    /** The word that starts a resolution's subject. */
    public static final String MARK = "RESOLVED";

    private Resolution() {
    }

    /** {@code RESOLVED: } and the alert's subject. */
    public static String subject(Alert a) {
        return MARK + ": " + a.subject().strip();
    }

    /** How long the incident lasted ({@link Facts#DURATION}), e.g. {@code 2m30s}; null when the monitor does not know. */
    public static String lasted(Alert a) {
        return a.fact(Facts.DURATION);
    }
}
