package io.superlance.alert.webhook;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;

import java.util.Map;

/** POSTs each alert as a {@link WebhookDocument} to a URL. */
public final class WebhookChannel implements Channel {
    private final String url;
    private final String host;
    private final HttpPoster http;
    private final Map<String, String> headers;

    public WebhookChannel(String url, String host, HttpPoster http) {
        this(url, host, http, null);
    }

    /** @param authorization the Authorization header's value, or null */
    public WebhookChannel(String url, String host, HttpPoster http, String authorization) {
        HttpPoster.checkUrl(url);
        this.url = url;
        this.host = host;
        this.http = http;
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
        http.postJson(url, Json.write(WebhookDocument.of(alert, host)), h);
    }
}
