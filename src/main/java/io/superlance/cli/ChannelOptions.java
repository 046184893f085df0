package io.superlance.cli;

import io.superlance.alert.Channel;
import io.superlance.alert.LocalHost;
import io.superlance.alert.alertmanager.AlertmanagerChannel;
import io.superlance.alert.dingtalk.DingTalkChannel;
import io.superlance.alert.dingtalk.DingTalkSigner;
import io.superlance.alert.mail.MailComposer;
import io.superlance.alert.mail.MailRoute;
import io.superlance.alert.sms.SmsChannel;
import io.superlance.alert.webhook.HttpPoster;
import io.superlance.alert.webhook.WebhookChannel;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alert channels besides mail, the same options on every command. Mail has its own options
 * because superlance's commands spell them differently ({@code -m}/{@code -s} vs {@code -t}/{@code -H}).
 */
public final class ChannelOptions {
    static final String DINGTALK_SECRET_ENV = "SUPERLANCE_DINGTALK_SECRET";

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

    @Option(names = "--dingtalk-secret-file", paramLabel = "FILE",
            description = "Sign DingTalk messages with the robot's secret (SEC...) read from FILE (first line). "
                    + "Default: $" + DINGTALK_SECRET_ENV + "; unsigned when neither is set.")
    Path dingtalkSecretFile;

    @Option(names = "--dingtalk-at", paramLabel = "MOBILE",
            description = "Mention this DingTalk user (mobile number) in each message. Repeatable.")
    List<String> dingtalkAt = new ArrayList<>();

    @Option(names = "--dingtalk-at-all", description = "Mention everyone in the DingTalk group.")
    boolean dingtalkAtAll;

    @Option(names = "--webhook", paramLabel = "URL",
            description = "POST each alert as a JSON document to URL (schema in docs/channels.md). Repeatable.")
    List<String> webhooks = new ArrayList<>();

    @Option(names = "--alertmanager", paramLabel = "URL",
            description = "Send alerts to Prometheus Alertmanager at URL (e.g. http://alertmanager:9093); "
                    + "resolved when the program runs again. Repeatable.")
    List<String> alertmanagers = new ArrayList<>();

    @Option(names = "--http-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Timeout for connecting to and for each read from DingTalk, webhooks and Alertmanager. Default: ${DEFAULT-VALUE}.")
    int httpTimeoutSeconds;

    String hostname() {
        return hostname != null ? hostname : LocalHost.name();
    }

    /** The configured channels other than mail, added to {@code mail}; for commands without an SMS route. */
    List<Channel> channels(List<Channel> mail, Map<String, String> env) {
        return channels(mail, null, env);
    }

    /**
     * @param mailRouting how the command sends mail, for {@code --sms-gateway}; null when it cannot
     */
    List<Channel> channels(List<Channel> mail, MailRouting mailRouting, Map<String, String> env) {
        List<Channel> all = new ArrayList<>(mail);
        String host = hostname();
        if (host.isBlank()) {
            throw new ConfigException("--hostname must not be empty");
        }
        if (!smsGateways.isEmpty()) {
            if (mailRouting == null) {
                throw new ConfigException("--sms-gateway is not available on this command");
            }
            MailRoute route = mailRouting.route(env);
            MailComposer gateways = new MailComposer(MailOptions.addresses("--sms-gateway", String.join(",", smsGateways)),
                    route.from(), host);
            all.add(new SmsChannel(gateways, route.transport(), host, null));
        }
        if (httpTimeoutSeconds <= 0) {
            throw new ConfigException("--http-timeout must be positive");
        }
        HttpPoster http = new HttpPoster(Duration.ofSeconds(httpTimeoutSeconds));
        if (dingtalk.isEmpty() && (dingtalkSecretFile != null || !dingtalkAt.isEmpty() || dingtalkAtAll)) {
            throw new ConfigException("--dingtalk-secret-file, --dingtalk-at and --dingtalk-at-all need --dingtalk URL");
        }
        for (String mobile : dingtalkAt) {
            if (!mobile.matches("\\+?[0-9][0-9-]*")) {
                throw new ConfigException("--dingtalk-at: '" + mobile + "' is not a mobile number");
            }
        }
        DingTalkSigner signer = dingtalk.isEmpty() ? null : signer(env);
        // plain loops, no lambdas: each lambda not in the start-up archive costs start-up time
        String option = null;
        try {
            option = "--dingtalk";
            for (String url : dingtalk) {
                all.add(new DingTalkChannel(url, signer, dingtalkAt, dingtalkAtAll, host, http, null));
            }
            option = "--webhook";
            for (String url : webhooks) {
                all.add(new WebhookChannel(url, host, http));
            }
            option = "--alertmanager";
            for (String url : alertmanagers) {
                all.add(new AlertmanagerChannel(url, host, http, Clock.systemUTC()));
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option + ": " + e.getMessage());
        }
        return all;
    }

    /** The secret from the file or the environment, never from argv (visible to every user in ps). */
    private DingTalkSigner signer(Map<String, String> env) {
        String secret;
        if (dingtalkSecretFile != null) {
            try {
                String content = Files.readString(dingtalkSecretFile);
                int nl = content.indexOf('\n');
                secret = (nl < 0 ? content : content.substring(0, nl)).strip();
            } catch (IOException e) {
                throw new ConfigException("--dingtalk-secret-file: cannot read " + dingtalkSecretFile + ": " + e.getMessage());
            }
            if (secret.isEmpty()) {
                throw new ConfigException("--dingtalk-secret-file: " + dingtalkSecretFile + " is empty");
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
}
