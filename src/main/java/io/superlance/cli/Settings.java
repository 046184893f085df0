package io.superlance.cli;

import io.superlance.alert.channels.ChannelSettings;
import io.superlance.alert.channels.Channels;
import io.superlance.alert.delivery.RetryPolicy;
import io.superlance.alert.LocalHost;
import io.superlance.alert.mail.SendmailTransport;
import io.superlance.alert.mail.SmtpSettings;
import io.superlance.listener.ListenerProcess;
import io.superlance.log.Log;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the shared option mixins to the plain settings the rest of the program takes. What cannot be used
 * as given is a {@link ConfigException} naming the option; secrets are left for {@code Channels} to read.
 */
final class Settings {
    /** A mail address without a domain: RFC 5322 atoms joined by dots. */
    private static final java.util.regex.Pattern LOCAL_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

    private Settings() {
    }

    /** @param mail the command's mail, from {@link #mail(MailOptions, boolean)} or {@link #mail(BatchMailOptions, boolean)} */
    static ChannelSettings channels(ChannelOptions o, ChannelSettings.Mail mail) {
        String host = hostname(o);
        if (host.isBlank()) {
            throw new ConfigException("--hostname must not be empty");
        }
        List<InternetAddress> gateways = o.smsGateways.isEmpty() ? List.of()
                : addresses("--sms-gateway", String.join(",", o.smsGateways));
        if (o.httpTimeout.isZero()) {
            throw new ConfigException("--http-timeout must be positive");
        }
        if (o.dingtalk.isEmpty() && (o.dingtalkSecretFile != null || !o.dingtalkAt.isEmpty() || o.dingtalkAtAll)) {
            throw new ConfigException("--dingtalk-secret-file, --dingtalk-at and --dingtalk-at-all need --dingtalk URL");
        }
        for (String mobile : o.dingtalkAt) {
            if (!mobile.matches("\\+?[0-9][0-9-]*")) {
                throw new ConfigException("--dingtalk-at: '" + mobile + "' is not a mobile number");
            }
        }
        ChannelSettings.DingTalk dingTalk = o.dingtalk.isEmpty() ? null
                : new ChannelSettings.DingTalk(o.dingtalk, o.dingtalkSecretFile, o.dingtalkAt, o.dingtalkAtAll);
        return new ChannelSettings(host, mail, gateways, dingTalk, o.webhooks, o.alertmanagers, o.httpTimeout);
    }

    /** The host named in alerts: --hostname, else the machine's name. */
    static String hostname(ChannelOptions o) {
        return o.hostname != null ? o.hostname : LocalHost.name();
    }

    /**
     * superlance's {@code -m}/{@code -s}, or SMTP with {@code --smtp-host}.
     * @param routeNeeded whether other channels (SMS gateways) send mail too
     * @return null when nothing is mailed
     */
    static ChannelSettings.Mail mail(MailOptions o, boolean routeNeeded) {
        return mail(o, routeNeeded, false);
    }

    /**
     * @param hook whether, without {@code -m}, each alert is still piped into the {@code -s} command given
     *             (superlance's crashmail did, and people use {@code -s} as a hook to a script)
     */
    static ChannelSettings.Mail mail(MailOptions o, boolean routeNeeded, boolean hook) {
        boolean recipients = o.email != null && !o.email.isBlank();
        if (!recipients && hook && o.smtp.host == null) {
            return ChannelSettings.Mail.hook(sendmail("-s/--sendmail_program", o.sendmail));
        }
        if (!recipients && !routeNeeded) {
            return null;
        }
        SmtpOptions smtp = o.smtp;
        ChannelSettings.Smtp server = null;
        InternetAddress from = smtp.from != null ? address("--from", smtp.from) : null;
        if (smtp.host != null) {
            SmtpSettings.Tls tls = switch (smtp.tls.toLowerCase()) {
                case "none" -> SmtpSettings.Tls.NONE;
                case "starttls" -> SmtpSettings.Tls.STARTTLS;
                case "smtps", "ssl", "tls" -> SmtpSettings.Tls.SMTPS;
                default -> throw new ConfigException("--smtp-tls must be none, starttls or smtps, not '" + smtp.tls + "'");
            };
            server = new ChannelSettings.Smtp(smtpSettings("--smtp-host", smtp.host, tls, smtp.user, smtp.timeout), null,
                    smtp.passwordFile, "--smtp-user");
            if (from == null) {
                from = address("--from", "superlance@" + LocalHost.name());
            }
        }
        List<InternetAddress> to = recipients ? addresses("-m", o.email) : List.of();
        return new ChannelSettings.Mail(to, from, server, server != null ? o.sendmail : sendmail("-s/--sendmail_program", o.sendmail));
    }

    /**
     * The batch commands' mail: SMTP as superlance sent it, or the sendmail command.
     * @param routeNeeded whether other channels (SMS gateways) send mail too
     * @return null when nothing is mailed
     */
    static ChannelSettings.Mail mail(BatchMailOptions o, boolean routeNeeded) {
        boolean recipients = o.to != null && !o.to.isBlank();
        if (!recipients && !routeNeeded) {
            return null;
        }
        boolean sender = o.from != null && !o.from.isBlank();
        if (recipients && !sender) {
            throw new ConfigException("-f/--fromEmail is required with -t/--toEmail");
        }
        InternetAddress from = sender ? address("-f", o.from.strip())
                : o.sendmail != null ? null : address("-f", "superlance@" + LocalHost.name());
        ChannelSettings.Smtp server = null;
        if (o.sendmail == null) {
            if (o.starttls && o.smtps) {
                throw new ConfigException("--tls and --smtps exclude each other");
            }
            SmtpSettings.Tls tls = o.smtps ? SmtpSettings.Tls.SMTPS : o.starttls ? SmtpSettings.Tls.STARTTLS : SmtpSettings.Tls.NONE;
            String password = null;
            if (o.user != null && o.password != null) {
                Log.warn("-p/--password puts the SMTP password where every user of this machine can read it (ps); "
                        + "set $" + Channels.SMTP_PASSWORD_ENV + " or use --smtp-password-file FILE instead");
                password = o.password;
            }
            server = new ChannelSettings.Smtp(smtpSettings("-H/--smtpHost", o.smtpHost, tls, o.user, o.timeout), password,
                    o.passwordFile, "-u/--userName", true);
        }
        List<InternetAddress> to = recipients ? addresses("-t", o.to) : List.of();
        return new ChannelSettings.Mail(to, from, server, o.sendmail == null ? null : sendmail("--sendmail", o.sendmail));
    }

    /**
     * The sendmail command, refused at start when it was given and cannot run at all (a missing program exits
     * 127 at each alert). The default only warns: a host may get its mail system after the listener starts.
     */
    private static String sendmail(String option, String command) {
        String problem = SendmailTransport.problem(command);
        if (problem != null && command.equals(SendmailTransport.DEFAULT_COMMAND)) {
            Log.warn("the default mail command " + problem + ": mail fails until a mail system is installed "
                    + "(or give " + option + " CMD, or an SMTP server)");
        } else if (problem != null) {
            throw new ConfigException(option + ": " + problem + " (give the mail command that exists here, or an SMTP server)");
        }
        return command;
    }

    /** The server's settings but the password, which Channels reads. */
    private static SmtpSettings smtpSettings(String hostOption, String host, SmtpSettings.Tls tls, String user,
                                             Duration timeout) {
        if (timeout.isZero()) {
            throw new ConfigException("--smtp-timeout must be positive");
        }
        try {
            return SmtpSettings.of(host, tls, user, null, timeout);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(hostOption + ": " + e.getMessage());
        }
    }

    static ListenerProcess.Delivery delivery(DeliveryOptions o) {
        if (o.spoolMax < 1) {
            throw new ConfigException("--spool-max must be at least 1");
        }
        if (o.retryMax.isZero()) {
            throw new ConfigException("--retry-max must be more than 0");
        }
        Duration first = Duration.ofSeconds(1).compareTo(o.retryMax) < 0 ? Duration.ofSeconds(1) : o.retryMax;
        return new ListenerProcess.Delivery(o.spoolDir, o.spoolMax, o.minInterval,
                new RetryPolicy(first, o.retryMax, o.giveUpAfter));
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
            if (LOCAL_NAME.matcher(text).matches()) {
                // a bare local name (-m root, -t frog): the local mail system knows it, as superlance relied on
                return new InternetAddress(text, false);
            }
            InternetAddress a = new InternetAddress(text, true);
            a.validate();
            return a;
        } catch (AddressException e) {
            throw new ConfigException(option + ": '" + text + "' is not a mail address (" + e.getMessage() + ")");
        }
    }
}
