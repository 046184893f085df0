package io.superlance.alert.channels;

import io.superlance.alert.mail.SmtpSettings;
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
 * @param httpTimeout   for DingTalk, webhooks and Alertmanager
 */
public record ChannelSettings(String host, Mail mail, List<InternetAddress> smsGateways, DingTalk dingTalk,
                              List<String> webhooks, List<String> alertmanagers, Duration httpTimeout) {
    public ChannelSettings {
        smsGateways = List.copyOf(smsGateways);
        webhooks = List.copyOf(webhooks);
        alertmanagers = List.copyOf(alertmanagers);
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
     * @param secretFile its first line is the signing secret; null for {@code $SUPERLANCE_DINGTALK_SECRET}, or none
     * @param atMobiles  users mentioned in every message
     */
    public record DingTalk(List<String> urls, Path secretFile, List<String> atMobiles, boolean atAll) {
        public DingTalk {
            urls = List.copyOf(urls);
            atMobiles = List.copyOf(atMobiles);
        }
    }
}
