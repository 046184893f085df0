package io.superlance.cli;

import io.superlance.alert.channels.Channels;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert channels besides mail, the same options on every command. Mail has its own options
 * because superlance's commands spell them differently ({@code -m}/{@code -s} vs {@code -t}/{@code -H}).
 */
public final class ChannelOptions {
    @Option(names = "--hostname", paramLabel = "NAME",
            description = "Name of this host in alerts, so alerts from many hosts can be told apart. Default: the machine's name.")
    String hostname;

    @Option(names = "--sms-gateway", paramLabel = "ADDR",
            description = "Also mail a short text (160 characters at most) to this email-to-SMS gateway address, "
                    + "through the same sendmail command or SMTP server as mail. Repeatable.")
    List<String> smsGateways = new ArrayList<>();

    @Option(names = "--dingtalk", paramLabel = "URL",
            description = "Post alerts to this DingTalk robot (https://oapi.dingtalk.com/robot/send?access_token=...). Repeatable.")
    List<String> dingtalk = new ArrayList<>();

    @Option(names = "--dingtalk-file", paramLabel = "FILE",
            description = "Like --dingtalk, the robot's URL read from FILE (first line), out of sight of ps. Repeatable. "
                    + "$SUPERLANCE_DINGTALK adds one more.")
    List<Path> dingtalkFiles = new ArrayList<>();

    @Option(names = "--dingtalk-secret-file", paramLabel = "FILE",
            description = "Sign DingTalk messages with the robot's secret (SEC...) read from FILE (first line). "
                    + "Default: $" + Channels.DINGTALK_SECRET_ENV + "; unsigned when neither is set.")
    Path dingtalkSecretFile;

    @Option(names = "--dingtalk-at", paramLabel = "MOBILE",
            description = "Mention this DingTalk user (mobile number) in each message. Repeatable.")
    List<String> dingtalkAt = new ArrayList<>();

    @Option(names = "--dingtalk-at-all", description = "Mention everyone in the DingTalk group.")
    boolean dingtalkAtAll;

    @Option(names = "--webhook", paramLabel = "URL",
            description = "POST each alert as a JSON document to URL (schema in docs/channels.md). Repeatable.")
    List<String> webhooks = new ArrayList<>();

    @Option(names = "--webhook-success", paramLabel = "FIELD=VALUE",
            description = "A webhook's answer counts as delivery only when its JSON has this field and value "
                    + "(a dotted path, e.g. ok=true or errcode=0), for receivers that answer 200 with an error. "
                    + "Default: any 2xx answer.")
    String webhookSuccess;

    @Option(names = "--webhook-file", paramLabel = "FILE",
            description = "Like --webhook, the URL read from FILE (first line). Repeatable. $SUPERLANCE_WEBHOOK adds one more.")
    List<Path> webhookFiles = new ArrayList<>();

    @Option(names = "--webhook-bearer-file", paramLabel = "FILE",
            description = "Send 'Authorization: Bearer TOKEN' to webhooks, TOKEN read from FILE. Default: $SUPERLANCE_WEBHOOK_BEARER.")
    Path webhookBearerFile;

    @Option(names = "--webhook-basic-file", paramLabel = "FILE",
            description = "Log in to webhooks with basic auth, USER:PASSWORD read from FILE. Default: $SUPERLANCE_WEBHOOK_BASIC. "
                    + "user:password@ in a URL is used too.")
    Path webhookBasicFile;

    @Option(names = "--alertmanager", paramLabel = "URL",
            description = "Send alerts to Prometheus Alertmanager at URL (e.g. http://alertmanager:9093); "
                    + "resolved when the program runs again. Repeatable.")
    List<String> alertmanagers = new ArrayList<>();

    @Option(names = "--alertmanager-file", paramLabel = "FILE",
            description = "Like --alertmanager, the URL read from FILE (first line). Repeatable. $SUPERLANCE_ALERTMANAGER adds one more.")
    List<Path> alertmanagerFiles = new ArrayList<>();

    @Option(names = "--alertmanager-bearer-file", paramLabel = "FILE",
            description = "Send 'Authorization: Bearer TOKEN' to Alertmanager, TOKEN read from FILE. Default: $SUPERLANCE_ALERTMANAGER_BEARER.")
    Path alertmanagerBearerFile;

    @Option(names = "--alertmanager-basic-file", paramLabel = "FILE",
            description = "Log in to Alertmanager with basic auth, USER:PASSWORD read from FILE. Default: $SUPERLANCE_ALERTMANAGER_BASIC. "
                    + "user:password@ in a URL is used too.")
    Path alertmanagerBasicFile;

    @Option(names = "--alertmanager-resend", paramLabel = "DURATION", defaultValue = "1m", converter = Durations.Seconds.class,
            description = "Send each incident firing at Alertmanager again every DURATION while it lasts, each time with an "
                    + "endsAt 4 intervals ahead, as Prometheus does (a bare number is seconds). Default: ${DEFAULT-VALUE}.")
    Duration alertmanagerResend;

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "Also trust the certificate authorities in this PEM file, for every TLS connection (SMTP, "
                    + "chat, webhooks, Alertmanager, httpok, heartbeat); the public ones stay trusted.")
    Path caFile;

    @Option(names = "--http-timeout", paramLabel = "DURATION", defaultValue = "10", converter = Durations.Seconds.class,
            description = "Timeout for connecting to and for each read from every HTTP channel (chat, webhooks, Alertmanager) "
                    + "(a bare number is seconds). Default: ${DEFAULT-VALUE}.")
    Duration httpTimeout;

    @Option(names = "--wecom-url", paramLabel = "URL", description = "Post alerts to this WeCom (企业微信) group robot "
            + "(https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...). Better: --wecom-url-file or $SUPERLANCE_WECOM_URL, "
            + "out of sight of ps.")
    String wecomUrl;

    @Option(names = "--wecom-url-file", paramLabel = "FILE", description = "The WeCom robot URL is the first line of FILE.")
    Path wecomUrlFile;

    @Option(names = "--wecom-at", paramLabel = "MOBILE",
            description = "Mention this WeCom user (mobile number) after each message. Repeatable.")
    List<String> wecomAt = new ArrayList<>();

    @Option(names = "--wecom-at-all", description = "Mention everyone in the WeCom group after each message.")
    boolean wecomAtAll;

    @Option(names = "--feishu-url", paramLabel = "URL", description = "Post alerts to this Feishu/Lark custom bot "
            + "(https://open.feishu.cn/open-apis/bot/v2/hook/...). Better: --feishu-url-file or $SUPERLANCE_FEISHU_URL.")
    String feishuUrl;

    @Option(names = "--feishu-url-file", paramLabel = "FILE", description = "The Feishu bot URL is the first line of FILE.")
    Path feishuUrlFile;

    @Option(names = "--feishu-secret", paramLabel = "SECRET",
            description = "Sign Feishu messages with the bot's signing secret. Better: --feishu-secret-file or "
                    + "$SUPERLANCE_FEISHU_SECRET; unsigned when none is set.")
    String feishuSecret;

    @Option(names = "--feishu-secret-file", paramLabel = "FILE", description = "The Feishu signing secret is the first line of FILE.")
    Path feishuSecretFile;

    @Option(names = "--feishu-post", description = "Send Feishu rich text (post) instead of an interactive card.")
    boolean feishuPost;

    @Option(names = "--slack-url", paramLabel = "URL", description = "Post alerts to this Slack incoming webhook "
            + "(https://hooks.slack.com/services/...). Better: --slack-url-file or $SUPERLANCE_SLACK_URL.")
    String slackUrl;

    @Option(names = "--slack-url-file", paramLabel = "FILE", description = "The Slack webhook URL is the first line of FILE.")
    Path slackUrlFile;

    @Option(names = "--telegram-chat", paramLabel = "ID",
            description = "Send alerts to this Telegram chat (an id such as -1001234567890, or a channel's @name) "
                    + "through the bot of --telegram-token-file or $SUPERLANCE_TELEGRAM_TOKEN.")
    String telegramChat;

    @Option(names = "--telegram-token", paramLabel = "TOKEN",
            description = "The Telegram bot's token (123456:ABC-...). Better: --telegram-token-file or $SUPERLANCE_TELEGRAM_TOKEN.")
    String telegramToken;

    @Option(names = "--telegram-token-file", paramLabel = "FILE", description = "The Telegram bot token is the first line of FILE.")
    Path telegramTokenFile;

    @Option(names = "--template", paramLabel = "CHANNEL=FILE",
            description = "Render this channel's messages from the text in FILE, with placeholders such as {host}, {subject}, "
                    + "{lines}, {facts} (docs/channels.md). CHANNEL: dingtalk, wecom, feishu, slack, telegram, mail (the body; "
                    + "the subject stays), sms. Repeatable.")
    Map<String, Path> templates = new LinkedHashMap<>();

    @Option(names = "--telegram-api", paramLabel = "URL", defaultValue = "https://api.telegram.org",
            description = "The Telegram Bot API server. Default: ${DEFAULT-VALUE}.")
    String telegramApi;
}
