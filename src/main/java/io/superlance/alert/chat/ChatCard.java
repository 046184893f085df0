package io.superlance.alert.chat;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
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
 * Several alerts fold into one message, so a crash loop costs one message of a robot's budget. How much
 * of it is shown is a {@link Detail}: {@link ChatFit} lowers it until the message fits its service.
 */
public final class ChatCard {
    /** Alerts shown in full in one message; the rest are counted, so a storm stays readable. */
    public static final int MAX_SHOWN = 10;
    /** Quoted lines shown per alert. */
    static final int QUOTE_LINES = 8;
    /** What a message says where it left something out. */
    static final String IN_THE_LOG = "the listener's log has them all";

    /** Facts shown apart from the field lines: the host (first), and those quoted. */
    private static final Set<String> NOT_FIELDS = Set.of(Facts.HOST, Facts.LINES, Facts.TAIL);

    private ChatCard() {
    }

    /**
     * How much a message shows: alerts listed, quoted lines per alert, characters per quoted line and per
     * value (a field, the subject); {@code wholeDigests}: a digest's lines are all quoted.
     */
    public record Detail(int alerts, int lines, int lineChars, int valueChars, boolean wholeDigests) {
        /** The default card. */
        public static final Detail FULL = new Detail(MAX_SHOWN, QUOTE_LINES, 400, 1000, true);
        /** Ever less: shorter and fewer lines first, then fewer alerts, down to the title, the host, the counts and a first line. */
        static final List<Detail> SHORTER = List.of(
                new Detail(MAX_SHOWN, QUOTE_LINES, 400, 1000, false),
                new Detail(MAX_SHOWN, 4, 200, 400, false),
                new Detail(MAX_SHOWN, 2, 120, 200, false),
                new Detail(MAX_SHOWN, 1, 80, 120, false),
                new Detail(5, 1, 80, 120, false),
                new Detail(3, 1, 80, 100, false),
                new Detail(1, 1, 80, 100, false),
                new Detail(1, 0, 0, 60, false));
        /** No alert listed: the title and a count, when nothing else fits. */
        static final Detail TITLE = new Detail(0, 0, 0, 40, false);
        /** A part of a digest: all of its lines. */
        static final Detail PART = new Detail(1, Integer.MAX_VALUE, 400, 1000, true);
    }

    /** How a service marks text up. */
    public interface Markup {
        /** Makes plain text from programs safe and inert ({@link Inert}) in the message. */
        String escape(String plain);

        /** Bold text; its argument is escaped already. */
        String bold(String escaped);

        /** Quoted lines, shown as they are; its argument is escaped already. */
        String quote(String escapedLines);

        /** The end of a field line: a newline, or what the service needs to show one. */
        default String lineEnd() {
            return "\n";
        }
    }

    /** Markdown as WeCom shows it: no way to escape, so program text is made {@link Inert#markdown inert}. */
    public static final Markup MARKDOWN = new Markup() {
        @Override
        public String escape(String plain) {
            return Inert.markdown(plain);
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
            return Inert.mentions(plain.replace("<at", "＜at"));
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
        return title(alerts, host, Detail.FULL);
    }

    /** The title, the subject cut to the detail's length of a value. */
    public static String title(List<Alert> alerts, String host, Detail d) {
        return alerts.size() == 1 ? hostOf(alerts.get(0), host) + ": " + value(subject(alerts.get(0)), d)
                : alerts.size() + " alerts on " + host;
    }

    /** The message text under the title. */
    public static String text(List<Alert> alerts, String host, ZoneId zone, Markup m) {
        return text(alerts, host, zone, m, null);
    }

    /** The message text under the title, each alert through the user's {@code template} (null: the default). */
    public static String text(List<Alert> alerts, String host, ZoneId zone, Markup m, Template template) {
        return text(alerts, host, zone, m, template, Detail.FULL);
    }

    /** The message text under the title, showing as much as {@code d} says. */
    public static String text(List<Alert> alerts, String host, ZoneId zone, Markup m, Template template, Detail d) {
        StringBuilder text = new StringBuilder();
        int shown = Math.min(alerts.size(), d.alerts());
        for (int i = 0; i < shown; i++) {
            Alert a = alerts.get(i);
            int lines = d.wholeDigests() && isDigest(a) ? Integer.MAX_VALUE : d.lines();
            if (template != null) {
                text.append(template.render(a, host, zone, escape(m, d, lines), fields(a, host, zone, m, d).strip())).append("\n\n");
                continue;
            }
            if (alerts.size() > 1) {
                text.append(m.bold(m.escape(value(subject(a), d)))).append(m.lineEnd());
            }
            text.append(fields(a, host, zone, m, d));
            String quoted = shorten(quoted(a).strip(), lines, d.lineChars());
            if (!quoted.isEmpty()) {
                text.append(m.quote(m.escape(quoted))).append('\n');
            }
            text.append('\n');
        }
        if (shown == 0) {
            text.append(m.escape("… too long to show here; " + IN_THE_LOG));
        } else if (alerts.size() > shown) {
            long more = alerts.subList(shown, alerts.size()).stream().mapToLong(ChatCard::standsFor).sum();
            text.append(m.escape("… and " + more + " more alerts not shown; " + IN_THE_LOG)).append('\n');
        }
        return text.toString().strip();
    }

    /**
     * A digest (crashmailbatch, fatalmailbatch, crashsms): a crash or fatal alert about no one pid, whose
     * lines are the news; split into parts rather than shortened where a service's limit is too small.
     */
    public static boolean isDigest(Alert a) {
        return (a.kind() == AlertKind.PROCESS_CRASHED || a.kind() == AlertKind.PROCESS_FATAL) && a.pid() == null
                && !a.resolved() && a.fact(Facts.LINES) == null;
    }

    /** How many alerts one stands for: a fold's count ({@link Facts#ALERTS}), else one. */
    private static long standsFor(Alert a) {
        String n = a.fact(Facts.ALERTS);
        return n != null && n.matches("\\d{1,9}") ? Long.parseLong(n) : 1;
    }

    /** The lines a message quotes for an alert: a digest's own lines, else log lines, else the output tail, else the body. */
    static String quoted(Alert a) {
        if (isDigest(a)) {
            return a.body();
        }
        return a.fact(Facts.LINES) != null ? a.fact(Facts.LINES) : a.fact(Facts.TAIL) != null ? a.fact(Facts.TAIL) : a.body();
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
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > budget) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i) + mark;
    }

    /** The first {@code max} characters (code points, so a surrogate pair is never split), {@code …} where cut. */
    static String cutChars(String s, int max) {
        if (s.length() <= max || s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return max <= 0 ? "…" : s.substring(0, s.offsetByCodePoints(0, max)) + "…";
    }

    /** A line per fact: host first, then the monitor's facts, then the time. */
    private static String fields(Alert a, String host, ZoneId zone, Markup m, Detail d) {
        StringBuilder text = new StringBuilder();
        field(text, m, d, "host", hostOf(a, host));
        for (Map.Entry<String, String> f : a.facts().entrySet()) {
            if (!NOT_FIELDS.contains(f.getKey())) {
                field(text, m, d, f.getKey(), f.getValue());
            }
        }
        field(text, m, d, "time", Asctime.format(a.time(), zone));
        return text.toString();
    }

    /** A template's values in this markup: one line escaped; lines shortened, escaped and quoted. */
    private static Template.Escape escape(Markup m, Detail d, int lines) {
        return new Template.Escape() {
            @Override
            public String value(String plain) {
                return m.escape(ChatCard.value(plain, d));
            }

            @Override
            public String lines(String plain) {
                String s = shorten(plain.strip(), lines, d.lineChars());
                return s.isEmpty() ? "" : m.quote(m.escape(s));
            }
        };
    }

    private static void field(StringBuilder text, Markup m, Detail d, String label, String value) {
        text.append(m.bold(m.escape(cutChars(label, d.valueChars())))).append(": ").append(m.escape(value(value, d)))
                .append(m.lineEnd());
    }

    /** One line, at most the detail's length of a value. */
    private static String value(String s, Detail d) {
        return cutChars(oneLine(s), d.valueChars());
    }

    /** A resolution says so first ({@link Resolution}); its {@code duration} field says how long it lasted. */
    private static String subject(Alert a) {
        return a.resolved() ? Resolution.subject(a) : a.subject();
    }

    private static String hostOf(Alert a, String host) {
        String h = a.fact(Facts.HOST);
        return h != null ? h : host;
    }

    /** The first {@code maxLines} lines, each cut to {@code lineChars}, saying how many more there are. */
    static String shorten(String lines, int maxLines, int lineChars) {
        if (lines.isEmpty()) {
            return "";
        }
        String[] all = lines.split("\r?\n|\r");
        StringBuilder b = new StringBuilder();
        int shown = Math.min(all.length, maxLines);
        for (int i = 0; i < shown; i++) {
            b.append(cutChars(all[i].stripTrailing(), lineChars)).append('\n');
        }
        if (all.length > shown) {
            int more = all.length - shown;
            b.append("… ").append(more).append(more == 1 ? " more line; " : " more lines; ").append(IN_THE_LOG);
        }
        return b.toString().stripTrailing();
    }

    static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ").strip();
    }
}
