package io.superlance.alert.delivery;

import io.superlance.alert.Alert;
import io.superlance.alert.DurationText;

import java.time.Duration;
import java.util.List;

/** Turns several alerts into one message with a count, and adds the note about alerts not kept. */
public final class Folding {
    /** Most alert texts one folded message quotes; the rest are counted. */
    static final int SHOWN = 20;

    private Folding() {
    }

    /** Alerts for one program held by storm control, as one alert; the id is stable for the same alerts. */
    public static Alert fold(List<Alert> alerts, Duration window) {
        if (alerts.size() == 1) {
            return alerts.get(0);
        }
        Alert first = alerts.get(0);
        Alert last = alerts.get(alerts.size() - 1);
        StringBuilder body = new StringBuilder();
        body.append(alerts.size()).append(" alerts for ").append(first.process()).append(" within ")
                .append(DurationText.of(window)).append(" (--min-interval), folded into one message:\n");
        for (int i = 0; i < Math.min(SHOWN, alerts.size()); i++) {
            Alert a = alerts.get(i);
            body.append("\n").append(a.subject().strip()).append("\n").append(a.body()).append("\n");
        }
        if (alerts.size() > SHOWN) {
            body.append("\n").append(alerts.size() - SHOWN).append(" more alerts not shown\n");
        }
        String subject = last.subject() + " (" + alerts.size() + " alerts)";
        return last.withId(first.id() + "-" + alerts.size()).withSubject(subject).withBody(body.toString().stripTrailing());
    }

    /** The alert with a last line saying how many alerts the full spool could not keep. */
    public static Alert withNotShown(Alert a, long notShown) {
        if (notShown <= 0) {
            return a;
        }
        String body = a.body() + "\n\n" + notShown + " more alerts not shown (the listener's spool was full)";
        return a.withBody(body);
    }
}
