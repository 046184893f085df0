package io.superlance.alert;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code --test-alert} sends must not be taken for the real thing: its subject (and so every title)
 * begins with TEST, its body says nothing happened, and it carries the fact {@code test=true}, which
 * Alertmanager gets as a label that routes can match.
 */
public final class TestMode {
    public static final String SUBJECT_PREFIX = "TEST ";

    private TestMode() {
    }

    /** The sample alert as a test alert. */
    public static Alert mark(Alert sample) {
        Map<String, String> facts = new LinkedHashMap<>(sample.facts());
        facts.put(Facts.TEST, "true");
        return new Alert(sample.id(), sample.time(), sample.source(), sample.kind(),
                SUBJECT_PREFIX + sample.subject().strip(),
                "This is a test alert (--test-alert): nothing happened. A real one looks like this:\n\n" + sample.body(),
                sample.process(), sample.pid(), sample.state(), sample.resolved(), sample.incident(), facts);
    }

    public static boolean isTest(Alert alert) {
        return "true".equals(alert.fact(Facts.TEST));
    }
}
