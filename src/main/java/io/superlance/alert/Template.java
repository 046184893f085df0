package io.superlance.alert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's text for one channel's messages ({@code --template CHANNEL=FILE}), with placeholders:
 * {@code {host}}, {@code {subject}} ({@code RESOLVED: ...} for a resolution), {@code {body}}, {@code {time}},
 * {@code {lines}} (quoted lines or the output tail), {@code {duration}}, {@code {facts}} (the channel's own
 * field lines), any name of {@link Facts}, and {@code {fact.NAME}} for any other fact. Values are escaped by the channel, so a log line cannot break
 * the message; the template's own text is the user's and goes as it is. A missing value is empty.
 */
public final class Template {
    /** The channels a template can be given for, as {@code --template} names them. */
    public static final List<String> CHANNELS = List.of("dingtalk", "wecom", "feishu", "slack", "telegram", "mail", "sms");
    /** Placeholders besides the fact names. */
    static final Set<String> SPECIAL = Set.of("subject", "body", "time", "facts");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_.-]+)?)}");
    /** {@code {fact.NAME}}: any fact, e.g. one a check named ({@code {fact.ChannelSize}}), unknown until it comes. */
    private static final String ANY_FACT = "fact.";

    /** Literal text at even indexes, placeholder names at odd ones. */
    private final List<String> parts;

    private Template(List<String> parts) {
        this.parts = parts;
    }

    /** How a channel puts plain values into its markup. */
    public interface Escape {
        /** One value on one line. */
        String value(String plain);

        /** Lines kept as lines (log lines, a body), e.g. as a quote. */
        String lines(String plain);
    }

    /** Plain text (mail): values as they are. */
    public static final Escape PLAIN = new Escape() {
        @Override
        public String value(String plain) {
            return plain;
        }

        @Override
        public String lines(String plain) {
            return plain;
        }
    };

    /** @throws IllegalArgumentException naming every unknown placeholder */
    public static Template parse(String text) {
        List<String> parts = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int at = 0;
        while (m.find()) {
            String name = m.group(1);
            if (!SPECIAL.contains(name) && !Facts.ALL.contains(name)
                    && !(name.startsWith(ANY_FACT) && name.length() > ANY_FACT.length())) {
                unknown.add("{" + name + "}");
            }
            parts.add(text.substring(at, m.start()));
            parts.add(name);
            at = m.end();
        }
        parts.add(text.substring(at));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown placeholder" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; known: {subject}, {body}, {time}, {facts}, {fact.NAME} and "
                    + String.join(", ", new TreeSet<>(Facts.ALL).stream().map(n -> "{" + n + "}").toList()));
        }
        return new Template(List.copyOf(parts));
    }

    /** The file's text (UTF-8), its trailing blank lines dropped. */
    public static Template read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8).stripTrailing());
    }

    /**
     * @param host  this host's name, unless the alert names another
     * @param zone  for {@code {time}}; null for the system's zone
     * @param facts the channel's field lines for {@code {facts}}, marked up already
     */
    public String render(Alert a, String host, ZoneId zone, Escape e, String facts) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (i % 2 == 0) {
                b.append(part);
                continue;
            }
            switch (part) {
                case "facts" -> b.append(facts);
                case "body" -> b.append(e.lines(a.body().strip()));
                case Facts.LINES -> {
                    String lines = a.fact(Facts.LINES) != null ? a.fact(Facts.LINES) : a.fact(Facts.TAIL);
                    b.append(lines == null ? "" : e.lines(lines.strip()));
                }
                case Facts.TAIL -> b.append(a.fact(Facts.TAIL) == null ? "" : e.lines(a.fact(Facts.TAIL).strip()));
                default -> b.append(e.value(oneLine(value(part, a, host, zone))));
            }
        }
        return b.toString();
    }

    /** The template's own text with every placeholder as {@code value}: what its markup is, whatever the values. */
    public String literal(String value) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            b.append(i % 2 == 0 ? parts.get(i) : value);
        }
        return b.toString();
    }

    /** {@code {facts}} in plain text (mail, SMS): {@code name: value} lines, host first and time last. */
    public static String plainFacts(Alert a, String host, ZoneId zone) {
        StringBuilder b = new StringBuilder();
        b.append("host: ").append(value(Facts.HOST, a, host, zone)).append('\n');
        for (var f : a.facts().entrySet()) {
            if (!Facts.HOST.equals(f.getKey()) && !Facts.LINES.equals(f.getKey()) && !Facts.TAIL.equals(f.getKey())) {
                b.append(f.getKey()).append(": ").append(oneLine(f.getValue())).append('\n');
            }
        }
        return b.append("time: ").append(value("time", a, host, zone)).toString();
    }

    private static String value(String name, Alert a, String host, ZoneId zone) {
        return switch (name) {
            case "subject" -> a.resolved() ? Resolution.subject(a) : a.subject();
            case "time" -> Asctime.format(a.time(), zone);
            case Facts.HOST -> a.fact(Facts.HOST) != null ? a.fact(Facts.HOST) : host == null ? "" : host;
            default -> {
                String fact = a.fact(name.startsWith(ANY_FACT) ? name.substring(ANY_FACT.length()) : name);
                yield fact == null ? "" : fact;
            }
        };
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ").strip();
    }
}
