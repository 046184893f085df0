package io.superlance.alert.feishu;

import io.superlance.alert.Alert;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.Template;
import io.superlance.alert.chat.ChatCard;
import io.superlance.alert.chat.ChatFit;
import io.superlance.alert.chat.FoldingChannel;
import io.superlance.alert.chat.Inert;
import io.superlance.alert.chat.RateBudgets;
import io.superlance.alert.chat.RateLimiter;
import io.superlance.alert.chat.Ticker;
import io.superlance.alert.webhook.HttpPoster;
import io.superlance.json.Json;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Feishu/Lark custom bot ("自定义机器人"): {@code POST https://open.feishu.cn/open-apis/bot/v2/hook/TOKEN}
 * (Lark: open.larksuite.com) with an interactive card (markdown) or a rich-text post, optionally signed.
 * Feishu answers with a {@code code}: 0 is delivery, anything else a refusal, often with HTTP 200.
 */
public final class FeishuChannel implements FoldingChannel {
    /** "request trigger frequency limit": over 100 a minute or 5 a second for this bot. */
    static final int RATE_LIMITED = 11232;
    /** Bytes of a request body Feishu takes ("20 KB"; 20,000 to be safe whichever KB it means). */
    static final int MAX_BODY = 20_000;

    /** The message kinds a custom bot takes that show an alert well. */
    public enum Format {
        /** an interactive card: a red header and markdown */
        CARD,
        /** rich text ("post"): a title and plain lines */
        POST
    }

    private final String url;
    private final FeishuSigner signer;
    private final Format format;
    private final String host;
    private final HttpPoster http;
    private final ZoneId zone;
    /** The user's text for each alert; null for the default card. */
    private Template template;
    /** Its own budget until {@link #budget} gives the one shared by every channel posting here. */
    private RateLimiter budget = new RateLimiter(RateBudgets.FEISHU, null);
    private final Ticker ticker;
    private final ChatFit<String> fit = new ChatFit<>(this::body, ChatFit::utf8Bytes, MAX_BODY, "bytes",
            RateBudgets.FEISHU.stream().mapToInt(RateLimiter.Rule::limit).min().orElse(1));

    /**
     * @param signer null when the bot has no signing secret
     * @param zone   for times in messages; null for the system's zone
     */
    public FeishuChannel(String url, FeishuSigner signer, Format format, String host, HttpPoster http, ZoneId zone) {
        this(url, signer, format, host, http, zone, Ticker.SYSTEM);
    }

    FeishuChannel(String url, FeishuSigner signer, Format format, String host, HttpPoster http, ZoneId zone, Ticker ticker) {
        HttpPoster.checkUrl(url);
        this.url = url;
        this.signer = signer;
        this.format = format;
        this.host = host;
        this.http = http;
        this.zone = zone;
        this.ticker = ticker;
    }

    /** Renders each alert through {@code template} instead of the default; called once, before the first send. */
    public FeishuChannel template(Template template) {
        this.template = template;
        return this;
    }

    /** Counts this destination's posts in {@code shared}, the budget of every channel posting to it; called once, before the first send. */
    public FeishuChannel budget(RateLimiter shared) {
        this.budget = shared;
        return this;
    }

    @Override
    public String name() {
        return "feishu " + HttpPoster.redacted(url).replaceAll("/hook/[^/]+$", "/hook/...");
    }

    @Override
    public void sendAll(List<Alert> alerts) throws DeliveryException {
        if (alerts.isEmpty()) {
            return;
        }
        fit.send(alerts, this::take, body -> check(http.post(url, body, Map.of()), url));
    }

    /** The request body: the card or the post, and the signature. */
    private String body(List<Alert> alerts, ChatCard.Detail detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (signer != null) {
            long seconds = ticker.millis() / 1000;
            m.put("timestamp", Long.toString(seconds));
            m.put("sign", signer.sign(seconds));
        }
        String title = ChatCard.title(alerts, host, detail);
        if (format == Format.CARD) {
            m.put("msg_type", "interactive");
            boolean resolved = alerts.stream().allMatch(Alert::resolved);
            m.put("card", card(title, ChatCard.text(alerts, host, zone, MARKDOWN, template, detail), resolved));
        } else {
            m.put("msg_type", "post");
            m.put("content", Map.of("post", Map.of("zh_cn", post(title,
                    ChatCard.text(alerts, host, zone, ChatCard.PLAIN, template, detail)))));
        }
        return Json.write(m);
    }

    /**
     * Card markdown: {@code <}, {@code >} and {@code &} written as entities (no {@code <at>}, {@code <font>}),
     * then links and emphasis made {@link Inert#markdown inert}.
     */
    static final ChatCard.Markup MARKDOWN = new ChatCard.Markup() {
        @Override
        public String escape(String plain) {
            return Inert.markdown(plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        }

        @Override
        public String bold(String escaped) {
            return "**" + escaped + "**";
        }

        @Override
        public String quote(String escapedLines) {
            return "```\n" + escapedLines.replace("```", "'''") + "\n```";
        }
    };

    /** A card whose header is red for trouble, green when everything in it is resolved. */
    private static Map<String, Object> card(String title, String markdown, boolean resolved) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("title", Map.of("tag", "plain_text", "content", title));
        header.put("template", resolved ? "green" : "red");
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("header", header);
        card.put("elements", List.of(Map.of("tag", "markdown", "content", markdown)));
        return card;
    }

    private static Map<String, Object> post(String title, String text) {
        List<Object> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            lines.add(List.of(Map.of("tag", "text", "text", line)));
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("title", title);
        p.put("content", lines);
        return p;
    }

    /** Turns Feishu's reply into success or a DeliveryException naming the cause. */
    static void check(HttpPoster.Reply reply, String url) throws DeliveryException, ChatFit.TooLong {
        Object doc = Json.parseOrNull(reply.body());
        Object code = Json.at(doc, "code");
        if (code == null) {
            code = Json.at(doc, "StatusCode"); // the answer of older bot versions
        }
        if (!(code instanceof Long c)) {
            if (!reply.ok()) {
                throw HttpPoster.statusFailure(url, reply);
            }
            throw new DeliveryException("Feishu reply has no code: " + shorten(reply.body()), false);
        }
        if (c == 0) {
            return;
        }
        Object msg = Json.at(doc, "msg");
        if (msg == null) {
            msg = Json.at(doc, "StatusMessage");
        }
        String said = "code " + c + (msg == null ? "" : ", " + shorten(msg.toString()));
        if (c == RATE_LIMITED || reply.status() == 429) {
            throw new DeliveryException("Feishu rate limit (" + said + ")", reply.retryAfter());
        }
        if (reply.status() >= 500) {
            throw new DeliveryException("Feishu is busy (HTTP " + reply.status() + ", " + said + ")", reply.retryAfter());
        }
        String cause = switch (c.intValue()) {
            case 19021 -> ": the signing secret is wrong, or this host's clock is more than an hour off";
            case 19022 -> ": this host's address is not on the bot's IP allow-list";
            case 19024 -> ": the message lacks the bot's keyword";
            case 19001 -> ": the URL's token is wrong, or the bot was removed";
            case 9499 -> ": Feishu could not read the message";
            default -> "";
        };
        throw new DeliveryException("Feishu refused the message (" + said + ")" + cause, false);
    }

    private static String shorten(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    /** Takes {@code posts} from the budget shared by every channel posting here, or says when to retry. */
    private void take(int posts) throws DeliveryException {
        budget.take(ticker.millis(), posts, "this Feishu bot");
    }
}
