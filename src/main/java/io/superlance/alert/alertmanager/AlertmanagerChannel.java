package io.superlance.alert.alertmanager;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.Facts;
import io.superlance.alert.Hashes;
import io.superlance.alert.TestMode;
import io.superlance.alert.webhook.HttpPoster;
import io.superlance.alert.webhook.WebhookDocument;
import io.superlance.json.Json;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands alerts to Prometheus Alertmanager ({@code POST URL/api/v2/alerts}), which then groups,
 * deduplicates, silences and routes them, as Prometheus' guidance for clients asks:
 * <ul>
 * <li>an alert's labels are its identity: they name the incident ({@code incident}, and the URL and check,
 * the job, the program) and nothing that changes while it lasts (no pid, no time), so two incidents are
 * two alerts and a resolution ends its own only; a resolution is sent with the labels its incident fired
 * with;</li>
 * <li>a firing incident is re-sent every {@code resend} with {@code endsAt} a few intervals ahead until its
 * resolution ({@link FiringAlerts}); a one-off event (a crash) carries an {@code endsAt} of its own,
 * {@link #ONE_OFF} after it;</li>
 * <li>nothing is folded or held by storm control: the channel {@link #groupsItself groups itself}.</li>
 * </ul>
 */
public final class AlertmanagerChannel implements Channel {
    /** How long a one-off event (a crash) stays active: Alertmanager's own default resolve_timeout. */
    static final Duration ONE_OFF = Duration.ofMinutes(5);
    /** How often firing incidents are re-sent unless --alertmanager-resend says: Prometheus' own pace. */
    public static final Duration RESEND = Duration.ofMinutes(1);

    private final String endpoint;
    private final String host;
    private final HttpPoster http;
    private final Clock clock;
    private final Map<String, String> headers;
    private final FiringAlerts firing;

    /** With its firing incidents kept in memory only, re-sent every {@link #RESEND}. */
    public AlertmanagerChannel(String url, String host, HttpPoster http, Clock clock) {
        this(url, host, http, clock, null);
    }

    /** @param authorization the Authorization header's value, or null */
    public AlertmanagerChannel(String url, String host, HttpPoster http, Clock clock, String authorization) {
        this(url, host, http, clock, authorization, new FiringAlerts(null, RESEND, clock));
    }

    AlertmanagerChannel(String url, String host, HttpPoster http, Clock clock, String authorization,
                                FiringAlerts firing) {
        HttpPoster.checkUrl(url);
        this.headers = authorization == null ? Map.of() : Map.of("Authorization", authorization);
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.endpoint = base + "/api/v2/alerts";
        this.host = host;
        this.http = http;
        this.clock = clock;
        this.firing = firing;
        firing.postWith(this::post);
    }

    /**
     * A channel whose firing incidents are shared with every channel of this process to the same
     * Alertmanager, and kept under {@code stateDir} so a restarted listener goes on re-sending them.
     * @param resend   zero for no re-sending (no resolution is told): every alert ends at an endsAt of its own
     * @param listener the listener's name: each keeps its own
     * @param stateDir null to keep them in memory only
     */
    public static AlertmanagerChannel kept(String url, String host, HttpPoster http, String authorization, Duration resend,
                                           Path stateDir, String listener) {
        HttpPoster.checkUrl(url);
        Clock clock = Clock.systemUTC();
        if (resend.isZero()) {
            return new AlertmanagerChannel(url, host, http, clock, authorization, new FiringAlerts(null, resend, clock));
        }
        String key = listener + "-" + Hashes.of(url);
        Path file = stateDir == null ? null : stateDir.resolve(FiringAlerts.DIR).resolve(key + ".json");
        FiringAlerts shared = FiringAlerts.shared((stateDir == null ? "" : stateDir.toAbsolutePath() + "/") + key, file,
                resend, clock);
        return new AlertmanagerChannel(url, host, http, clock, authorization, shared);
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
    public boolean groupsItself() {
        return true;
    }

    @Override
    public void send(Alert alert) throws DeliveryException {
        sendAll(List.of(alert));
    }

    @Override
    public void sendAll(List<Alert> alerts) throws DeliveryException {
        Instant now = clock.instant();
        List<Object> body = new ArrayList<>();
        Map<String, Map<String, Object>> fired = new LinkedHashMap<>();
        List<String> resolved = new ArrayList<>();
        for (Alert a : alerts) {
            Map<String, Object> doc = document(a, host, now, firing.resend(), a.incident() == null ? null : firing.get(a.incident()));
            body.add(doc);
            if (lasting(a, firing.resend())) {
                if (a.resolved()) {
                    resolved.add(a.incident());
                    fired.remove(a.incident());
                } else {
                    Map<String, Object> kept = new LinkedHashMap<>(doc);
                    kept.remove("endsAt");
                    fired.putIfAbsent(a.incident(), kept);
                    resolved.remove(a.incident());
                }
            }
        }
        firing.send(fired, resolved, body, this::post);
    }

    private void post(List<Object> documents) throws DeliveryException {
        http.postJson(endpoint, Json.write(documents), headers);
    }

    /** For tests: posts every firing incident again now, as the re-send thread does each interval. */
    void resendNow() {
        firing.resendAll();
    }

    /** Incident keys firing now, for tests. */
    List<String> firingIncidents() {
        return firing.incidents();
    }

    static Map<String, Object> document(Alert a, String host, Instant now) {
        return document(a, host, now, RESEND, null);
    }

    /**
     * One element of the posted array (Alertmanager's postableAlert).
     * @param fired the document the alert's incident fired with, or null
     */
    static Map<String, Object> document(Alert a, String host, Instant now, Duration resend, Map<String, Object> fired) {
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
        if (a.incident() != null) {
            labels.put("incident", a.incident());
        }
        for (String fact : IDENTITY) {
            if (a.fact(fact) != null) {
                labels.put(fact, a.fact(fact));
            }
        }
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
        // a resolution ends the alert its incident fired as, whatever kind it names itself
        m.put("labels", fired != null ? fired.get("labels") : labels);
        m.put("annotations", annotations);
        if (a.resolved()) {
            if (fired != null) {
                m.put("startsAt", fired.get("startsAt"));
            }
            m.put("endsAt", now);
        } else if (lasting(a, resend)) {
            // lasting: re-sent every interval, each time with endsAt this far ahead, until its resolution
            m.put("startsAt", fired != null ? fired.get("startsAt") : a.time());
            m.put("endsAt", now.plus(resend.multipliedBy(FiringAlerts.ENDS_AFTER)));
        } else {
            // a one-off event: active for a while from when it is told, never re-sent
            m.put("startsAt", a.time());
            m.put("endsAt", (a.time().isAfter(now) ? a.time() : now).plus(ONE_OFF));
        }
        return m;
    }

    /** An incident re-sent until its resolution; with no re-sending (no resolution is told), none is. */
    private static boolean lasting(Alert a, Duration resend) {
        return a.incident() != null && !TestMode.isTest(a) && !resend.isZero();
    }

    /** Facts that name what an incident is about, and so go in its labels. */
    private static final List<String> IDENTITY = List.of(Facts.URL, Facts.CHECK, Facts.JOB);

    /** Crashes and failed starts take a program down; other kinds (restarts, health checks) are warnings. */
    static String severity(AlertKind kind) {
        return switch (kind) {
            case PROCESS_CRASHED, PROCESS_FATAL -> "critical";
            default -> "warning";
        };
    }
}
