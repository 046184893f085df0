package io.superlance.alert.standin;

import io.superlance.testing.VirtualClock;
import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.nio.charset.CharacterCodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Slack incoming webhook (api.slack.com/messaging/webhooks): {@code POST /services/T../B../SECRET}, JSON
 * {@code text} and/or {@code blocks}. Errors are HTTP statuses with a plain-text reason: 400
 * {@code invalid_payload} (not JSON, not UTF-8), {@code no_text}, {@code msg_too_long} (text over 40,000
 * characters: Slack's changelog of 2018-04 "truncating really long messages"), {@code invalid_blocks} (a
 * section's text over 3,000 characters: Block Kit reference), 404 {@code no_service}, 429 with
 * {@code Retry-After} over about one message a second (webhooks' rate limit: "1 per second, short bursts
 * allowed"; here at most 10 in any 10 s).
 */
public final class SlackStandIn extends ServiceStandIn {
    public static final int MAX_TEXT = 40_000;
    public static final int MAX_SECTION = 3_000;
    /** {@code <http..|label>}, {@code <mailto:..>}, {@code <!channel>}, {@code <!here>}, {@code <@U..>}, {@code <#C..>}. */
    private static final Pattern ANGLE = Pattern.compile("<([^<>\\s][^<>]*)>");

    private final String path;
    private final Window burst = new Window(10, Duration.ofSeconds(10));

    /** @param path e.g. {@code /services/T000/B000/XXXX} */
    public SlackStandIn(VirtualClock clock, String path) {
        super(clock);
        this.path = path;
    }

    public String webhookUrl() {
        return url(path);
    }

    @Override
    protected Accepted judge(RecordedRequest r, byte[] body) throws Refusal {
        if (!path.equals(r.getRequestUrl().encodedPath())) {
            throw new Refusal(plain(404, "no_service"), "no_service " + r.getRequestUrl().encodedPath());
        }
        if (!"POST".equals(r.getMethod())) {
            throw new Refusal(plain(405, "invalid_method"), r.getMethod());
        }
        long now = clock.millis();
        if (!burst.admit(now)) {
            long s = Math.max(1, (burst.retryAfter(now) + 999) / 1000);
            throw new Refusal(plain(429, "rate_limited").setHeader("Retry-After", Long.toString(s)), "429 rate_limited");
        }
        JsonNode doc;
        try {
            doc = parse(strictUtf8(body));
        } catch (CharacterCodingException e) {
            throw new Refusal(plain(400, "invalid_payload"), "invalid_payload (not UTF-8)");
        }
        if (doc == null || !doc.isObject() || hasLoneSurrogate(doc)) {
            throw new Refusal(plain(400, "invalid_payload"), "invalid_payload");
        }
        String text = text(doc, "text");
        JsonNode blocks = doc.get("blocks");
        if ((text == null || text.isBlank()) && (blocks == null || blocks.isEmpty())) {
            throw new Refusal(plain(400, "no_text"), "no_text");
        }
        StringBuilder shown = new StringBuilder(text == null ? "" : text);
        if (text != null && text.codePointCount(0, text.length()) > MAX_TEXT) {
            throw new Refusal(plain(400, "msg_too_long"), "msg_too_long (" + text.length() + " chars)");
        }
        if (blocks != null) {
            for (JsonNode b : blocks) {
                String t = b.path("text").path("text").asText("");
                if ("section".equals(b.path("type").asText()) && t.codePointCount(0, t.length()) > MAX_SECTION) {
                    throw new Refusal(plain(400, "invalid_blocks"), "invalid_blocks (section of " + t.length() + " chars)");
                }
                shown.append('\n').append(t);
            }
        }
        return new Accepted(shown.toString(), doc, elements(shown.toString()));
    }

    /** What Slack's mrkdwn renders from angle brackets: links and mentions ({@code &lt;} is text). */
    static List<Element> elements(String mrkdwn) {
        List<Element> out = new ArrayList<>();
        Matcher m = ANGLE.matcher(mrkdwn);
        while (m.find()) {
            String inside = m.group(1);
            String target = inside.contains("|") ? inside.substring(0, inside.indexOf('|')) : inside;
            if (target.startsWith("!") || target.startsWith("@") || target.startsWith("#")) {
                out.add(new Element("mention", target));
            } else if (target.matches("(?i)(https?|mailto|ftp|tel|slack):.*")) {
                out.add(new Element("link", target));
            }
        }
        return out;
    }

    @Override
    protected MockResponse ok(Accepted accepted) {
        return plain(200, "ok");
    }
}
