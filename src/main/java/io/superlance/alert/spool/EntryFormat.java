package io.superlance.alert.spool;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.protocol.ProcessId;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/** A spool entry as a small properties file: readable with any editor, escapes newlines itself. */
final class EntryFormat {
    private EntryFormat() {
    }

    static byte[] write(SpoolEntry e) {
        Alert a = e.alert();
        StringBuilder b = new StringBuilder(512 + a.body().length());
        b.append("#superlance alert; 'done' lists the channels that took it, attempts.CHANNEL those that failed so far\n");
        property(b, "seq", Long.toString(e.seq()));
        property(b, "id", a.id());
        property(b, "time", iso(a.time()));
        property(b, "source", a.source());
        property(b, "kind", a.kind().wire());
        property(b, "subject", a.subject());
        property(b, "body", a.body());
        if (a.process() != null) {
            property(b, "group", a.process().group());
            property(b, "process", a.process().name());
        }
        if (a.pid() != null) {
            property(b, "pid", a.pid().toString());
        }
        if (a.state() != null) {
            property(b, "state", a.state());
        }
        property(b, "resolved", Boolean.toString(a.resolved()));
        if (a.incident() != null) {
            property(b, "incident", a.incident());
        }
        int i = 0;
        for (Map.Entry<String, String> f : a.facts().entrySet()) {
            // numbered, so the order the monitor gave survives Properties' hash order when read
            property(b, "fact." + i + "." + f.getKey(), f.getValue());
            i++;
        }
        if (e.holdUntil() != null) {
            property(b, "holdUntil", iso(e.holdUntil()));
        }
        property(b, "done", String.join("\n", e.done()));
        for (Map.Entry<String, SpoolEntry.Tries> t : e.allTries().entrySet()) {
            if (!e.done().contains(t.getKey())) {
                property(b, "attempts." + t.getKey(), Integer.toString(t.getValue().attempts()));
                property(b, "lastError." + t.getKey(), Objects.requireNonNullElse(t.getValue().lastError(), ""));
                property(b, "nextAttempt." + t.getKey(), iso(t.getValue().nextAttempt()));
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One {@code key=value} line as {@link Properties#load} reads it, escaped as {@link Properties#store}
     * escapes, without store's date line: formatting that date (time zone names, locale data) was most of
     * what writing an entry cost, on the path that acknowledges an alerting event.
     */
    private static void property(StringBuilder b, String key, String value) {
        escape(b, key, true);
        b.append('=');
        escape(b, value, false);
        b.append('\n');
    }

    /**
     * What {@link Instant#parse} reads back exactly: {@code 2026-12-07T08:02:25.553000000Z}, written by hand
     * because {@link Instant#toString()}'s formatter was a tenth of what acknowledging an alerting event cost.
     */
    static String iso(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        if (d.getYear() < 1000 || d.getYear() > 9999) {
            return t.toString();
        }
        StringBuilder b = new StringBuilder(30).append(d.getYear()).append('-');
        pad(b, d.getMonthValue(), 2).append('-');
        pad(b, d.getDayOfMonth(), 2).append('T');
        pad(b, d.getHour(), 2).append(':');
        pad(b, d.getMinute(), 2).append(':');
        pad(b, d.getSecond(), 2);
        if (t.getNano() != 0) {
            pad(b.append('.'), t.getNano(), 9);
        }
        return b.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder b, int v, int digits) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < digits; i++) {
            b.append('0');
        }
        return b.append(s);
    }

    private static void escape(StringBuilder b, String s, boolean key) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\f' -> b.append("\\f");
                case '=', ':', '#', '!' -> b.append('\\').append(c);
                case ' ' -> b.append(key || i == 0 ? "\\ " : " ");
                default -> b.append(c);
            }
        }
    }

    /** @throws IllegalArgumentException when the text is not a complete entry */
    static SpoolEntry read(byte[] bytes) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException ex) {
            throw new IllegalArgumentException("not a properties file: " + ex.getMessage());
        }
        String group = p.getProperty("group");
        String name = p.getProperty("process");
        String pid = p.getProperty("pid");
        String hold = p.getProperty("holdUntil");
        try {
            Alert a = Alert.of(required(p, "source"), AlertKind.fromWire(required(p, "kind")), Instant.parse(required(p, "time")))
                    .id(required(p, "id")).subject(required(p, "subject")).body(required(p, "body"))
                    .process(group != null && name != null ? new ProcessId(group, name) : null)
                    .pid(pid == null ? null : Integer.valueOf(pid)).state(p.getProperty("state"))
                    .resolved(Boolean.parseBoolean(p.getProperty("resolved"))).incident(p.getProperty("incident"))
                    .facts(facts(p)).build();
            Set<String> done = new LinkedHashSet<>();
            String d = p.getProperty("done", "");
            if (!d.isEmpty()) {
                done.addAll(Arrays.asList(d.split("\n")));
            }
            SpoolEntry e = new SpoolEntry(Long.parseLong(required(p, "seq")), a, hold == null ? null : Instant.parse(hold), done);
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("attempts.")) {
                    String channel = key.substring("attempts.".length());
                    String next = p.getProperty("nextAttempt." + channel);
                    e.allTries().put(channel, new SpoolEntry.Tries(Integer.parseInt(p.getProperty(key)),
                            p.getProperty("lastError." + channel, ""), next == null ? null : Instant.parse(next)));
                }
            }
            return e;
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException(ex.getMessage(), ex);
        }
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("no '" + key + "'");
        }
        return v;
    }

    static byte[] counts(java.util.Map<String, Long> counts) {
        Properties p = new Properties();
        counts.forEach((k, v) -> p.setProperty(k, Long.toString(v)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            p.store(out, "alerts per channel that the full spool could not keep, to be reported in its next message");
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return out.toByteArray();
    }

    /** The {@code fact.N.NAME} properties in N's order. */
    private static Map<String, String> facts(Properties p) {
        TreeMap<Integer, Map.Entry<String, String>> ordered = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("fact.")) {
                int dot = key.indexOf('.', 5);
                if (dot > 5) {
                    try {
                        ordered.put(Integer.parseInt(key.substring(5, dot)), Map.entry(key.substring(dot + 1), p.getProperty(key)));
                    } catch (NumberFormatException ignored) {
                        // not one of ours: left out
                    }
                }
            }
        }
        Map<String, String> facts = new LinkedHashMap<>();
        ordered.values().forEach(e -> facts.put(e.getKey(), e.getValue()));
        return facts;
    }
}
