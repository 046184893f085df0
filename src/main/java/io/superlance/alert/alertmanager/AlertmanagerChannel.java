package io.superlance.alert.alertmanager;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.TestMode;
import io.superlance.alert.webhook.HttpPoster;
import io.superlance.alert.webhook.WebhookDocument;
import io.superlance.json.Json;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands alerts to Prometheus Alertmanager ({@code POST URL/api/v2/alerts}), which then groups,
 * deduplicates, silences and routes them. Alertmanager tells alerts apart by their labels, so the labels
 * hold only what names the problem (no pid, no time): a resolved alert with the same labels ends it.
 */
public final class AlertmanagerChannel implements Channel {
    private final String endpoint;
    private final String host;
    private final HttpPoster http;
    private final Clock clock;
    private final Map<String, String> headers;

    public AlertmanagerChannel(String url, String host, HttpPoster http, Clock clock) {
        this(url, host, http, clock, null);
    }

    /** @param authorization the Authorization header's value, or null */
    public AlertmanagerChannel(String url, String host, HttpPoster http, Clock clock, String authorization) {
        HttpPoster.checkUrl(url);
        this.headers = authorization == null ? Map.of() : Map.of("Authorization", authorization);
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.endpoint = base + "/api/v2/alerts";
        this.host = host;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "alertmanager " + HttpPoster.redacted(endpoint);
    }

    @Override
    public boolean foldsAlerts() {
        return true; // the API takes a list: several alerts, one request
    }

    @Override
    public void send(Alert alert) throws DeliveryException {
        sendAll(List.of(alert));
    }

    @Override
    public void sendAll(List<Alert> alerts) throws DeliveryException {
        Instant now = clock.instant();
        List<Object> body = new ArrayList<>();
        for (Alert a : alerts) {
            body.add(document(a, host, now));
        }
        http.postJson(endpoint, Json.write(body), headers);
    }

    /** One element of the posted array (Alertmanager's postableAlert). */
    static Map<String, Object> document(Alert a, String host, Instant now) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("alertname", a.kind().wire());
        labels.put("host", host);
        if (a.process() != null) {
            labels.put("program", a.process().namespec());
            labels.put("group", a.process().group());
        }
        // a test must not page: routes match test="true", and a severity no pager route takes
        labels.put("severity", TestMode.isTest(a) ? "none" : severity(a.kind()));
        labels.put("source", a.source());
        if (TestMode.isTest(a)) {
            labels.put("test", "true");
        }

        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("summary", WebhookDocument.oneLine(a.subject()));
        annotations.put("description", a.body());
        if (a.pid() != null) {
            annotations.put("pid", a.pid().toString());
        }
        if (a.state() != null) {
            annotations.put("state", a.state());
        }
        annotations.put("alert_id", a.id());

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels", labels);
        m.put("annotations", annotations);
        if (a.resolved()) {
            // Alertmanager takes startsAt from the firing alert it already holds
            m.put("endsAt", now);
        } else {
            // no endsAt: Alertmanager resolves it by itself after its resolve_timeout unless told sooner
            m.put("startsAt", a.time());
        }
        return m;
    }

    /** Crashes and failed starts take a program down; other kinds (restarts, health checks) are warnings. */
    static String severity(AlertKind kind) {
        return switch (kind) {
            case PROCESS_CRASHED, PROCESS_FATAL -> "critical";
            default -> "warning";
        };
    }
}
