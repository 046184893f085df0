package io.superlance.alert.slack;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Slack incoming webhook: {@code POST https://hooks.slack.com/services/T.../B.../SECRET} with {@code text}
 * in mrkdwn, where {@code &}, {@code <} and {@code >} must be escaped. Slack answers {@code ok}, or an HTTP
 * error with a short reason ({@code invalid_token}, {@code no_service}, {@code channel_is_archived}...), or
 * 429 with {@code Retry-After}.
 */
public final class SlackChannel implements FoldingChannel {
    /** Characters of a message's text Slack keeps (it truncates longer ones); counted in UTF-16 units, never fewer. */
    static final int MAX_TEXT = 40_000;
    /** Slack's answer to a message it will not take for its length. */
    static final String TOO_LONG = "msg_too_long";

    private final String url;
    private final String host;
    private final HttpPoster http;
    private final ZoneId zone;
    private final ChatFit<String> fit = new ChatFit<>(this::text, String::length, MAX_TEXT, "characters",
            RateBudgets.SLACK.stream().mapToInt(RateLimiter.Rule::limit).min().orElse(1));
    /** The user's text for each alert; null for the default card. */
    private Template template;
    /** Its own budget until {@link #budget} gives the one shared by every channel posting here. */
    private RateLimiter budget;
    private final Ticker ticker;

    /** @param zone for times in messages; null for the system's zone */
    public SlackChannel(String url, String host, HttpPoster http, ZoneId zone) {
        this(url, host, http, zone, Ticker.SYSTEM);
    }

    /** @param ticker the clock its budget counts on */
    SlackChannel(String url, String host, HttpPoster http, ZoneId zone, Ticker ticker) {
        HttpPoster.checkUrl(url);
        this.url = url;
        this.host = host;
        this.http = http;
        this.zone = zone;
        this.ticker = ticker;
        this.budget = new RateLimiter(RateBudgets.SLACK, null);
    }

    /** Renders each alert through {@code template} instead of the default; called once, before the first send. */
    public SlackChannel template(Template template) {
        this.template = template;
        return this;
    }

    /** Counts this destination's posts in {@code shared}, the budget of every channel posting to it; called once, before the first send. */
    public SlackChannel budget(RateLimiter shared) {
        this.budget = shared;
        return this;
    }

    @Override
    public String name() {
        return "slack " + HttpPoster.redacted(url).replaceAll("/services/.*$", "/services/...");
    }

    @Override
    public void sendAll(List<Alert> alerts) throws DeliveryException {
        if (alerts.isEmpty()) {
            return;
        }
        fit.send(alerts, this::take, text -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("text", text);
            HttpPoster.Reply reply;
            try {
                reply = http.post(url, Json.write(m), Map.of());
            } catch (DeliveryException e) {
                throw new DeliveryException(hideSecret(e.getMessage()), e.retryable(), e.getCause());
            }
            check(reply);
        });
    }

    /** The message's text: the title in bold, then the card. */
    private String text(List<Alert> alerts, ChatCard.Detail detail) {
        return MRKDWN.bold(MRKDWN.escape(ChatCard.title(alerts, host, detail))) + "\n"
                + ChatCard.text(alerts, host, zone, MRKDWN, template, detail);
    }

    /**
     * Slack's mrkdwn: {@code &}, {@code <} and {@code >} as HTML entities (no link, mention or {@code <!channel>}),
     * and program text cannot format ({@link Inert#formatting}).
     */
    static final ChatCard.Markup MRKDWN = new ChatCard.Markup() {
        @Override
        public String escape(String plain) {
            return Inert.formatting(plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        }

        @Override
        public String bold(String escaped) {
            return escaped.isBlank() ? escaped : "*" + escaped.replace("*", "\u2217") + "*";
        }

        @Override
        public String quote(String escapedLines) {
            return "```" + escapedLines.replace("```", "'''") + "```";
        }
    };

    /** Turns Slack's answer into success or a DeliveryException naming the cause. */
    void check(HttpPoster.Reply reply) throws DeliveryException, ChatFit.TooLong {
        if (reply.ok()) {
            return;
        }
        String said = reply.body().strip();
        said = said.length() > 200 ? said.substring(0, 200) + "..." : said;
        String what = "Slack answered HTTP " + reply.status() + (said.isEmpty() ? "" : " " + said);
        if (said.equals(TOO_LONG)) {
            throw new ChatFit.TooLong(what);
        }
        int s = reply.status();
        if (s == 429 || s >= 500 || s == 408) {
            throw new DeliveryException(what, reply.retryAfter());
        }
        String cause = switch (said) {
            case "invalid_token", "no_service", "no_team", "team_disabled" -> ": the webhook URL is wrong or the webhook was removed";
            case "channel_not_found", "channel_is_archived" -> ": the webhook's channel is gone or archived";
            case "action_prohibited", "posting_to_general_channel_denied" -> ": the workspace does not let this webhook post there";
            case "invalid_payload", "no_text" -> ": Slack could not read the message";
            default -> "";
        };
        throw new DeliveryException(what + cause, false);
    }

    /** The webhook's path is its secret. */
    private String hideSecret(String message) {
        String path = java.net.URI.create(url).getRawPath();
        return path == null || path.length() < 2 ? message : message.replace(path, "/services/...");
    }

    /** Takes {@code posts} from the budget shared by every channel posting here, or says when to retry. */
    private void take(int posts) throws DeliveryException {
        budget.take(ticker.millis(), posts, "this Slack webhook");
    }
}
