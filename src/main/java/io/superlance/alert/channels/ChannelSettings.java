package io.superlance.alert.channels;

import io.superlance.alert.mail.SmtpSettings;
import io.superlance.alert.webhook.WebhookSuccess;
import jakarta.mail.internet.InternetAddress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
 * @param chat          the chat services besides DingTalk; {@link Chat#NONE} for none
 */
public record ChannelSettings(String host, Mail mail, List<InternetAddress> smsGateways, DingTalk dingTalk,
                              List<String> webhooks, List<String> alertmanagers, Duration httpTimeout,
                              WebhookSuccess webhookSuccess, Chat chat) {
    public ChannelSettings {
        smsGateways = List.copyOf(smsGateways);
        webhooks = List.copyOf(webhooks);
        alertmanagers = List.copyOf(alertmanagers);
    }

    public ChannelSettings(String host, Mail mail, List<InternetAddress> smsGateways, DingTalk dingTalk,
                           List<String> webhooks, List<String> alertmanagers, Duration httpTimeout) {
        this(host, mail, smsGateways, dingTalk, webhooks, alertmanagers, httpTimeout, null, Chat.NONE);
    }

    /**
     * How mail goes out, and to whom.
     * @param to       empty when only the SMS gateways use this route
     * @param from     null to let the sendmail command fill it in
     * @param smtp     null to pipe into {@code sendmail} instead
     * @param sendmail the command, run by /bin/sh; unused with {@code smtp}
     */
    public record Mail(List<InternetAddress> to, InternetAddress from, Smtp smtp, String sendmail) {
        public Mail {
            to = List.copyOf(to);
        }
    }

    /**
     * An SMTP server.
     * @param server       its settings but the password, which {@link Channels} finds when there is a user
     * @param password     the password as given on the command line (superlance's {@code -p}), else null:
     *                     then the first line of {@code passwordFile}, else {@code $SUPERLANCE_SMTP_PASSWORD}
     * @param userOption   the option that asked for a login, named when no password can be found
     */
    public record Smtp(SmtpSettings server, String password, Path passwordFile, String userOption) {
    }

    /**
     * DingTalk robots.
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
