package io.superlance.alert.channels;

import io.superlance.alert.Channel;
import io.superlance.alert.LocalHost;
import io.superlance.alert.alertmanager.AlertmanagerChannel;
import io.superlance.alert.dingtalk.DingTalkChannel;
import io.superlance.alert.dingtalk.DingTalkSigner;
import io.superlance.alert.feishu.FeishuChannel;
import io.superlance.alert.feishu.FeishuSigner;
import io.superlance.alert.mail.MailChannel;
import io.superlance.alert.mail.MailComposer;
import io.superlance.alert.mail.MailTransport;
import io.superlance.alert.mail.SendmailTransport;
import io.superlance.alert.mail.SmtpSettings;
import io.superlance.alert.mail.SmtpTransport;
import io.superlance.alert.slack.SlackChannel;
import io.superlance.alert.sms.SmsChannel;
import io.superlance.alert.telegram.TelegramChannel;
import io.superlance.alert.webhook.HttpPoster;
import io.superlance.alert.webhook.WebhookChannel;
import io.superlance.alert.wecom.WeComChannel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a monitor's channels from {@link ChannelSettings}, in a fixed order (mail, SMS gateways, DingTalk,
 * webhooks, WeCom, Feishu, Slack, Telegram, Alertmanager), and reads the secrets they need from files or the
 * environment (argv, where every user of the machine can read them with ps, only where an option allows it).
 */
public final class Channels {
    public static final String SMTP_PASSWORD_ENV = "SUPERLANCE_SMTP_PASSWORD";
    public static final String DINGTALK_SECRET_ENV = "SUPERLANCE_DINGTALK_SECRET";
    /** How long the sendmail command may take to read one message. */
    static final Duration SENDMAIL_TIMEOUT = Duration.ofSeconds(60);

    private Channels() {
    }

    /** Settings that cannot be used: a secret that cannot be read, a URL a channel refuses. One line. */
    public static final class SetupException extends Exception {
        public SetupException(String message) {
            super(message);
        }
    }

    /** @param env where secrets not given in files are looked up */
    public static List<Channel> build(ChannelSettings settings, Map<String, String> env) throws SetupException {
        List<Channel> all = new ArrayList<>();
        ChannelSettings.Mail mail = settings.mail();
        if (mail != null && !mail.to().isEmpty()) {
            all.add(new MailChannel(new MailComposer(mail.to(), mail.from(), LocalHost.name()), transport(mail, env)));
        }
        if (!settings.smsGateways().isEmpty()) {
            if (mail == null) {
                throw new IllegalArgumentException("SMS gateways need a mail route");
            }
            all.add(new SmsChannel(new MailComposer(settings.smsGateways(), mail.from(), settings.host()),
                    transport(mail, env), settings.host(), null));
        }
        HttpPoster http = new HttpPoster(settings.httpTimeout());
        // plain loops, no lambdas: each lambda not in the start-up archive costs start-up time
        String option = null;
        try {
            ChannelSettings.DingTalk dingTalk = settings.dingTalk();
            if (dingTalk != null) {
                DingTalkSigner signer = signer(dingTalk.secretFile(), env);
                option = "--dingtalk";
                for (String url : dingTalk.urls()) {
                    all.add(new DingTalkChannel(url, signer, dingTalk.atMobiles(), dingTalk.atAll(), settings.host(), http, null));
                }
            }
            option = "--webhook";
            for (String url : settings.webhooks()) {
                all.add(new WebhookChannel(url, settings.host(), http, settings.webhookSuccess()));
            }
            chat(settings, http, env, all);
            option = "--alertmanager";
            for (String url : settings.alertmanagers()) {
                all.add(new AlertmanagerChannel(url, settings.host(), http, Clock.systemUTC()));
            }
        } catch (IllegalArgumentException e) {
            throw new SetupException(option + ": " + e.getMessage());
        }
        return all;
    }

    /** The chat services besides DingTalk, in a fixed order: WeCom, Feishu, Slack, Telegram. */
    private static void chat(ChannelSettings settings, HttpPoster http, Map<String, String> env, List<Channel> all)
            throws SetupException {
        ChannelSettings.Chat chat = settings.chat();
        String option = null;
        try {
            ChannelSettings.WeCom weCom = chat.weCom();
            if (weCom != null) {
                option = weCom.url().option();
                String url = weCom.url().read(env);
                if (url != null) {
                    all.add(new WeComChannel(url, weCom.atMobiles(), weCom.atAll(), settings.host(), http, null));
                } else if (!weCom.atMobiles().isEmpty() || weCom.atAll()) {
                    throw new SetupException("--wecom-at and --wecom-at-all need a robot: " + missing(weCom.url()));
                }
            }
            ChannelSettings.Feishu feishu = chat.feishu();
            if (feishu != null) {
                option = feishu.url().option();
                String url = feishu.url().read(env);
                String secret = feishu.secret().read(env);
                if (url != null) {
                    all.add(new FeishuChannel(url, secret == null ? null : new FeishuSigner(secret),
                            feishu.post() ? FeishuChannel.Format.POST : FeishuChannel.Format.CARD, settings.host(), http, null));
                } else if (feishu.secret().given()) {
                    throw new SetupException(feishu.secret().option() + " needs a bot: " + missing(feishu.url()));
                }
            }
            ChannelSettings.Slack slack = chat.slack();
            if (slack != null) {
                option = slack.url().option();
                String url = slack.url().read(env);
                if (url != null) {
                    all.add(new SlackChannel(url, settings.host(), http, null));
                }
            }
            ChannelSettings.Telegram telegram = chat.telegram();
            if (telegram != null && telegram.chat() != null) {
                option = "--telegram-chat";
                all.add(new TelegramChannel(telegram.api(), telegram.token().require(env), telegram.chat(), settings.host(),
                        http, null));
            } else if (telegram != null && telegram.token().given()) {
                throw new SetupException(telegram.token().option() + " needs --telegram-chat ID");
            }
        } catch (IllegalArgumentException e) {
            throw new SetupException(option + ": " + e.getMessage());
        }
    }

    private static String missing(SecretSource url) {
        return "give " + url.option() + " URL, " + url.option() + "-file FILE or set $" + url.env();
    }

    /** A transport of its own for each channel: each channel delivers from its own thread. */
    private static MailTransport transport(ChannelSettings.Mail mail, Map<String, String> env) throws SetupException {
        ChannelSettings.Smtp smtp = mail.smtp();
        if (smtp == null) {
            return new SendmailTransport(mail.sendmail(), SENDMAIL_TIMEOUT);
        }
        SmtpSettings s = smtp.server();
        String password = s.user() == null ? null : smtpPassword(smtp, env);
        return new SmtpTransport(new SmtpSettings(s.host(), s.port(), s.tls(), s.user(), password, s.timeout()));
    }

    private static String smtpPassword(ChannelSettings.Smtp smtp, Map<String, String> env) throws SetupException {
        if (smtp.password() != null) {
            return smtp.password();
        }
        if (smtp.passwordFile() != null) {
            return firstLine(smtp.passwordFile(), "--smtp-password-file").replace("\r", "");
        }
        String fromEnv = env.get(SMTP_PASSWORD_ENV);
        if (fromEnv == null) {
            throw new SetupException(smtp.userOption() + " is set but no password: set $" + SMTP_PASSWORD_ENV
                    + " or give --smtp-password-file FILE");
        }
        return fromEnv;
    }

    /** The robots' secret from the file, else the environment; null when neither has one (unsigned). */
    private static DingTalkSigner signer(Path file, Map<String, String> env) throws SetupException {
        String secret;
        if (file != null) {
            secret = firstLine(file, "--dingtalk-secret-file").strip();
            if (secret.isEmpty()) {
                throw new SetupException("--dingtalk-secret-file: " + file + " is empty");
            }
        } else {
            secret = env.get(DINGTALK_SECRET_ENV);
            if (secret == null || secret.isBlank()) {
                return null;
            }
            secret = secret.strip();
        }
        return new DingTalkSigner(secret);
    }

    private static String firstLine(Path file, String option) throws SetupException {
        try {
            String content = Files.readString(file);
            int nl = content.indexOf('\n');
            return nl < 0 ? content : content.substring(0, nl);
        } catch (IOException e) {
            throw new SetupException(option + ": cannot read " + file + ": " + e.getMessage());
        }
    }
}
