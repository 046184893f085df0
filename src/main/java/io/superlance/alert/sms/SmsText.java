package io.superlance.alert.sms;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Asctime;
import io.superlance.alert.Resolution;

import java.time.ZoneId;

/** One SMS worth of text for an alert: crashsms's compact line, at most {@link #MAX} characters and one segment. */
public final class SmsText {
    public static final int MAX = 160;
    /** One segment: GSM 7-bit characters, or UTF-16 units of UCS-2 when any character is outside that alphabet. */
    static final int GSM_SEPTETS = 160;
    static final int UCS2_UNITS = 70;
    /** GSM 03.38's basic alphabet and its extension table (an escape and a character: two septets). */
    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "^{}\\[~]|€";

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

    /**
     * The start of {@code s} that fits in {@code max} characters and in one SMS segment as GSM 03.38 counts it:
     * 160 characters of the GSM 7-bit alphabet (its extension characters {@code ^{}\[~]|€} counting two), or,
     * when a character outside that alphabet is kept, 70 UTF-16 units (UCS-2). Never half a surrogate pair.
     */
    static String cut(String s, int max) {
        int gsm = 0;
        int i = 0;
        while (i < s.length() && gsm <= GSM_SEPTETS) { // the longest start in the GSM alphabet
            int cp = s.codePointAt(i);
            int septets = septets(cp);
            if (septets == 0 || gsm + septets > Math.min(max, GSM_SEPTETS)) {
                break;
            }
            gsm += septets;
            i += Character.charCount(cp);
        }
        if (i == s.length()) {
            return s;
        }
        if (septets(s.codePointAt(i)) != 0 || i >= UCS2_UNITS) {
            return s.substring(0, i); // a GSM segment, fuller than a UCS-2 one would be
        }
        int end = 0;
        int chars = 0;
        while (end < s.length() && chars < max) {
            int next = end + Character.charCount(s.codePointAt(end));
            if (next > UCS2_UNITS) {
                break;
            }
            end = next;
            chars++;
        }
        return s.substring(0, end);
    }

    /** GSM 7-bit septets a code point takes: 1, 2 for the extension table, 0 when it is not in the alphabet. */
    private static int septets(int cp) {
        if (cp >= 0x10000) {
            return 0;
        }
        return GSM_BASIC.indexOf(cp) >= 0 ? 1 : GSM_EXTENSION.indexOf(cp) >= 0 ? 2 : 0;
    }
}
