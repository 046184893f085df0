package io.superlance.alert.standin;

import io.superlance.testing.VirtualClock;
import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.nio.charset.CharacterCodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * WeCom's group robot (群机器人配置说明, developer.work.weixin.qq.com/document/path/91770):
 * {@code POST /cgi-bin/webhook/send?key=..}, {@code msgtype} {@code text} (content at most 2,048 bytes of
 * UTF-8, {@code mentioned_list}/{@code mentioned_mobile_list} with {@code @all}) or {@code markdown}
 * (content at most 4,096 bytes, {@code <@userid>} mentions, {@code <font color>}). HTTP 200 with an
 * {@code errcode}: 93000 wrong key, 45009 over 20 messages a minute, 40058 content too long, 47001 a
 * document it cannot read, 44004 empty content.
 */
public final class WeComStandIn extends ServiceStandIn {
    public static final int MAX_TEXT_BYTES = 2048;
    public static final int MAX_MARKDOWN_BYTES = 4096;
    public static final int PER_MINUTE = 20;

    private final String key;
    private final Window minute = new Window(PER_MINUTE, Duration.ofMinutes(1));

    public WeComStandIn(VirtualClock clock, String key) {
        super(clock);
        this.key = key;
    }

    public String robotUrl() {
        return url("/cgi-bin/webhook/send?key=" + key);
    }

    @Override
    protected Accepted judge(RecordedRequest r, byte[] body) throws Refusal {
        HttpUrl u = r.getRequestUrl();
        if (!"POST".equals(r.getMethod()) || !"/cgi-bin/webhook/send".equals(u.encodedPath())) {
            throw new Refusal(plain(404, "not found"), r.getMethod() + " " + u.encodedPath());
        }
        if (!key.equals(u.queryParameter("key"))) {
            throw refuse(93000, "invalid webhook url");
        }
        if (!minute.admit(clock.millis())) {
            throw refuse(45009, "api freq out of limit");
        }
        JsonNode doc;
        try {
            doc = parse(strictUtf8(body));
        } catch (CharacterCodingException e) {
            throw refuse(47001, "data format error (not UTF-8)");
        }
        if (doc == null || !doc.isObject() || hasLoneSurrogate(doc)) {
            throw refuse(47001, "data format error");
        }
        String type = text(doc, "msgtype");
        List<Element> elements = new ArrayList<>();
        String content;
        if ("markdown".equals(type)) {
            content = text(doc, "markdown", "content");
            if (content == null || content.isEmpty()) {
                throw refuse(44004, "empty content");
            }
            if (utf8Bytes(content) > MAX_MARKDOWN_BYTES) {
                throw refuse(40058, "markdown.content exceed max length " + MAX_MARKDOWN_BYTES);
            }
            elements.addAll(MarkdownElements.of(content));
        } else if ("text".equals(type)) {
            content = text(doc, "text", "content");
            if (content == null || content.isEmpty()) {
                throw refuse(44004, "empty content");
            }
            if (utf8Bytes(content) > MAX_TEXT_BYTES) {
                throw refuse(40058, "text.content exceed max length " + MAX_TEXT_BYTES);
            }
            for (String list : List.of("mentioned_list", "mentioned_mobile_list")) {
                for (JsonNode m : doc.path("text").path(list)) {
                    elements.add(new Element("mention", m.asText()));
                }
            }
        } else {
            throw refuse(40008, "invalid message type");
        }
        MarkdownElements.mentions(MarkdownElements.WECOM_MENTION, content, elements);
        return new Accepted(content, doc, elements);
    }

    @Override
    protected MockResponse ok(Accepted accepted) {
        return json(200, Map.of("errcode", 0, "errmsg", "ok"));
    }

    private static Refusal refuse(int errcode, String errmsg) {
        return new Refusal(json(200, Map.of("errcode", errcode, "errmsg", errmsg)), errcode + " " + errmsg);
    }
}
