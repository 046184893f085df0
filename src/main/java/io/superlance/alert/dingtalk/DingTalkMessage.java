package io.superlance.alert.dingtalk;

import io.superlance.alert.Alert;
import io.superlance.alert.Asctime;
import io.superlance.alert.Resolution;
import io.superlance.alert.Template;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The robot's markdown message for one or several alerts: host, program, group, pid, state and time of
 * each, then the mentions. Several alerts fold into one message, so a crash loop costs one message of the
 * robot's budget per delivery, not one per crash.
 */
final class DingTalkMessage {
    /** Alerts shown in full in one message; the rest are counted, so a storm stays readable. */
    static final int MAX_SHOWN = 10;

    private DingTalkMessage() {
    }

    static Map<String, Object> of(List<Alert> alerts, String host, List<String> atMobiles, boolean atAll, ZoneId zone) {
        return of(alerts, host, atMobiles, atAll, zone, null);
    }

    /** @param template the user's text for each alert; null for the default */
    static Map<String, Object> of(List<Alert> alerts, String host, List<String> atMobiles, boolean atAll, ZoneId zone,
                                  Template template) {
        String title = alerts.size() == 1 ? host + ": " + oneLine(subject(alerts.get(0)))
                : alerts.size() + " alerts on " + host;
        StringBuilder text = new StringBuilder();
        text.append("#### ").append(title).append("\n\n");
        int shown = Math.min(alerts.size(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            Alert a = alerts.get(i);
            if (alerts.size() > 1) {
                text.append("**").append(oneLine(subject(a))).append("**\n\n");
            }
            if (template != null) {
                text.append(template.render(a, host, zone, ESCAPE, fields(a, host, zone).strip())).append("\n\n");
                continue;
            }
            text.append(fields(a, host, zone));
            text.append('\n');
            quote(text, a.body());
            text.append('\n');
        }
        if (alerts.size() > shown) {
            text.append("... and ").append(alerts.size() - shown).append(" more alerts not shown (see the listener's log)\n\n");
        }
        for (String mobile : atMobiles) {
            text.append('@').append(mobile).append(' '); // DingTalk highlights only mentions named in the text
        }

        Map<String, Object> markdown = new LinkedHashMap<>();
        markdown.put("title", title);
        markdown.put("text", text.toString().strip());
        Map<String, Object> at = new LinkedHashMap<>();
        at.put("atMobiles", atMobiles);
        at.put("isAtAll", atAll);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("msgtype", "markdown");
        m.put("markdown", markdown);
        m.put("at", at);
        return m;
    }

    /** Markdown has no escapes: a value is kept to one line, lines are quoted one by one. */
    private static final Template.Escape ESCAPE = new Template.Escape() {
        @Override
        public String value(String plain) {
            return oneLine(plain);
        }

        @Override
        public String lines(String plain) {
            StringBuilder b = new StringBuilder();
            quote(b, plain);
            return b.toString().stripTrailing();
        }
    };

    private static String fields(Alert a, String host, ZoneId zone) {
        StringBuilder text = new StringBuilder();
        line(text, "Host", host);
        if (a.process() != null) {
            line(text, "Program", a.process().namespec());
            line(text, "Group", a.process().group());
        }
        if (a.pid() != null) {
            line(text, "PID", a.pid().toString());
        }
        if (a.state() != null) {
            line(text, "State", a.state());
        }
        line(text, "Time", Asctime.format(a.time(), zone));
        if (a.resolved() && Resolution.lasted(a) != null) {
            line(text, "Lasted", Resolution.lasted(a));
        }
        return text.toString();
    }

    /** A resolution's subject says so. */
    private static String subject(Alert a) {
        return a.resolved() ? Resolution.subject(a) : a.subject();
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append("- **").append(label).append("**: ").append(oneLine(value)).append('\n');
    }

    /**
     * The body as a quote that keeps its lines (log lines, a program's last output): each line quoted, with
     * DingTalk's hard break (two spaces before the newline); a plain newline would run them into one line.
     */
    private static void quote(StringBuilder text, String body) {
        for (String l : body.strip().split("\\r?\\n|\\r")) {
            if (!l.isBlank()) {
                text.append("> ").append(l.stripTrailing()).append("  \n");
            }
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ").strip();
    }
}
