package io.superlance.alert.wecom;

import io.superlance.alert.Alert;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.Template;
import io.superlance.alert.chat.ChatCard;
import io.superlance.alert.chat.ChatFit;
import io.superlance.alert.chat.FoldingChannel;
import io.superlance.alert.chat.RateBudgets;
import io.superlance.alert.chat.RateLimiter;
import io.superlance.alert.chat.Ticker;
import io.superlance.alert.webhook.HttpPoster;
import io.superlance.json.Json;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WeCom (企业微信) group robot: {@code POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY} with a
 * markdown message. WeCom answers HTTP 200 even when it refuses a message; the {@code errcode} of the reply
 * decides. Markdown mentions only by user id ({@code <@userid>}), which operators rarely know, so mentions by
 * mobile number or of everyone go in a short text message after it. Each robot may send 20 messages a
 * minute; we keep under that.
 */
public final class WeComChannel implements FoldingChannel {
    /** Messages a minute we allow ourselves per robot, under WeCom's 20. */
    public static final int PER_MINUTE = RateBudgets.WECOM.get(0).limit();
    /** Most bytes of markdown content WeCom takes. */
    static final int MAX_CONTENT = 4096;
    /** Most bytes of a text message's content. */
    static final int MAX_TEXT = 2048;
    /** "content exceed max length". */
    static final int TOO_LONG = 40058;
    /** "api freq out of limit": over the robot's 20 messages a minute. */
    static final int RATE_LIMITED = 45009;
    static final int BUSY = -1;

    private final String url;
    private final List<String> atMobiles;
    private final boolean atAll;
    private final String host;
    private final HttpPoster http;
    private final ZoneId zone;
    /** The user's text for each alert; null for the default card. */
    private Template template;
    private RateLimiter budget;
    private final Ticker ticker;
    private final ChatFit<String> fit = new ChatFit<>(this::content, ChatFit::utf8Bytes, MAX_CONTENT, "bytes");

    /** @param zone for times in messages; null for the system's zone */
    public WeComChannel(String url, List<String> atMobiles, boolean atAll, String host, HttpPoster http, ZoneId zone) {
        this(url, atMobiles, atAll, host, http, zone, new RateLimiter(RateBudgets.WECOM, null), Ticker.SYSTEM);
    }

    WeComChannel(String url, List<String> atMobiles, boolean atAll, String host, HttpPoster http, ZoneId zone,
                 RateLimiter budget, Ticker ticker) {
        HttpPoster.checkUrl(url);
        this.url = url;
        this.atMobiles = List.copyOf(atMobiles);
        this.atAll = atAll;
        this.host = host;
        this.http = http;
        this.zone = zone;
        this.budget = budget;
        this.ticker = ticker;
    }

    /** Renders each alert through {@code template} instead of the default; called once, before the first send. */
    public WeComChannel template(Template template) {
        this.template = template;
        return this;
    }

    /** Counts this robot's posts in {@code shared}, the budget of every channel posting to it; called once, before the first send. */
    public WeComChannel budget(RateLimiter shared) {
        this.budget = shared;
        return this;
    }

    @Override
    public String name() {
        return "wecom " + HttpPoster.redacted(url);
    }

    @Override
    public void sendAll(List<Alert> alerts) throws DeliveryException {
        if (alerts.isEmpty()) {
            return;
        }
        boolean mentions = !atMobiles.isEmpty() || atAll;
        // the card(s) and the mention, or none: a card whose mention waits would be sent twice
        fit.send(alerts, posts -> take(posts + (mentions ? 1 : 0)), content -> check(post(markdown(content))));
        if (mentions) {
            // a retry of a failed mention sends the card again: twice is better than a silent page
            try {
                check(post(mention(ChatCard.PLAIN.escape(ChatCard.title(alerts, host)))));
            } catch (ChatFit.TooLong e) {
                throw new DeliveryException(e.getMessage(), false); // cut to the text limit already
            }
        }
    }

    /** The markdown content: the title as a heading, then the card. */
    private String content(List<Alert> alerts, ChatCard.Detail detail) {
        return "### " + ChatCard.MARKDOWN.escape(ChatCard.title(alerts, host, detail)) + "\n"
                + ChatCard.text(alerts, host, zone, ChatCard.MARKDOWN, template, detail);
    }

    private static Map<String, Object> markdown(String content) {
        Map<String, Object> markdown = new LinkedHashMap<>();
        markdown.put("content", content);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("msgtype", "markdown");
        m.put("markdown", markdown);
        return m;
    }

    private String post(Map<String, Object> message) throws DeliveryException {
        return http.postJson(url, Json.write(message), Map.of()).body();
    }

    private Map<String, Object> mention(String title) {
        List<String> mobiles = new ArrayList<>(atMobiles);
        if (atAll) {
            mobiles.add("@all");
        }
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("content", ChatCard.cut(title, MAX_TEXT));
        text.put("mentioned_mobile_list", mobiles);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("msgtype", "text");
        m.put("text", text);
        return m;
    }

    private void take(int posts) throws DeliveryException {
        budget.take(ticker.millis(), posts, "this WeCom robot");
    }

    /** Turns WeCom's reply into success or a DeliveryException naming the cause. */
    static void check(String reply) throws DeliveryException, ChatFit.TooLong {
        Object doc = Json.parseOrNull(reply);
        Object code = Json.at(doc, "errcode");
        if (!(code instanceof Long errcode)) {
            throw new DeliveryException("WeCom reply has no errcode: " + shorten(reply), false);
        }
        if (errcode == 0) {
            return;
        }
        Object msg = Json.at(doc, "errmsg");
        String said = "errcode " + errcode + (msg == null ? "" : ", " + shorten(msg.toString()));
        if (errcode == RATE_LIMITED) {
            // WeCom counts a minute per robot, and says no more
            throw new DeliveryException("WeCom rate limit (" + said + "): over 20 messages a minute for this robot",
                    Duration.ofMinutes(1));
        }
        if (errcode == BUSY) {
            throw new DeliveryException("WeCom is busy (" + said + ")", true);
        }
        if (errcode == TOO_LONG) {
            throw new ChatFit.TooLong("WeCom refused the message as too long (" + said + ")");
        }
        String cause = switch (errcode.intValue()) {
            case 93000 -> ": the key in the robot URL is wrong, or the robot was removed";
            case 40008 -> ": WeCom does not take this message type";
            case 44004 -> ": the message was empty";
            default -> "";
        };
        throw new DeliveryException("WeCom refused the message (" + said + ")" + cause, false);
    }

    private static String shorten(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
