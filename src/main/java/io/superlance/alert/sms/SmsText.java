package io.superlance.alert.sms;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Asctime;
import io.superlance.alert.Resolution;

import java.time.ZoneId;

/** One SMS worth of text for an alert: crashsms's compact line, at most {@link #MAX} characters. */
public final class SmsText {
    public static final int MAX = 160;

    private SmsText() {
    }

    /**
     * {@code [GROUP:NAME](PID) exited unexpectedly TIME} for a crash, {@code RESOLVED: SUBJECT after DURATION} for
     * a resolution, else the alert's subject; cut to fit.
     */
    public static String of(Alert alert, ZoneId zone) {
        String text;
        if (alert.resolved()) {
            String lasted = Resolution.lasted(alert);
            return cut((Resolution.subject(alert) + (lasted == null ? "" : " after " + lasted)).replaceAll("[\\r\\n\\t]+", " "), MAX);
        }
        boolean crashOrFatal = alert.kind() == AlertKind.PROCESS_CRASHED || alert.kind() == AlertKind.PROCESS_FATAL;
        if (alert.kind() == AlertKind.PROCESS_CRASHED && alert.process() != null && alert.pid() != null) {
            text = "[" + alert.process().qualified() + "](" + alert.pid() + ") exited unexpectedly "
                    + Asctime.format(alert.time(), zone);
        } else if (crashOrFatal && alert.pid() == null) {
            // a digest (crashmailbatch, fatalmailbatch, crashsms): its lines are the news
            text = (alert.subject().strip() + " " + alert.body()).strip();
        } else {
            text = alert.subject().strip();
        }
        return cut(text.replaceAll("[\\r\\n\\t]+", " "), MAX);
    }

    /** The first {@code max} characters (code points: a surrogate pair is never split). */
    static String cut(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max));
    }
}
