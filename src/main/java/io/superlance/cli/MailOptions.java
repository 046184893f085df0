package io.superlance.cli;

import io.superlance.alert.Channel;
import io.superlance.alert.LocalHost;
import io.superlance.alert.mail.MailChannel;
import io.superlance.alert.mail.MailComposer;
import io.superlance.alert.mail.MailRoute;
import io.superlance.alert.mail.SendmailTransport;
import io.superlance.alert.mail.SmtpTransport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** superlance's {@code -m} and {@code -s} (crashmail, memmon, httpok), plus SMTP delivery. */
public final class MailOptions implements MailRouting {
    @Option(names = {"-m", "--email"}, paramLabel = "ADDR",
            description = "Mail alerts to ADDR (comma-separated for several). Without it no mail is sent.")
    String email;

    @Option(names = {"-s", "--sendmail_program", "--sendmail"}, paramLabel = "CMD",
            defaultValue = SendmailTransport.DEFAULT_COMMAND,
            description = "Command that reads a message on stdin and sends it (run by /bin/sh). Default: ${DEFAULT-VALUE}.")
    String sendmail;

    @Mixin
    SmtpOptions smtp = new SmtpOptions();

    List<Channel> channels(Map<String, String> env) {
        if (email == null || email.isBlank()) {
            return List.of();
        }
        MailRoute route = route(env);
        return List.of(new MailChannel(new MailComposer(addresses("-m", email), route.from(), LocalHost.name()),
                route.transport()));
    }

    /** The transport and sender these options choose, also for the SMS gateway channel. */
    @Override
    public MailRoute route(Map<String, String> env) {
        String host = LocalHost.name();
        if (smtp.enabled()) {
            return new MailRoute(new SmtpTransport(smtp.settings(env)),
                    address("--from", smtp.from != null ? smtp.from : "superlance@" + host));
        }
        return new MailRoute(new SendmailTransport(sendmail, Duration.ofSeconds(60)),
                smtp.from != null ? address("--from", smtp.from) : null);
    }

    static List<InternetAddress> addresses(String option, String list) {
        List<InternetAddress> result = new ArrayList<>();
        for (String part : list.split(",")) {
            if (!part.isBlank()) {
                result.add(address(option, part.strip()));
            }
        }
        if (result.isEmpty()) {
            throw new ConfigException(option + ": no address in '" + list + "'");
        }
        return result;
    }

    static InternetAddress address(String option, String text) {
        try {
            InternetAddress a = new InternetAddress(text, true);
            a.validate();
            return a;
        } catch (AddressException e) {
            throw new ConfigException(option + ": '" + text + "' is not a mail address (" + e.getMessage() + ")");
        }
    }
}
