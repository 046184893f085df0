package io.superlance.alert.telegram;

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

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Telegram's Bot API {@code sendMessage}: {@code POST https://api.telegram.org/bot<TOKEN>/sendMessage} with a
 * chat id and HTML text ({@code <}, {@code >} and {@code &} as entities, the only escaping HTML mode needs).
 * Telegram answers {@code {"ok":true,...}} or {@code {"ok":false,"error_code":N,"description":...}}, with
 * {@code parameters.retry_after} seconds when over its flood limits. The token is in the URL path: it is
 * never written to a log line.
 */
public final class TelegramChannel implements FoldingChannel {
    public static final String API = "https://api.telegram.org";
    /** Telegram's limit for one message's text, in characters after entities are parsed ({@link TelegramHtml#length}). */
    static final int MAX_TEXT = 4096;

    private final String endpoint;
    private final String token;
    private final String chat;
    private final String host;
    private final HttpPoster http;
    private final ZoneId zone;
    private final ChatFit<String> fit = new ChatFit<>(this::text, TelegramHtml::length, MAX_TEXT, "characters");
    /** The user's text for each alert; null for the default card. */
    private Template template;
    /** Its own budget until {@link #budget} gives the one shared by every channel posting here. */
    private RateLimiter budget;
    private final Ticker ticker;

    /**
     * @param api  the Bot API server, {@link #API} or a local one
     * @param chat a chat id ({@code -100...}) or a public channel's {@code @name}
     * @param zone for times in messages; null for the system's zone
     */
    public TelegramChannel(String api, String token, String chat, String host, HttpPoster http, ZoneId zone) {
        this(api, token, chat, host, http, zone, Ticker.SYSTEM);
    }

    /** @param ticker the clock its budget counts on */
    TelegramChannel(String api, String token, String chat, String host, HttpPoster http, ZoneId zone, Ticker ticker) {
        HttpPoster.checkUrl(api);
        if (token.isBlank() || token.matches(".*[\\s/?#].*")) {
            throw new IllegalArgumentException("the bot token is not a token (it looks like 123456:ABC-DEF...)");
        }
        if (!chat.matches("-?\\d+|@\\w+")) {
            throw new IllegalArgumentException("'" + chat + "' is not a chat id (-100..., a number) or a channel's @name");
        }
        this.endpoint = api.replaceAll("/+$", "") + "/bot" + token + "/sendMessage";
        this.token = token;
        this.chat = chat;
        this.host = host;
        this.http = http;
        this.zone = zone;
        this.ticker = ticker;
        this.budget = new RateLimiter(RateBudgets.TELEGRAM, null);
    }

    /**
     * Renders each alert through {@code template} instead of the default; called once, before the first send.
     * @throws IllegalArgumentException when Telegram's HTML parser would refuse the template's own text
     */
    public TelegramChannel template(Template template) {
        String problem = TelegramHtml.problem(template.literal("x"));
        if (problem != null) {
            throw new IllegalArgumentException("Telegram would refuse every message (HTML parse mode): " + problem);
        }
        this.template = template;
        return this;
    }

    /** Counts this destination's posts in {@code shared}, the budget of every channel posting to it; called once, before the first send. */
    public TelegramChannel budget(RateLimiter shared) {
        this.budget = shared;
        return this;
    }

    @Override
    public String name() {
        return "telegram chat " + chat;
    }

    @Override
    public void sendAll(List<Alert> alerts) throws DeliveryException {
        if (alerts.isEmpty()) {
            return;
        }
        fit.send(alerts, this::take, text -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("chat_id", chat);
            m.put("text", text);
            m.put("parse_mode", "HTML");
            m.put("disable_web_page_preview", true);
            HttpPoster.Reply reply;
            try {
                reply = http.post(endpoint, Json.write(m), Map.of());
            } catch (DeliveryException e) {
                throw new DeliveryException(hideToken(e.getMessage()), e.retryable(), e.getCause());
            }
            check(reply);
        });
    }

    /** The message's HTML: the title in bold, then the card. */
    private String text(List<Alert> alerts, ChatCard.Detail detail) {
        return HTML.bold(HTML.escape(ChatCard.title(alerts, host, detail))) + "\n"
                + ChatCard.text(alerts, host, zone, HTML, template, detail);
    }

    /**
     * Telegram's HTML mode: {@code <}, {@code >} and {@code &} as entities, so program text has no tag, and no
     * {@code @name} mention ({@link Inert#mentions}); bold and pre tags.
     */
    static final ChatCard.Markup HTML = new ChatCard.Markup() {
        @Override
        public String escape(String plain) {
            // and quotes, for a value a template puts into an attribute (href="...{url}")
            return Inert.mentions(plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;"));
        }

        @Override
        public String bold(String escaped) {
            return "<b>" + escaped + "</b>";
        }

        @Override
        public String quote(String escapedLines) {
            return "<pre>" + escapedLines + "</pre>";
        }
    };

    /** Turns Telegram's answer into success or a DeliveryException naming the cause. */
    void check(HttpPoster.Reply reply) throws DeliveryException, ChatFit.TooLong {
        Object doc = Json.parseOrNull(reply.body());
        if (Boolean.TRUE.equals(Json.at(doc, "ok")) && reply.ok()) {
            return;
        }
        if (doc == null) {
            if (!reply.ok()) {
                DeliveryException e = HttpPoster.statusFailure(endpoint, reply);
                throw new DeliveryException(hideToken(e.getMessage()), e.retryable());
            }
            throw new DeliveryException("Telegram answer is not JSON: " + shorten(reply.body()), false);
        }
        Object code = Json.at(doc, "error_code");
        long c = code instanceof Long l ? l : reply.status();
        Object description = Json.at(doc, "description");
        String said = "Telegram refused the message (" + c + (description == null ? "" : ", " + shorten(description.toString())) + ")";
        if (c == 400 && String.valueOf(description).contains("too long")) {
            throw new ChatFit.TooLong(said);
        }
        if (Json.at(doc, "parameters.retry_after") instanceof Long seconds) {
            throw new DeliveryException(said, Duration.ofSeconds(Math.max(1, seconds)));
        }
        if (c == 429 || c >= 500) {
            throw new DeliveryException(said, reply.retryAfter());
        }
        if (Json.at(doc, "parameters.migrate_to_chat_id") instanceof Long newChat) {
            throw new DeliveryException(said + ": the group became a supergroup; use --telegram-chat " + newChat, false);
        }
        String cause = c == 401 || c == 404 ? ": the bot token is wrong or was revoked"
                : c == 403 ? ": the bot is not a member of chat " + chat + " (or was blocked)"
                : c == 400 && String.valueOf(description).contains("chat not found") ? ": check --telegram-chat " + chat
                : "";
        throw new DeliveryException(said + cause, false);
    }

    private String hideToken(String message) {
        return message.replace(token, "<token>");
    }

    private static String shorten(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    /** Takes {@code posts} from the budget shared by every channel posting here, or says when to retry. */
    private void take(int posts) throws DeliveryException {
        budget.take(ticker.millis(), posts, "this Telegram chat");
    }
}
