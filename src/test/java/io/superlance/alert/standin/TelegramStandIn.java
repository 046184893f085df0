package io.superlance.alert.standin;

import io.superlance.testing.VirtualClock;
import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.nio.charset.CharacterCodingException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Telegram's Bot API {@code sendMessage} (core.telegram.org/bots/api#sendmessage):
 * {@code POST /bot<TOKEN>/sendMessage}, JSON {@code chat_id}, {@code text}, {@code parse_mode}. Answers
 * {@code {"ok":false,"error_code":N,"description":..}}: 401 Unauthorized (wrong token); 400 "Bad Request:
 * strings must be encoded in UTF-8" (invalid UTF-8 bytes, or a lone surrogate escape such as
 * {@code \ud83d}: what the live API answers); 400 "Bad Request: can't parse entities: ..." (HTML outside
 * {@link TelegramHtml}'s rules); 400 "Bad Request: message is too long" (over 4,096 characters after
 * entity parsing, counted here in UTF-16 units as the API's entity offsets are, the stricter reading);
 * 400 "Bad Request: message text is empty"; 400 "Bad Request: chat not found"; 429 with
 * {@code parameters.retry_after} over 20 messages a minute to one group (Bots FAQ).
 */
public final class TelegramStandIn extends ServiceStandIn {
    public static final int MAX_TEXT = 4096;
    public static final int GROUP_PER_MINUTE = 20;

    private final String token;
    private final String chat;
    private final Window groupMinute = new Window(GROUP_PER_MINUTE, Duration.ofMinutes(1));
    private int messageId;

    public TelegramStandIn(VirtualClock clock, String token, String chat) {
        super(clock);
        this.token = token;
        this.chat = chat;
    }

    /** What the channel's {@code --telegram-api} names: the server, without the bot path. */
    public String apiUrl() {
        return url("");
    }

    @Override
    protected Accepted judge(RecordedRequest r, byte[] body) throws Refusal {
        String path = r.getRequestUrl().encodedPath();
        if (!path.equals("/bot" + token + "/sendMessage")) {
            throw refuse(path.endsWith("/sendMessage") ? 401 : 404, path.endsWith("/sendMessage") ? "Unauthorized" : "Not Found", null);
        }
        if (!"POST".equals(r.getMethod())) {
            throw refuse(400, "Bad Request: method must be POST here", null);
        }
        JsonNode doc;
        try {
            doc = parse(strictUtf8(body));
        } catch (CharacterCodingException e) {
            throw refuse(400, "Bad Request: strings must be encoded in UTF-8", null);
        }
        if (doc == null || !doc.isObject()) {
            throw refuse(400, "Bad Request: can't parse JSON object", null);
        }
        if (hasLoneSurrogate(doc)) {
            throw refuse(400, "Bad Request: strings must be encoded in UTF-8", null);
        }
        if (!chat.equals(doc.path("chat_id").asText())) {
            throw refuse(400, "Bad Request: chat not found", null);
        }
        if (chat.startsWith("-") && !groupMinute.admit(clock.millis())) {
            long s = Math.max(1, (groupMinute.retryAfter(clock.millis()) + 999) / 1000);
            throw refuse(429, "Too Many Requests: retry after " + s, s);
        }
        String text = text(doc, "text");
        if (text == null || text.isBlank()) {
            throw refuse(400, "Bad Request: message text is empty", null);
        }
        String mode = text(doc, "parse_mode");
        TelegramHtml.Parsed parsed;
        if (mode == null) {
            parsed = new TelegramHtml.Parsed(text, List.of());
        } else if (mode.equalsIgnoreCase("HTML")) {
            try {
                parsed = TelegramHtml.parse(text);
            } catch (TelegramHtml.ParseError e) {
                throw refuse(400, "Bad Request: can't parse entities: " + e.getMessage(), null);
            }
        } else {
            throw refuse(400, "Bad Request: unsupported parse_mode " + mode + " in this stand-in", null);
        }
        String shown = parsed.text().strip();
        if (shown.isEmpty()) {
            throw refuse(400, "Bad Request: message text is empty", null);
        }
        if (shown.length() > MAX_TEXT) {
            throw refuse(400, "Bad Request: message is too long", null);
        }
        return new Accepted(shown, doc, parsed.elements());
    }

    @Override
    protected MockResponse ok(Accepted accepted) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("message_id", ++messageId);
        result.put("date", clock.millis() / 1000);
        result.put("chat", Map.of("id", chat));
        result.put("text", accepted.text());
        return json(200, Map.of("ok", true, "result", result));
    }

    private static Refusal refuse(int code, String description, Long retryAfter) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", false);
        m.put("error_code", code);
        m.put("description", description);
        if (retryAfter != null) {
            m.put("parameters", Map.of("retry_after", retryAfter));
        }
        return new Refusal(json(code, m), code + " " + description);
    }
}
