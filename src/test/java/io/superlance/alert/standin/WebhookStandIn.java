package io.superlance.alert.standin;

import io.superlance.testing.VirtualClock;
import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.nio.charset.CharacterCodingException;
import java.util.List;

/**
 * A receiver of this project's webhook document (docs/channels.md, schema {@code superlance.alert.v1}):
 * {@code POST} to its path with {@code Content-Type: application/json}, strict UTF-8, the document's
 * required fields ({@code schema}, {@code id}, {@code time}, {@code host}, {@code source}, {@code kind},
 * {@code resolved}, {@code subject}, {@code body}) and the {@code X-Superlance-Alert-Id} header equal to
 * {@code id}; 400 otherwise, 413 over 1 MiB (nginx's default {@code client_max_body_size}, in front of most
 * receivers).
 */
public final class WebhookStandIn extends ServiceStandIn {
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final List<String> REQUIRED = List.of("schema", "id", "time", "host", "source", "kind", "subject", "body");

    private final String path;

    public WebhookStandIn(VirtualClock clock, String path) {
        super(clock);
        this.path = path;
    }

    public String hookUrl() {
        return url(path);
    }

    @Override
    protected Accepted judge(RecordedRequest r, byte[] body) throws Refusal {
        if (!path.equals(r.getRequestUrl().encodedPath()) || !"POST".equals(r.getMethod())) {
            throw new Refusal(plain(404, "not found"), r.getMethod() + " " + r.getRequestUrl().encodedPath());
        }
        String type = r.getHeader("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new Refusal(plain(415, "want application/json"), "content type " + type);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new Refusal(plain(413, "Request Entity Too Large"), "413 (" + body.length + " bytes)");
        }
        JsonNode doc;
        try {
            doc = parse(strictUtf8(body));
        } catch (CharacterCodingException e) {
            throw new Refusal(plain(400, "body is not UTF-8"), "not UTF-8");
        }
        if (doc == null || !doc.isObject() || hasLoneSurrogate(doc)) {
            throw new Refusal(plain(400, "body is not a JSON object in UTF-8"), "not JSON");
        }
        for (String f : REQUIRED) {
            if (!doc.path(f).isTextual()) {
                throw new Refusal(plain(400, "missing " + f), "missing " + f);
            }
        }
        if (!"superlance.alert.v1".equals(doc.path("schema").asText()) || !doc.path("resolved").isBoolean()) {
            throw new Refusal(plain(400, "unknown schema"), "schema " + doc.path("schema"));
        }
        if (!doc.path("id").asText().equals(r.getHeader("X-Superlance-Alert-Id"))) {
            throw new Refusal(plain(400, "X-Superlance-Alert-Id differs from id"), "id header");
        }
        return new Accepted(doc.path("subject").asText() + "\n" + doc.path("body").asText(), doc, List.of());
    }

    @Override
    protected MockResponse ok(Accepted accepted) {
        return plain(200, "ok");
    }
}
