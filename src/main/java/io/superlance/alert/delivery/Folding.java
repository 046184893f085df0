package io.superlance.alert.delivery;

import io.superlance.alert.Alert;
import io.superlance.alert.DurationText;
import io.superlance.alert.Facts;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns several alerts into one message with a count: those storm control held for one subject, and
 * those that piled up while a channel was failing (one message per subject, one summary of the rest);
 * and adds the note about alerts not kept.
 */
public final class Folding {
    /** Most alert texts one folded message quotes; the rest are counted. */
    static final int SHOWN = 20;

    private Folding() {
    }

    /**
     * What an alert is about, for storm control and for folding: its program, else its incident, else its
     * monitor and kind. Alerts with the same subject fold together.
     */
    public static String about(Alert a) {
        String incident = incidentOf(a);
        return incident != null ? incident : a.source() + " " + a.kind().wire();
    }

    /**
     * The program or incident an alert belongs to; null for an alert that belongs to neither (a batch
     * command's digest, which gathers many already), which goes out as it is after an outage.
     */
    public static String incidentOf(Alert a) {
        if (a.process() != null) {
            return a.process().namespec();
        }
        return a.incident();
    }

    /** Alerts about one subject held by storm control, as one alert; the id is stable for the same alerts. */
    public static Alert fold(List<Alert> alerts, Duration window) {
        return fold(alerts, " within " + DurationText.of(window) + " (--min-interval)", "-");
    }

    /** Alerts about one subject that piled up while the channel failed, as one alert. */
    public static Alert afterOutage(List<Alert> alerts) {
        return fold(alerts, " while this channel failed", "-o");
    }

    private static Alert fold(List<Alert> alerts, String why, String idMark) {
        if (alerts.size() == 1) {
            return alerts.get(0);
        }
        Alert first = alerts.get(0);
        Alert last = alerts.get(alerts.size() - 1);
        StringBuilder body = new StringBuilder();
        body.append(alerts.size()).append(" alerts for ").append(about(first)).append(why)
                .append(", folded into one message:\n");
        quote(body, alerts);
        String subject = about(first) + ": " + counted(alerts) + " (" + alerts.size() + " alerts)";
        return quotingBody(last.withId(first.id() + idMark + alerts.size()).withSubject(subject).withBody(body.toString().stripTrailing()), alerts.size());
    }

    /**
     * What alerts hold, counted by kind and state in the order each first came: {@code 3 crashed, 1 running
     * again}; a resolution counts as one of its kind's recoveries.
     */
    static String counted(List<Alert> alerts) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Alert a : alerts) {
            counts.merge(what(a), 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder();
        counts.forEach((what, n) -> b.append(b.length() == 0 ? "" : ", ").append(n).append(' ').append(what));
        return b.toString();
    }

    /** One alert's part of a fold's subject. */
    private static String what(Alert a) {
        return switch (a.kind()) {
            case PROCESS_CRASHED -> a.resolved() ? "running again" : "crashed";
            case PROCESS_FATAL -> a.resolved() ? "running again" : "could not start";
            default -> a.resolved() ? a.kind().wire() + " over" : a.kind().wire();
        };
    }

    /**
     * The alerts left after one message per subject, when a channel comes back: one message with their
     * count by subject and their first lines. Not a resolution even if some were.
     */
    public static Alert summary(List<Alert> alerts) {
        if (alerts.size() == 1) {
            return alerts.get(0);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Alert a : alerts) {
            counts.merge(about(a), 1, Integer::sum);
        }
        StringBuilder body = new StringBuilder();
        body.append(alerts.size()).append(" more alerts piled up while this channel failed:\n");
        counts.forEach((about, n) -> body.append("\n").append(n).append(" x ").append(about));
        body.append("\n");
        quote(body, alerts);
        Alert first = alerts.get(0);
        Alert last = alerts.get(alerts.size() - 1);
        return quotingBody(last.withId(first.id() + "-s" + alerts.size()).withResolved(false)
                .withSubject("superlance: " + alerts.size() + " alerts while a channel failed (" + counts.size() + " subjects)")
                .withBody(body.toString().stripTrailing()), alerts.size());
    }

    /**
     * A fold counting the alerts it stands for ({@link Facts#ALERTS}), without the last alert's quoted lines ({@link Facts#LINES}, {@link Facts#TAIL}): a chat card quotes
     * the fold's body, which names every alert in it, not one alert's log lines.
     */
    private static Alert quotingBody(Alert a, int alerts) {
        Map<String, String> facts = new LinkedHashMap<>(a.facts());
        facts.remove(Facts.LINES);
        facts.remove(Facts.TAIL);
        facts.put(Facts.ALERTS, Integer.toString(alerts));
        return new Alert(a.id(), a.time(), a.source(), a.kind(), a.subject(), a.body(), a.process(), a.pid(), a.state(),
                a.resolved(), a.incident(), facts);
    }

    /** The first {@link #SHOWN} alerts' subjects and first lines; the rest counted. */
    private static void quote(StringBuilder body, List<Alert> alerts) {
        for (int i = 0; i < Math.min(SHOWN, alerts.size()); i++) {
            Alert a = alerts.get(i);
            body.append("\n").append(a.subject().strip()).append("\n").append(a.body()).append("\n");
        }
        if (alerts.size() > SHOWN) {
            body.append("\n").append(alerts.size() - SHOWN).append(" more alerts not shown\n");
        }
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
