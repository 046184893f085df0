package io.superlance.alert.spool;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.protocol.ProcessId;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/** A spool entry as a small properties file: readable with any editor, escapes newlines itself. */
final class EntryFormat {
    private EntryFormat() {
    }

    static byte[] write(SpoolEntry e) {
        Alert a = e.alert();
        Properties p = new Properties();
        p.setProperty("seq", Long.toString(e.seq()));
        p.setProperty("id", a.id());
        p.setProperty("time", a.time().toString());
        p.setProperty("source", a.source());
        p.setProperty("kind", a.kind().wire());
        p.setProperty("subject", a.subject());
        p.setProperty("body", a.body());
        if (a.process() != null) {
            p.setProperty("group", a.process().group());
            p.setProperty("process", a.process().name());
        }
        if (a.pid() != null) {
            p.setProperty("pid", a.pid().toString());
        }
        if (a.state() != null) {
            p.setProperty("state", a.state());
        }
        p.setProperty("resolved", Boolean.toString(a.resolved()));
        if (a.incident() != null) {
            p.setProperty("incident", a.incident());
        }
        int i = 0;
        for (Map.Entry<String, String> f : a.facts().entrySet()) {
            // numbered, so the order the monitor gave survives Properties' hash order
            p.setProperty("fact." + i + "." + f.getKey(), f.getValue());
            i++;
        }
        if (e.holdUntil() != null) {
            p.setProperty("holdUntil", e.holdUntil().toString());
        }
        p.setProperty("done", String.join("\n", e.done()));
        for (Map.Entry<String, SpoolEntry.Tries> t : e.allTries().entrySet()) {
            if (!e.done().contains(t.getKey())) {
                p.setProperty("attempts." + t.getKey(), Integer.toString(t.getValue().attempts()));
                p.setProperty("lastError." + t.getKey(), t.getValue().lastError());
                p.setProperty("nextAttempt." + t.getKey(), t.getValue().nextAttempt().toString());
            }
        }
        StringWriter w = new StringWriter();
        try {
            p.store(w, "superlance alert; 'done' lists the channels that took it, attempts.CHANNEL those that failed so far");
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
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
