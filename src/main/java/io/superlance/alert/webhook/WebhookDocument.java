package io.superlance.alert.webhook;

import io.superlance.alert.Alert;
import io.superlance.alert.TestMode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON document a webhook receives: one schema for every command, described field by field in
 * docs/channels.md. Fields are added, never renamed or removed, without a new {@code schema} value.
 */
public final class WebhookDocument {
    public static final String SCHEMA = "superlance.alert.v1";

    private WebhookDocument() {
    }

    public static Map<String, Object> of(Alert alert, String host) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("id", alert.id());
        m.put("time", alert.time());
        m.put("host", host);
        m.put("source", alert.source());
        m.put("kind", alert.kind().wire());
        m.put("resolved", alert.resolved());
        m.put("subject", oneLine(alert.subject()));
        m.put("body", alert.body());
        m.put("program", alert.process() == null ? null : alert.process().namespec());
        m.put("group", alert.process() == null ? null : alert.process().group());
        m.put("name", alert.process() == null ? null : alert.process().name());
        m.put("pid", alert.pid());
        m.put("state", alert.state());
        if (TestMode.isTest(alert)) {
            m.put("test", true); // sent by --test-alert: nothing happened
        }
        return m;
    }

    /** Subjects are one line, as in a mail header. */
    public static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ").strip();
    }
}
