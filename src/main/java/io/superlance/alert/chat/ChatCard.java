package io.superlance.alert.chat;

import io.superlance.alert.Alert;
import io.superlance.alert.Asctime;
import io.superlance.alert.Facts;
import io.superlance.alert.Resolution;
import io.superlance.alert.Template;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The default chat message for one or several alerts, from their named facts: a title line, then one
 * short line per fact ({@code host}, program, state, value, threshold, or whatever a check named, e.g.
 * a Flume channel's {@code ChannelSize}), the time, and quoted lines (log lines, output tail, or the
 * body when there are none). One text, each service's {@link Markup} for bold, code and escaping.
 * Several alerts fold into one message, so a crash loop costs one message of a robot's budget.
 */
public final class ChatCard {
    /** Alerts shown in full in one message; the rest are counted, so a storm stays readable. */
    public static final int MAX_SHOWN = 10;
    /** Quoted lines shown per alert, and their length. */
    static final int QUOTE_LINES = 8;
    static final int QUOTE_CHARS = 800;

    /** Facts shown apart from the field lines: the host (first), and those quoted. */
    private static final Set<String> NOT_FIELDS = Set.of(Facts.HOST, Facts.LINES, Facts.TAIL);

    private ChatCard() {
    }

    /** How a service marks text up. */
    public interface Markup {
        /** Makes plain text safe to put into the message. */
        String escape(String plain);

        /** Bold text; its argument is escaped already. */
        String bold(String escaped);

        /** Quoted lines, shown as they are; its argument is escaped already. */
        String quote(String escapedLines);
    }

    /** Markdown as DingTalk, WeCom and Feishu show it: no way to escape, so lines are kept to one line. */
    public static final Markup MARKDOWN = new Markup() {
        @Override
        public String escape(String plain) {
            return plain;
        }

        @Override
        public String bold(String escaped) {
            return "**" + escaped + "**";
        }

        @Override
        public String quote(String escapedLines) {
            StringBuilder b = new StringBuilder();
            for (String line : escapedLines.split("\n", -1)) {
                b.append("> ").append(line).append('\n');
            }
            return b.toString().stripTrailing();
        }
    };

    /** Plain text with no markup at all, e.g. Feishu's rich-text ("post") messages. */
    public static final Markup PLAIN = new Markup() {
        @Override
        public String escape(String plain) {
            return plain;
        }

        @Override
        public String bold(String escaped) {
            return escaped;
        }

        @Override
        public String quote(String escapedLines) {
            return escapedLines;
        }
    };

    /** The title: {@code host: subject} for one alert, {@code N alerts on host} for several. */
    public static String title(List<Alert> alerts, String host) {
        return alerts.size() == 1 ? hostOf(alerts.get(0), host) + ": " + oneLine(subject(alerts.get(0)))
                : alerts.size() + " alerts on " + host;
    }

    /** The message text under the title. */
    public static String text(List<Alert> alerts, String host, ZoneId zone, Markup m) {
        return text(alerts, host, zone, m, null);
    }

    /** The message text under the title, each alert through the user's {@code template} (null: the default). */
    public static String text(List<Alert> alerts, String host, ZoneId zone, Markup m, Template template) {
        StringBuilder text = new StringBuilder();
        int shown = Math.min(alerts.size(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            Alert a = alerts.get(i);
            if (template != null) {
                text.append(template.render(a, host, zone, escape(m), fields(a, host, zone, m).strip())).append("\n\n");
                continue;
            }
            if (alerts.size() > 1) {
                text.append(m.bold(m.escape(oneLine(subject(a))))).append('\n');
            }
            text.append(fields(a, host, zone, m));
            String quoted = a.fact(Facts.LINES) != null ? a.fact(Facts.LINES)
                    : a.fact(Facts.TAIL) != null ? a.fact(Facts.TAIL) : a.body();
            quoted = shorten(quoted.strip());
            if (!quoted.isEmpty()) {
                text.append(m.quote(m.escape(quoted))).append('\n');
            }
            text.append('\n');
        }
        if (alerts.size() > shown) {
            text.append(m.escape("... and " + (alerts.size() - shown) + " more alerts not shown (see the listener's log)"))
                    .append('\n');
        }
        return text.toString().strip();
    }

    /** At most {@code maxBytes} of UTF-8, cut at a character, with a mark where it was cut. */
    public static String cut(String s, int maxBytes) {
        if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return s;
        }
        String mark = "\n...";
        int budget = maxBytes - mark.length();
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > budget) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i) + mark;
    }

    /** A line per fact: host first, then the monitor's facts, then the time. */
    private static String fields(Alert a, String host, ZoneId zone, Markup m) {
        StringBuilder text = new StringBuilder();
        field(text, m, "host", hostOf(a, host));
        for (Map.Entry<String, String> f : a.facts().entrySet()) {
            if (!NOT_FIELDS.contains(f.getKey())) {
                field(text, m, f.getKey(), f.getValue());
            }
        }
        field(text, m, "time", Asctime.format(a.time(), zone));
        return text.toString();
    }

    /** A template's values in this markup: one line escaped; lines shortened, escaped and quoted. */
    private static Template.Escape escape(Markup m) {
        return new Template.Escape() {
            @Override
            public String value(String plain) {
                return m.escape(oneLine(plain));
            }

            @Override
            public String lines(String plain) {
                String s = shorten(plain.strip());
                return s.isEmpty() ? "" : m.quote(m.escape(s));
            }
        };
    }

    private static void field(StringBuilder text, Markup m, String label, String value) {
        text.append(m.bold(m.escape(label))).append(": ").append(m.escape(oneLine(value))).append('\n');
    }

    /** A resolution says so first ({@link Resolution}); its {@code duration} field says how long it lasted. */
    private static String subject(Alert a) {
        return a.resolved() ? Resolution.subject(a) : a.subject();
    }

    private static String hostOf(Alert a, String host) {
        String h = a.fact(Facts.HOST);
        return h != null ? h : host;
    }

    private static String shorten(String lines) {
        String[] all = lines.split("\r?\n");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(all.length, QUOTE_LINES); i++) {
            b.append(all[i]).append('\n');
        }
        String s = b.toString().stripTrailing();
        if (s.length() > QUOTE_CHARS) {
            s = s.substring(0, QUOTE_CHARS) + "...";
        } else if (all.length > QUOTE_LINES) {
            s += "\n... (" + (all.length - QUOTE_LINES) + " more lines)";
        }
        return s;
    }

    static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ").strip();
    }
}
