package io.superlance.alert.dingtalk;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DingTalk group robot ("自定义机器人"): markdown messages, optionally signed, with mentions.
 * DingTalk answers HTTP 200 even when it refuses a message; the {@code errcode} of the reply decides.
 * Each robot gets its own budget below DingTalk's 20 messages a minute, and waiting alerts fold into one message.
 */
public final class DingTalkChannel implements FoldingChannel {
    /** Messages a minute we allow ourselves per robot: under DingTalk's 20, which blocks the robot for 10 minutes. */
    public static final int PER_MINUTE = RateBudgets.DINGTALK.get(0).limit();
    /** "send too fast": DingTalk's rate limit. */
    static final int RATE_LIMITED = 130101;
    /** "system busy". */
    static final int BUSY = -1;
    /** How long DingTalk blocks a robot that went over its rate limit. */
    static final Duration BLOCKED = Duration.ofMinutes(10);
    /** "message too long, exceed 20000 bytes". */
    static final int TOO_LONG = 460101;
    /** Bytes of a message DingTalk takes; measured on the whole request body, which holds the text. */
    static final int MAX_BYTES = 20_000;


    private final String url;
    private final DingTalkSigner signer;
    private final List<String> atMobiles;
    private final boolean atAll;
    private final String host;
    private final HttpPoster http;
    private final ZoneId zone;
    /** The user's text for each alert; null for the default card. */
    private Template template;
    private RateLimiter budget;
    private final Ticker ticker;
    private final ChatFit<String> fit = new ChatFit<>(this::message, ChatFit::utf8Bytes, MAX_BYTES, "bytes");

    /**
     * @param signer null when the robot has no signing secret
     * @param zone   for times in messages; null for the system's zone
     */
    public DingTalkChannel(String url, DingTalkSigner signer, List<String> atMobiles, boolean atAll, String host,
                           HttpPoster http, ZoneId zone) {
        this(url, signer, atMobiles, atAll, host, http, zone, new RateLimiter(RateBudgets.DINGTALK, null), Ticker.SYSTEM);
    }

    DingTalkChannel(String url, DingTalkSigner signer, List<String> atMobiles, boolean atAll, String host,
                    HttpPoster http, ZoneId zone, RateLimiter budget, Ticker ticker) {
        HttpPoster.checkUrl(url);
        this.url = url;
        this.signer = signer;
        this.atMobiles = List.copyOf(atMobiles);
        this.atAll = atAll;
        this.host = host;
        this.http = http;
        this.zone = zone;
        this.budget = budget;
        this.ticker = ticker;
    }

    /** Renders each alert through {@code template} instead of the default; called once, before the first send. */
    public DingTalkChannel template(Template template) {
        this.template = template;
        return this;
    }

    /** Counts this robot's posts in {@code shared}, the budget of every channel posting to it; called once, before the first send. */
    public DingTalkChannel budget(RateLimiter shared) {
        this.budget = shared;
        return this;
    }

    @Override
    public String name() {
        Matcher token = Pattern.compile("[?&]access_token=([^&]+)").matcher(url);
        String tail = token.find() && token.group(1).length() > 4
                ? " (token ..." + token.group(1).substring(token.group(1).length() - 4) + ")" : "";
        return "dingtalk " + HttpPoster.redacted(url) + tail;
    }

    @Override
    public void sendAll(List<Alert> alerts) throws DeliveryException {
        if (alerts.isEmpty()) {
            return;
        }
        fit.send(alerts, this::take, json -> {
            String target = signer == null ? url : signer.sign(url, ticker.millis());
            check(http.postJson(target, json, Map.of()).body());
        });
    }

    private void take(int posts) throws DeliveryException {
        budget.take(ticker.millis(), posts, "this DingTalk robot");
    }

    /** The robot's markdown message: the title as a heading, the card, the mentions DingTalk highlights. */
    private String message(List<Alert> alerts, ChatCard.Detail detail) {
        String title = ChatCard.title(alerts, host, detail);
        StringBuilder text = new StringBuilder();
        text.append("#### ").append(MARKDOWN.escape(title)).append("\n\n")
                .append(ChatCard.text(alerts, host, zone, MARKDOWN, template, detail)).append("\n\n");
        for (String mobile : atMobiles) {
            text.append('@').append(mobile).append(' '); // DingTalk highlights only mentions named in the text
        }
        Map<String, Object> markdown = new LinkedHashMap<>();
        markdown.put("title", title);
        markdown.put("text", text.toString().strip());
        Map<String, Object> at = new LinkedHashMap<>();
        at.put("atMobiles", atMobiles);
        at.put("isAtAll", atAll);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("msgtype", "markdown");
        m.put("markdown", markdown);
        m.put("at", at);
        return Json.write(m);
    }

    /**
     * DingTalk's markdown: no escapes, so program text is made {@link io.superlance.alert.chat.Inert inert};
     * a line needs DingTalk's hard break (two spaces before the newline), or lines run into one.
     */
    static final ChatCard.Markup MARKDOWN = new ChatCard.Markup() {
        @Override
        public String escape(String plain) {
            return ChatCard.MARKDOWN.escape(plain);
        }

        @Override
        public String bold(String escaped) {
            return ChatCard.MARKDOWN.bold(escaped);
        }

        @Override
        public String quote(String escapedLines) {
            StringBuilder b = new StringBuilder();
            for (String line : escapedLines.split("\n")) {
                if (!line.isBlank()) {
                    b.append("> ").append(line.stripTrailing()).append("  \n");
                }
            }
            return b.isEmpty() ? "" : b.substring(0, b.length() - 1);
        }

        @Override
        public String lineEnd() {
            return "  \n";
        }
    };

    /** Turns DingTalk's reply into success or a DeliveryException. */
    static void check(String reply) throws DeliveryException, ChatFit.TooLong {
        Object doc = Json.parseOrNull(reply);
        if (!(Json.at(doc, "errcode") instanceof Long code)) {
            throw new DeliveryException("DingTalk reply has no errcode: " + shorten(reply), false);
        }
        int errcode = code.intValue();
        if (errcode == 0) {
            return;
        }
        Object msg = Json.at(doc, "errmsg");
        String errmsg = msg == null ? "" : shorten(msg.toString());
        if (errcode == RATE_LIMITED) {
            throw new DeliveryException("DingTalk rate limit (errcode 130101, " + errmsg
                    + "): the robot is blocked for " + BLOCKED.toMinutes() + " minutes; retrying after that", BLOCKED);
        }
        if (errcode == BUSY) {
            throw new DeliveryException("DingTalk is busy (errcode -1, " + errmsg + ")", true);
        }
        // the robot's settings must change before a retry can succeed
        String cause = switch (errcode) {
            case 310000 -> ": check the robot's security settings (keyword, signing secret, IP allow-list) and this host's clock";
            case 300001 -> ": the access_token in the URL is wrong";
            case 400102 -> ": the robot is switched off";
            default -> "";
        };
        if (errcode == TOO_LONG) {
            throw new ChatFit.TooLong("DingTalk refused the message as too long (errcode " + errcode + ", " + errmsg + ")");
        }
        throw new DeliveryException("DingTalk refused the message (errcode " + errcode + ", " + errmsg + ")" + cause, false);
    }

    private static String shorten(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
