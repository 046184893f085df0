package io.superlance.cli;

import io.superlance.alert.channels.ChannelSettings;
import io.superlance.alert.channels.Channels;
import io.superlance.alert.channels.SecretSource;
import io.superlance.alert.LocalHost;
import io.superlance.alert.webhook.WebhookSuccess;
import jakarta.mail.internet.InternetAddress;

import java.time.Duration;
import java.util.List;

/**
 * Maps the channel options to the plain settings the rest of the program takes (mail's are {@link MailSettings},
 * delivery's {@link DeliverySettings}). What cannot be used as given is a {@link ConfigException} naming the
 * option; secrets are left for {@code Channels} to read.
 */
final class Settings {
    private Settings() {
    }

    /** @param mail the command's mail, from {@link MailSettings} */
    static ChannelSettings channels(ChannelOptions o, ChannelSettings.Mail mail) {
        return channels(o, mail, true);
    }

    /**
     * @param resolutions false under --no-resolved: no resolution would end what is re-sent to Alertmanager,
     *                    so nothing is (each alert ends at an endsAt of its own)
     */
    static ChannelSettings channels(ChannelOptions o, ChannelSettings.Mail mail, boolean resolutions) {
        String host = hostname(o);
        if (host.isBlank()) {
            throw new ConfigException("--hostname must not be empty");
        }
        List<InternetAddress> gateways = o.smsGateways.isEmpty() ? List.of()
                : MailSettings.addresses("--sms-gateway", String.join(",", o.smsGateways));
        if (o.alertmanagerResend.isZero()) {
            throw new ConfigException("--alertmanager-resend must be positive");
        }
        if (o.httpTimeout.isZero()) {
            throw new ConfigException("--http-timeout must be positive");
        }
        for (String mobile : o.dingtalkAt) {
            if (!mobile.matches("\\+?[0-9][0-9-]*")) {
                throw new ConfigException("--dingtalk-at: '" + mobile + "' is not a mobile number");
            }
        }
        // the robots' URLs may come from the environment: Channels checks that mentions have a robot
        boolean dingTalkOptions = !o.dingtalk.isEmpty() || o.dingtalkSecretFile != null || !o.dingtalkAt.isEmpty() || o.dingtalkAtAll;
        ChannelSettings.DingTalk dingTalk = !dingTalkOptions ? null
                : new ChannelSettings.DingTalk(o.dingtalk, o.dingtalkSecretFile, o.dingtalkAt, o.dingtalkAtAll);
        WebhookSuccess webhookSuccess = null;
        if (o.webhookSuccess != null) {
            try {
                webhookSuccess = WebhookSuccess.parse(o.webhookSuccess);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--webhook-success: " + e.getMessage());
            }
        }
        ChannelSettings.Secrets secrets = new ChannelSettings.Secrets(o.dingtalkFiles, o.webhookFiles, o.alertmanagerFiles,
                new ChannelSettings.HttpLogin(o.webhookBearerFile, o.webhookBasicFile),
                new ChannelSettings.HttpLogin(o.alertmanagerBearerFile, o.alertmanagerBasicFile));
        return new ChannelSettings(host, mail, gateways, dingTalk, o.webhooks, o.alertmanagers, o.httpTimeout,
                webhookSuccess, secrets, chat(o), o.templates, resolutions ? o.alertmanagerResend : Duration.ZERO);
    }

    /** WeCom, Feishu, Slack and Telegram; their URLs and tokens are read by Channels (argv, file or environment). */
    static ChannelSettings.Chat chat(ChannelOptions o) {
        for (String mobile : o.wecomAt) {
            if (!mobile.matches("\\+?[0-9][0-9-]*")) {
                throw new ConfigException("--wecom-at: '" + mobile + "' is not a mobile number");
            }
        }
        if (o.telegramChat == null && !"https://api.telegram.org".equals(o.telegramApi)) {
            throw new ConfigException("--telegram-api needs --telegram-chat ID");
        }
        return new ChannelSettings.Chat(
                new ChannelSettings.WeCom(SecretSource.of("--wecom-url", o.wecomUrl, o.wecomUrlFile), o.wecomAt, o.wecomAtAll),
                new ChannelSettings.Feishu(SecretSource.of("--feishu-url", o.feishuUrl, o.feishuUrlFile),
                        SecretSource.of("--feishu-secret", o.feishuSecret, o.feishuSecretFile), o.feishuPost),
                new ChannelSettings.Slack(SecretSource.of("--slack-url", o.slackUrl, o.slackUrlFile)),
                new ChannelSettings.Telegram(SecretSource.of("--telegram-token", o.telegramToken, o.telegramTokenFile),
                        o.telegramChat, o.telegramApi));
    }

    /** The host named in alerts: --hostname, else the machine's name. */
    static String hostname(ChannelOptions o) {
        return o.hostname != null ? o.hostname : LocalHost.name();
    }
}
