package io.superlance.alert.standin;

import io.superlance.testing.VirtualClock;
import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * DingTalk's custom group robot ("自定义机器人", open.dingtalk.com/document/group/custom-robot-access):
 * {@code POST /robot/send?access_token=..[&timestamp=..&sign=..]}, JSON {@code msgtype} {@code markdown}
 * ({@code title}, {@code text}) or {@code text} ({@code content}) and {@code at}. Every answer is HTTP 200
 * with an {@code errcode}: 300001 wrong token, 310000 signature or timestamp (more than an hour off)
 * refused, 130101 over 20 messages a minute (the robot is then refused for 10 minutes), 460101 content over
 * 20,000 bytes of UTF-8 (the figure in the replies clients quote), 40035 a document it cannot read (the
 * stand-in's choice of code: DingTalk documents none for it).
 */
public final class DingTalkStandIn extends ServiceStandIn {
    public static final int MAX_BYTES = 20_000;
    public static final int PER_MINUTE = 20;
    public static final Duration PENALTY = Duration.ofMinutes(10);

    private final String token;
    private final String secret;
    private final Window minute = new Window(PER_MINUTE, Duration.ofMinutes(1));
    private long blockedUntil = Long.MIN_VALUE;

    /** @param secret the robot's signing secret, or null when it has none */
    public DingTalkStandIn(VirtualClock clock, String token, String secret) {
        super(clock);
        this.token = token;
        this.secret = secret;
    }

    /** The robot's webhook URL, as DingTalk shows it. */
    public String robotUrl() {
        return url("/robot/send?access_token=" + token);
    }

    @Override
    protected Accepted judge(RecordedRequest r, byte[] body) throws Refusal {
        HttpUrl u = r.getRequestUrl();
        if (!"POST".equals(r.getMethod()) || !"/robot/send".equals(u.encodedPath())) {
            throw new Refusal(plain(404, "not found"), r.getMethod() + " " + u.encodedPath());
        }
        if (!token.equals(u.queryParameter("access_token"))) {
            throw refuse(300001, "token is not exist");
        }
        long now = clock.millis();
        if (secret != null) {
            String ts = u.queryParameter("timestamp");
            String sign = u.queryParameter("sign");
            if (ts == null || sign == null || !ts.matches("\\d{1,15}")) {
                throw refuse(310000, "sign not match (no timestamp or sign)");
            }
            if (Math.abs(now - Long.parseLong(ts)) > Duration.ofHours(1).toMillis()) {
                throw refuse(310000, "sign not match (timestamp more than an hour off)");
            }
            if (!sign.equals(signature(Long.parseLong(ts)))) {
                throw refuse(310000, "sign not match");
            }
        }
        if (now < blockedUntil) {
            throw refuse(130101, "send too fast, exceed 20 times per minute (robot blocked)");
        }
        if (!minute.admit(now)) {
            blockedUntil = now + PENALTY.toMillis();
            throw refuse(130101, "send too fast, exceed 20 times per minute");
        }
        JsonNode doc;
        try {
            doc = parse(strictUtf8(body));
        } catch (CharacterCodingException e) {
            throw refuse(40035, "invalid parameter (not UTF-8)");
        }
        if (doc == null || !doc.isObject() || hasLoneSurrogate(doc)) {
            throw refuse(40035, "invalid parameter (JSON)");
        }
        String type = text(doc, "msgtype");
        String content;
        String shown;
        if ("markdown".equals(type)) {
            String title = text(doc, "markdown", "title");
            String md = text(doc, "markdown", "text");
            if (title == null || md == null || title.isBlank() || md.isBlank()) {
                throw refuse(40035, "invalid parameter (markdown needs title and text)");
            }
            content = title + md;
            shown = md;
        } else if ("text".equals(type)) {
            content = text(doc, "text", "content");
            if (content == null || content.isBlank()) {
                throw refuse(40035, "invalid parameter (text needs content)");
            }
            shown = content;
        } else {
            throw refuse(40035, "invalid parameter (msgtype " + type + ")");
        }
        if (utf8Bytes(content) > MAX_BYTES) {
            throw refuse(460101, "message too long, exceed 20000 bytes");
        }
        List<Element> elements = new ArrayList<>("markdown".equals(type) ? MarkdownElements.of(shown) : List.of());
        JsonNode at = doc.get("at");
        if (at != null) {
            for (JsonNode m : at.path("atMobiles")) {
                if (shown.contains("@" + m.asText())) {
                    elements.add(new Element("mention", m.asText()));
                }
            }
            if (at.path("isAtAll").asBoolean(false)) {
                elements.add(new Element("mention", "all"));
            }
        }
        return new Accepted(shown, doc, elements);
    }

    @Override
    protected MockResponse ok(Accepted accepted) {
        return json(200, Map.of("errcode", 0, "errmsg", "ok"));
    }

    private static Refusal refuse(int errcode, String errmsg) {
        return new Refusal(json(200, Map.of("errcode", errcode, "errmsg", errmsg)), errcode + " " + errmsg);
    }

    /** base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret)), as the robot's settings page says. */
    String signature(long timestampMillis) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal((timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
