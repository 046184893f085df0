package io.superlance.alert.webhook;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;
import io.superlance.http.Redacted;
import io.superlance.json.Json;

import java.util.Map;

/**
 * POSTs each alert as a {@link WebhookDocument} to a URL. Any 2xx answer is delivery, unless a
 * {@link WebhookSuccess} says what the answer must contain.
 */
public final class WebhookChannel implements Channel {
    private final String url;
    private final String host;
    private final HttpPoster http;
    private final WebhookSuccess success;
    private final Map<String, String> headers;

    public WebhookChannel(String url, String host, HttpPoster http) {
        this(url, host, http, null, null);
    }

    /**
     * @param authorization the Authorization header's value, or null
     * @param success       null: any 2xx answer is delivery
     */
    public WebhookChannel(String url, String host, HttpPoster http, String authorization, WebhookSuccess success) {
        HttpPoster.checkUrl(url);
        this.url = url;
        this.host = host;
        this.http = http;
        this.success = success;
        this.headers = authorization == null ? Map.of() : Map.of("Authorization", authorization);
    }

    @Override
    public String name() {
        return "webhook " + HttpPoster.redacted(url);
    }

    @Override
    public void send(Alert alert) throws DeliveryException {
        // the id header lets a receiver drop a retried copy without parsing the body
        Map<String, String> h = new java.util.HashMap<>(headers);
        h.put("X-Superlance-Alert-Id", alert.id());
        HttpPoster.Reply reply = http.postJson(url, Json.write(WebhookDocument.of(alert, host)), h);
        String mismatch = success == null ? null : success.mismatch(reply.body());
        if (mismatch != null) {
            // the receiver took the request but says it failed: may well work later (it cannot tell us)
            throw new DeliveryException(HttpPoster.redacted(url) + " answered HTTP " + reply.status() + " with " + mismatch
                    + ", not " + success + ": " + Redacted.in(HttpPoster.oneLine(reply.body()), url), true);
        }
    }
}
