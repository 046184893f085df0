package io.superlance.alert.channels;

import io.superlance.alert.alertmanager.AlertmanagerChannel;
import io.superlance.alert.mail.SmtpSettings;
import io.superlance.alert.webhook.WebhookSuccess;
import jakarta.mail.internet.InternetAddress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The channels of one monitor as plain values, checked as far as values can be: the command line maps its
 * options to these, and {@link Channels} builds the channels from them, reading the secrets they name.
 *
 * @param host          this host's name in alerts
 * @param mail          how mail goes out; null when nothing is mailed (neither mail nor SMS gateways)
 * @param smsGateways   email-to-SMS gateway addresses, sent through {@code mail}'s route
 * @param dingTalk      null for none
 * @param httpTimeout   for every HTTP channel (chat robots, webhooks, Alertmanager)
 * @param webhookSuccess what a webhook's answer must say; null: any 2xx
 * @param secrets       URLs and credentials kept off the command line (files, the environment)
 * @param chat          the chat services besides DingTalk; {@link Chat#NONE} for none
 * @param templates     a message template file per channel ({@code --template CHANNEL=FILE}), by the names of
 *                      {@link io.superlance.alert.Template#CHANNELS}; read by {@link Channels}
 * @param alertmanagerResend how often incidents firing at Alertmanager are sent again ({@code --alertmanager-resend});
 *                      zero for never (no resolution is told: each alert carries an endsAt of its own)
 */
public record ChannelSettings(String host, Mail mail, List<InternetAddress> smsGateways, DingTalk dingTalk,
                              List<String> webhooks, List<String> alertmanagers, Duration httpTimeout,
                              WebhookSuccess webhookSuccess, Secrets secrets, Chat chat, Map<String, Path> templates,
                              Duration alertmanagerResend) {
    public ChannelSettings {
        smsGateways = List.copyOf(smsGateways);
        webhooks = List.copyOf(webhooks);
        alertmanagers = List.copyOf(alertmanagers);
        templates = templates == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(templates));
        alertmanagerResend = alertmanagerResend == null ? AlertmanagerChannel.RESEND : alertmanagerResend;
    }

    /** Settings that re-send to Alertmanager at its default pace. */
    public ChannelSettings(String host, Mail mail, List<InternetAddress> smsGateways, DingTalk dingTalk,
                           List<String> webhooks, List<String> alertmanagers, Duration httpTimeout,
                           WebhookSuccess webhookSuccess, Secrets secrets, Chat chat, Map<String, Path> templates) {
        this(host, mail, smsGateways, dingTalk, webhooks, alertmanagers, httpTimeout, webhookSuccess, secrets, chat, templates, null);
    }

    /** Settings with every channel's default message. */
    public ChannelSettings(String host, Mail mail, List<InternetAddress> smsGateways, DingTalk dingTalk,
                           List<String> webhooks, List<String> alertmanagers, Duration httpTimeout,
                           WebhookSuccess webhookSuccess, Secrets secrets, Chat chat) {
        this(host, mail, smsGateways, dingTalk, webhooks, alertmanagers, httpTimeout, webhookSuccess, secrets, chat, Map.of());
    }

    /** Settings with no secret but those given on the command line or in the environment. */
    public ChannelSettings(String host, Mail mail, List<InternetAddress> smsGateways, DingTalk dingTalk,
                           List<String> webhooks, List<String> alertmanagers, Duration httpTimeout) {
        this(host, mail, smsGateways, dingTalk, webhooks, alertmanagers, httpTimeout, null, Secrets.NONE, Chat.NONE);
    }

    /**
     * What {@link Channels} reads besides the URLs given on the command line: more URLs from files
     * ({@code --webhook-file}; each channel's environment variable adds one more), and how to log in.
     */
    public record Secrets(List<Path> dingTalkFiles, List<Path> webhookFiles, List<Path> alertmanagerFiles,
                          HttpLogin webhookLogin, HttpLogin alertmanagerLogin) {
        public static final Secrets NONE = new Secrets(List.of(), List.of(), List.of(), HttpLogin.NONE, HttpLogin.NONE);

        public Secrets {
            dingTalkFiles = List.copyOf(dingTalkFiles);
            webhookFiles = List.copyOf(webhookFiles);
            alertmanagerFiles = List.copyOf(alertmanagerFiles);
        }
    }

    /**
     * How an HTTP channel logs in, besides {@code user:password@} in its URL.
     * @param bearerFile first line is a bearer token; null for its environment variable, or none
     * @param basicFile  first line is {@code USER:PASSWORD}; null for its environment variable, or none
     */
    public record HttpLogin(Path bearerFile, Path basicFile) {
        public static final HttpLogin NONE = new HttpLogin(null, null);
    }

    /**
     * How mail goes out, and to whom.
     * @param to       empty when only the SMS gateways use this route
     * @param from     null to let the sendmail command fill it in
     * @param smtp     null to pipe into {@code sendmail} instead
     * @param sendmail the command, run by /bin/sh; unused with {@code smtp}
     * @param pipeAlways pipe each alert into {@code sendmail} even when {@code to} is empty
     */
    public record Mail(List<InternetAddress> to, InternetAddress from, Smtp smtp, String sendmail, boolean pipeAlways) {
        public Mail {
            to = List.copyOf(to);
        }

        public Mail(List<InternetAddress> to, InternetAddress from, Smtp smtp, String sendmail) {
            this(to, from, smtp, sendmail, false);
        }

        /** Every alert piped into {@code sendmail} even without recipients: superlance crashmail's {@code -s} hook. */
        public static Mail hook(String sendmail) {
            return new Mail(List.of(), null, null, sendmail, true);
        }
    }

    /**
     * An SMTP server.
     * @param server       its settings but the password, which {@link Channels} finds when there is a user
     * @param password     the password as given on the command line (superlance's {@code -p}), else null:
     *                     then the first line of {@code passwordFile}, else {@code $SUPERLANCE_SMTP_PASSWORD}
     * @param userOption   the option that asked for a login, named when no password can be found
     * @param passwordOptional without a password anywhere, send without logging in (superlance's batch
     *                     commands logged in only when -p was given too) instead of refusing to start
     */
    public record Smtp(SmtpSettings server, String password, Path passwordFile, String userOption,
                       boolean passwordOptional) {
        public Smtp(SmtpSettings server, String password, Path passwordFile, String userOption) {
            this(server, password, passwordFile, userOption, false);
        }
    }

    /**
     * DingTalk robots.
     * @param urls       as given on the command line; more come from files and the environment ({@link Secrets})
     * @param secretFile its first line is the signing secret; null for {@code $SUPERLANCE_DINGTALK_SECRET}, or none
     * @param atMobiles  users mentioned in every message
     */
    public record DingTalk(List<String> urls, Path secretFile, List<String> atMobiles, boolean atAll) {
        public DingTalk {
            urls = List.copyOf(urls);
            atMobiles = List.copyOf(atMobiles);
        }
    }

    /**
     * The chat services besides DingTalk; each is used when its URL or token is found (see {@link SecretSource}).
     * Null parts are not looked for at all.
     */
    public record Chat(WeCom weCom, Feishu feishu, Slack slack, Telegram telegram) {
        public static final Chat NONE = new Chat(null, null, null, null);
    }

    /** A WeCom group robot. @param atMobiles mentioned in a text message after each card */
    public record WeCom(SecretSource url, List<String> atMobiles, boolean atAll) {
        public WeCom {
            atMobiles = List.copyOf(atMobiles);
        }
    }

    /** A Feishu/Lark custom bot. @param secret its signing secret, if it has one; @param post rich text instead of a card */
    public record Feishu(SecretSource url, SecretSource secret, boolean post) {
    }

    /** A Slack incoming webhook. */
    public record Slack(SecretSource url) {
    }

    /** A Telegram bot and the chat it posts to. @param chat null: no Telegram; @param api the Bot API server */
    public record Telegram(SecretSource token, String chat, String api) {
    }
}
