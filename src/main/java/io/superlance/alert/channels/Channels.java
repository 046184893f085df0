package io.superlance.alert.channels;

import io.superlance.alert.Channel;
import io.superlance.alert.LocalHost;
import io.superlance.alert.Template;
import io.superlance.alert.alertmanager.AlertmanagerChannel;
import io.superlance.alert.chat.RateBudgets;
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
import io.superlance.alert.spool.SpoolLocation;
import io.superlance.alert.sms.SmsChannel;
import io.superlance.alert.telegram.TelegramChannel;
import io.superlance.alert.webhook.HttpPoster;
import io.superlance.alert.webhook.WebhookChannel;
import io.superlance.alert.wecom.WeComChannel;
import io.superlance.http.Authorization;
import io.superlance.http.Redacted;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a monitor's channels from {@link ChannelSettings}, in a fixed order (mail, SMS gateways, DingTalk,
 * webhooks, WeCom, Feishu, Slack, Telegram, Alertmanager), and reads the secrets they need with {@link SecretSource}: from argv where an old
 * option put them (every user of the machine can read them with ps), else from files or the environment.
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

    /** Channels whose robots' budgets are shared within this process only. */
    public static List<Channel> build(ChannelSettings settings, Map<String, String> env) throws SetupException {
        return build(settings, env, null);
    }

    /**
     * @param env      where secrets not given in files are looked up
     * @param stateDir where the robots' budgets are shared with the host's other listeners ({@link RateBudgets}),
     *                 and the incidents firing at Alertmanager are kept for the next start; null for this process only
     */
    public static List<Channel> build(ChannelSettings settings, Map<String, String> env, Path stateDir) throws SetupException {
        RateBudgets budgets = RateBudgets.of(stateDir);
        List<Channel> all = new ArrayList<>();
        ChannelSettings.Mail mail = settings.mail();
        if (mail != null && (!mail.to().isEmpty() || mail.pipeAlways())) {
            all.add(new MailChannel(new MailComposer(mail.to(), mail.from(), LocalHost.name(), settings.host()), transport(mail, env)));
        }
        if (!settings.smsGateways().isEmpty()) {
            if (mail == null) {
                throw new IllegalArgumentException("SMS gateways need a mail route");
            }
            all.add(new SmsChannel(new MailComposer(settings.smsGateways(), mail.from(), settings.host()),
                    transport(mail, env), settings.host(), null));
        }
        HttpPoster http = new HttpPoster(settings.httpTimeout());
        ChannelSettings.Secrets secrets = settings.secrets();
        ChannelSettings.DingTalk dingTalk = settings.dingTalk();
        List<String> dingTalkUrls = urls("--dingtalk", dingTalk == null ? List.of() : dingTalk.urls(), secrets.dingTalkFiles(), env);
        List<String> webhooks = urls("--webhook", settings.webhooks(), secrets.webhookFiles(), env);
        List<String> alertmanagers = urls("--alertmanager", settings.alertmanagers(), secrets.alertmanagerFiles(), env);
        // plain loops, no lambdas: each lambda not in the start-up archive costs start-up time
        String option = null;
        try {
            if (dingTalkUrls.isEmpty() && dingTalk != null) {
                throw new SetupException("--dingtalk-secret-file, --dingtalk-at and --dingtalk-at-all need a robot: "
                        + "--dingtalk URL, --dingtalk-file FILE or $" + SecretSource.envName("--dingtalk"));
            }
            if (!dingTalkUrls.isEmpty()) {
                DingTalkSigner signer = signer(dingTalk == null ? null : dingTalk.secretFile(), env);
                option = "--dingtalk";
                for (String url : dingTalkUrls) {
                    if (!url.matches("[^?#]*\\?(?:[^#]*&)?access_token=[^&#]+.*")) {
                        // DingTalk refuses every message without it: say so now, not at the first outage
                        throw new SetupException("--dingtalk: '" + Redacted.url(url) + "' has no access_token=... (copy the "
                                + "robot's whole Webhook URL: https://oapi.dingtalk.com/robot/send?access_token=...)");
                    }
                    all.add(new DingTalkChannel(url, signer, dingTalk == null ? List.of() : dingTalk.atMobiles(),
                            dingTalk != null && dingTalk.atAll(), settings.host(), http, null)
                            .budget(budgets.budget("dingtalk", RateBudgets.withoutSigning(url), RateBudgets.DINGTALK)));
                }
            }
            if (settings.webhookSuccess() != null && webhooks.isEmpty()) {
                throw new SetupException("--webhook-success needs a webhook: --webhook URL, --webhook-file FILE or $"
                        + SecretSource.envName("--webhook"));
            }
            option = "--webhook";
            String login = login(option, secrets.webhookLogin(), env);
            for (String url : webhooks) {
                Authorization.Split split = split(option, url, login);
                all.add(new WebhookChannel(split.url(), settings.host(), http, split.header(), settings.webhookSuccess()));
            }
            chat(settings, http, env, budgets, all);
            option = "--alertmanager";
            login = login(option, secrets.alertmanagerLogin(), env);
            for (String url : alertmanagers) {
                Authorization.Split split = split(option, url, login);
                all.add(AlertmanagerChannel.kept(split.url(), settings.host(), http, split.header(), settings.alertmanagerResend(),
                        stateDir, SpoolLocation.defaultDir(env).getFileName().toString()));
            }
        } catch (IllegalArgumentException e) {
            throw new SetupException(option + ": " + e.getMessage());
        }
        templates(settings, all);
        return all;
    }

    /** Hands each channel the template given for its kind; a template for a kind with no channel is a mistake. */
    private static void templates(ChannelSettings settings, List<Channel> all) throws SetupException {
        for (Map.Entry<String, Path> t : settings.templates().entrySet()) {
            String kind = t.getKey();
            String option = "--template " + kind + "=" + t.getValue();
            if (!Template.CHANNELS.contains(kind)) {
                throw new SetupException(option + ": no channel '" + kind + "'; one of " + String.join(", ", Template.CHANNELS));
            }
            Template template;
            try {
                template = Template.read(t.getValue());
            } catch (NoSuchFileException e) {
                throw new SetupException(option + ": no such file");
            } catch (AccessDeniedException e) {
                throw new SetupException(option + ": permission denied");
            } catch (CharacterCodingException e) {
                throw new SetupException(option + ": not UTF-8 text");
            } catch (IOException e) {
                throw new SetupException(option + ": cannot read it: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new SetupException(option + ": " + e.getMessage());
            }
            boolean used = false;
            for (Channel c : all) {
                if (kind.equals("dingtalk") && c instanceof DingTalkChannel d) {
                    d.template(template);
                } else if (kind.equals("wecom") && c instanceof WeComChannel w) {
                    w.template(template);
                } else if (kind.equals("feishu") && c instanceof FeishuChannel f) {
                    f.template(template);
                } else if (kind.equals("slack") && c instanceof SlackChannel s) {
                    s.template(template);
                } else if (kind.equals("telegram") && c instanceof TelegramChannel tg) {
                    try {
                        tg.template(template);
                    } catch (IllegalArgumentException e) {
                        throw new SetupException(option + ": " + e.getMessage());
                    }
                } else if (kind.equals("mail") && c instanceof MailChannel m) {
                    m.template(template, settings.host());
                } else if (kind.equals("sms") && c instanceof SmsChannel sms) {
                    sms.template(template);
                } else {
                    continue;
                }
                used = true;
            }
            if (!used) {
                throw new SetupException(option + ": no " + kind + " channel is configured");
            }
        }
    }

    /**
     * The URLs of one kind of channel: those given on the command line, then the first line of each
     * {@code OPTION-file}, then {@code $SUPERLANCE_OPTION} when set.
     */
    private static List<String> urls(String option, List<String> given, List<Path> files, Map<String, String> env)
            throws SetupException {
        List<String> urls = new ArrayList<>(given);
        for (Path file : files) {
            urls.add(new SecretSource(option, null, file, null).require(env));
        }
        String fromEnv = SecretSource.of(option, null, null).read(env);
        if (fromEnv != null) {
            urls.add(fromEnv);
        }
        return urls;
    }

    /** The Authorization header from {@code OPTION-bearer-file} or {@code OPTION-basic-file} (or their variables); null for none. */
    private static String login(String option, ChannelSettings.HttpLogin login, Map<String, String> env) throws SetupException {
        String bearer = SecretSource.of(option + "-bearer", null, login.bearerFile()).read(env);
        String basic = SecretSource.of(option + "-basic", null, login.basicFile()).read(env);
        if (bearer != null && basic != null) {
            throw new SetupException(option + ": a bearer token and basic auth both given; give one");
        }
        if (bearer != null) {
            return Authorization.bearer(bearer);
        }
        if (basic != null) {
            try {
                return Authorization.basic(basic);
            } catch (IllegalArgumentException e) {
                throw new SetupException(option + "-basic-file: the first line must be USER:PASSWORD");
            }
        }
        return null;
    }

    /** The URL without user info, and the login: the one from the URL, else {@code login}. */
    private static Authorization.Split split(String option, String url, String login) throws SetupException {
        Authorization.Split split = Authorization.fromUrl(url);
        if (split.header() != null && login != null) {
            throw new SetupException(option + ": " + Redacted.url(url) + " holds credentials and a bearer token or basic "
                    + "auth file is given too; give one");
        }
        return split.header() != null ? split : new Authorization.Split(split.url(), login);
    }

    /** The chat services besides DingTalk, in a fixed order: WeCom, Feishu, Slack, Telegram. */
    private static void chat(ChannelSettings settings, HttpPoster http, Map<String, String> env, RateBudgets budgets,
                             List<Channel> all) throws SetupException {
        ChannelSettings.Chat chat = settings.chat();
        String option = null;
        try {
            ChannelSettings.WeCom weCom = chat.weCom();
            if (weCom != null) {
                option = weCom.url().option();
                String url = weCom.url().read(env);
                if (url != null) {
                    all.add(new WeComChannel(url, weCom.atMobiles(), weCom.atAll(), settings.host(), http, null)
                            .budget(budgets.budget("wecom", url, RateBudgets.WECOM)));
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
                            feishu.post() ? FeishuChannel.Format.POST : FeishuChannel.Format.CARD, settings.host(), http, null)
                            .budget(budgets.budget("feishu", url, RateBudgets.FEISHU)));
                } else if (feishu.secret().given()) {
                    throw new SetupException(feishu.secret().option() + " needs a bot: " + missing(feishu.url()));
                }
            }
            ChannelSettings.Slack slack = chat.slack();
            if (slack != null) {
                option = slack.url().option();
                String url = slack.url().read(env);
                if (url != null) {
                    all.add(new SlackChannel(url, settings.host(), http, null).budget(budgets.budget("slack", url, RateBudgets.SLACK)));
                }
            }
            ChannelSettings.Telegram telegram = chat.telegram();
            if (telegram != null && telegram.chat() != null) {
                option = "--telegram-chat";
                String token = telegram.token().require(env);
                all.add(new TelegramChannel(telegram.api(), token, telegram.chat(), settings.host(), http, null)
                        .budget(budgets.budget("telegram", telegram.api() + " " + token + " " + telegram.chat(), RateBudgets.TELEGRAM)));
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
        String user = password == null ? null : s.user();
        return new SmtpTransport(new SmtpSettings(s.host(), s.port(), s.tls(), user, password, s.timeout()));
    }

    private static String smtpPassword(ChannelSettings.Smtp smtp, Map<String, String> env) throws SetupException {
        if (smtp.password() != null) {
            return smtp.password(); // superlance's -p, as given: blanks may be part of it
        }
        String password = SecretSource.of("--smtp-password", null, smtp.passwordFile()).read(env);
        if (password == null) {
            if (smtp.passwordOptional()) {
                return null; // superlance's batch -u without -p: no login
            }
            throw new SetupException(smtp.userOption() + " is set but no password: set $" + SMTP_PASSWORD_ENV
                    + " or give --smtp-password-file FILE");
        }
        return password;
    }

    /** The robots' secret from the file, else the environment; null when neither has one (unsigned). */
    private static DingTalkSigner signer(Path file, Map<String, String> env) throws SetupException {
        String secret = SecretSource.of("--dingtalk-secret", null, file).read(env);
        return secret == null ? null : new DingTalkSigner(secret);
    }
}
