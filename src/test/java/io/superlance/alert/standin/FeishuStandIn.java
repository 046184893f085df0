package io.superlance.alert.standin;

import io.superlance.testing.VirtualClock;
import com.fasterxml.jackson.databind.JsonNode;
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
 * Feishu/Lark's custom bot (自定义机器人使用指南, open.feishu.cn/document/client-docs/bot-v3/add-custom-bot):
 * {@code POST /open-apis/bot/v2/hook/TOKEN}, {@code msg_type} {@code text}, {@code post} or
 * {@code interactive}; a signed bot wants {@code timestamp} (seconds) and {@code sign} =
 * base64(HmacSHA256(key = timestamp + "\n" + secret, data = empty)) in the body. Limits from that page: 100
 * requests a minute and 5 a second per bot (code 11232), a request body of at most 20 KB. Answers
 * {@code {"code":N,"msg":..}}: 19001 wrong token, 19021 signature or timestamp refused, 9499 a document it
 * cannot read, 11232 rate; the code for an oversized body is the stand-in's choice (9499: Feishu documents the
 * limit, not its answer).
 */
public final class FeishuStandIn extends ServiceStandIn {
    public static final int MAX_BODY_BYTES = 20 * 1024;

    private final String token;
    private final String secret;
    private final Window second = new Window(5, Duration.ofSeconds(1));
    private final Window minute = new Window(100, Duration.ofMinutes(1));

    /** @param secret the bot's signing secret, or null */
    public FeishuStandIn(VirtualClock clock, String token, String secret) {
        super(clock);
        this.token = token;
        this.secret = secret;
    }

    public String hookUrl() {
        return url("/open-apis/bot/v2/hook/" + token);
    }

    @Override
    protected Accepted judge(RecordedRequest r, byte[] body) throws Refusal {
        String path = r.getRequestUrl().encodedPath();
        if (!"POST".equals(r.getMethod()) || !path.startsWith("/open-apis/bot/v2/hook/")) {
            throw new Refusal(plain(404, "404 page not found"), r.getMethod() + " " + path);
        }
        if (!path.equals("/open-apis/bot/v2/hook/" + token)) {
            throw refuse(19001, "param invalid: incoming webhook access token invalid");
        }
        long now = clock.millis();
        if (!second.admit(now) || !minute.admit(now)) {
            throw refuse(11232, "frequency limited psm[lark.oapi.app_platform_runtime]");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw refuse(9499, "Bad Request: request body larger than 20 KB (" + body.length + " bytes)");
        }
        JsonNode doc;
        try {
            doc = parse(strictUtf8(body));
        } catch (CharacterCodingException e) {
            throw refuse(9499, "Bad Request: not UTF-8");
        }
        if (doc == null || !doc.isObject() || hasLoneSurrogate(doc)) {
            throw refuse(9499, "Bad Request");
        }
        if (secret != null) {
            String ts = text(doc, "timestamp");
            String sign = text(doc, "sign");
            if (ts == null || sign == null || !ts.matches("\\d{1,12}")
                    || Math.abs(now / 1000 - Long.parseLong(ts)) > 3600 || !sign.equals(signature(Long.parseLong(ts)))) {
                throw refuse(19021, "sign match fail or timestamp is not within one hour from current time");
            }
        }
        String type = text(doc, "msg_type");
        List<Element> elements = new ArrayList<>();
        StringBuilder shown = new StringBuilder();
        if ("text".equals(type)) {
            String t = text(doc, "content", "text");
            if (t == null || t.isEmpty()) {
                throw refuse(9499, "Bad Request: text is empty");
            }
            shown.append(t);
            MarkdownElements.mentions(MarkdownElements.FEISHU_AT, t, elements);
        } else if ("post".equals(type)) {
            JsonNode langs = doc.path("content").path("post");
            if (!langs.isObject() || langs.isEmpty()) {
                throw refuse(9499, "Bad Request: post has no language");
            }
            for (JsonNode lang : langs) {
                shown.append(lang.path("title").asText()).append('\n');
                for (JsonNode paragraph : lang.path("content")) {
                    for (JsonNode run : paragraph) {
                        String tag = run.path("tag").asText();
                        switch (tag) {
                            case "text" -> shown.append(run.path("text").asText());
                            case "a" -> elements.add(new Element("link", run.path("href").asText()));
                            case "at" -> elements.add(new Element("mention", run.path("user_id").asText()));
                            case "img" -> elements.add(new Element("image", run.path("image_key").asText()));
                            default -> throw refuse(9499, "Bad Request: post tag " + tag);
                        }
                    }
                    shown.append('\n');
                }
            }
        } else if ("interactive".equals(type)) {
            JsonNode card = doc.path("card");
            String title = text(card, "header", "title", "content");
            if (title == null) {
                throw refuse(9499, "Bad Request: card has no header title");
            }
            shown.append(title).append('\n');
            String colour = text(card, "header", "template");
            if (colour != null) {
                elements.add(new Element("header", colour));
            }
            for (JsonNode e : card.path("elements")) {
                String content = e.path("content").asText(e.path("text").path("content").asText(""));
                shown.append(content).append('\n');
                if ("markdown".equals(e.path("tag").asText()) || "lark_md".equals(e.path("text").path("tag").asText())) {
                    elements.addAll(MarkdownElements.outsideCode(content));
                    MarkdownElements.mentions(MarkdownElements.FEISHU_AT, content.replaceAll("(?s)```.*?```", ""), elements);
                }
            }
        } else {
            throw refuse(9499, "Bad Request: msg_type " + type);
        }
        return new Accepted(shown.toString(), doc, elements);
    }

    @Override
    protected MockResponse ok(Accepted accepted) {
        return json(200, Map.of("code", 0, "msg", "success", "data", Map.of()));
    }

    private static Refusal refuse(int code, String msg) {
        return new Refusal(json(200, Map.of("code", code, "msg", msg, "data", Map.of())), code + " " + msg);
    }

    String signature(long seconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec((seconds + "\n" + secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(new byte[0]));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
