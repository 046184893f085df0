package io.superlance.cli;

import io.superlance.alert.LocalHost;
import io.superlance.alert.channels.ChannelSettings;
import io.superlance.alert.channels.Channels;
import io.superlance.alert.mail.SmtpSettings;
import io.superlance.log.MonitorLog;
import jakarta.mail.internet.AddressException;
import io.superlance.alert.mail.MailTransport;
import jakarta.mail.internet.InternetAddress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the mail options (superlance's {@code -m}/{@code -s} and {@code --smtp-*}, the batch commands' {@code -t}/{@code -H})
 * to the plain mail settings of the channels: addresses, the SMTP server or the sendmail command, checked at start.
 */
final class MailSettings {
    /** A mail address without a domain: RFC 5322 atoms joined by dots. */
    private static final java.util.regex.Pattern LOCAL_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

    private MailSettings() {
    }

    /**
     * superlance's {@code -m}/{@code -s}, or SMTP with {@code --smtp-host}.
     * @param routeNeeded whether other channels (SMS gateways) send mail too
     * @return null when nothing is mailed
     */
    static ChannelSettings.Mail mail(MailOptions o, boolean routeNeeded, MonitorLog log) {
        return mail(o, routeNeeded, false, log);
    }

    /**
     * @param hook whether, without {@code -m}, each alert is still piped into the {@code -s} command given
     *             (superlance's crashmail did, and people use {@code -s} as a hook to a script)
     * @param log  the command's log, for warnings that name it in a process of several commands
     */
    static ChannelSettings.Mail mail(MailOptions o, boolean routeNeeded, boolean hook, MonitorLog log) {
        SmtpOptions smtp = o.smtp;
        if (smtp.host == null) { // else they would be ignored and mail would go through the sendmail command
            String orphan = !smtp.tls.equalsIgnoreCase("none") ? "--smtp-tls " + smtp.tls
                    : smtp.user != null ? "--smtp-user" : smtp.passwordFile != null ? "--smtp-password-file" : null;
            if (orphan != null) {
                throw new ConfigException(orphan + " needs --smtp-host HOST (without it mail goes through the sendmail command)");
            }
        }
        boolean recipients = o.email != null && !o.email.isBlank();
        if (!recipients && hook && o.smtp.host == null) {
            checkSendmail("-s", o.sendmail, "--smtp-host HOST");
            return ChannelSettings.Mail.hook(o.sendmail);
        }
        if (!recipients && !routeNeeded) {
            return null;
        }
        List<InternetAddress> to = recipients ? addresses("-m", o.email) : List.of();
        ChannelSettings.Smtp server = null;
        InternetAddress from = smtp.from != null ? address("--from", smtp.from) : null;
        if (smtp.host != null) {
            SmtpSettings.Tls tls = switch (smtp.tls.toLowerCase()) {
                case "none" -> SmtpSettings.Tls.NONE;
                case "starttls" -> SmtpSettings.Tls.STARTTLS;
                case "smtps", "ssl", "tls" -> SmtpSettings.Tls.SMTPS;
                default -> throw new ConfigException("--smtp-tls must be none, starttls or smtps, not '" + smtp.tls + "'");
            };
            SmtpSettings settings = smtpSettings("--smtp-host", smtp.host, tls, smtp.user, smtp.timeout);
            if (cleartextLogin(settings)) {
                if (!smtp.cleartextLogin) {
                    throw new ConfigException("--smtp-user with --smtp-tls none would send the password in clear to "
                            + settings.host() + ": use --smtp-tls starttls or smtps, or accept it with --smtp-cleartext-login");
                }
                warnCleartextLogin(settings, log);
            }
            server = new ChannelSettings.Smtp(settings, null, smtp.passwordFile, "--smtp-user");
            if (from == null) {
                from = address("--from", "superlance@" + LocalHost.name());
            }
        } else {
            checkSendmail("-s", o.sendmail, "--smtp-host HOST");
        }
        return new ChannelSettings.Mail(to, from, server, o.sendmail);
    }

    /**
     * The batch commands' mail: SMTP as superlance sent it, or the sendmail command.
     * @param routeNeeded whether other channels (SMS gateways) send mail too
     * @return null when nothing is mailed
     */
    static ChannelSettings.Mail mail(BatchMailOptions o, boolean routeNeeded, MonitorLog log) {
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
        if (o.sendmail != null) {
            checkSendmail("--sendmail", o.sendmail, "-H HOST");
        } else {
            if (o.starttls && o.smtps) {
                throw new ConfigException("--tls and --smtps exclude each other");
            }
            SmtpSettings.Tls tls = o.smtps ? SmtpSettings.Tls.SMTPS : o.starttls ? SmtpSettings.Tls.STARTTLS : SmtpSettings.Tls.NONE;
            String password = null;
            if (o.user != null && o.password != null) {
                log.warn("-p/--password puts the SMTP password where every user of this machine can read it (ps); "
                        + "set $" + Channels.SMTP_PASSWORD_ENV + " or use --smtp-password-file FILE instead");
                password = o.password;
            }
            SmtpSettings settings = smtpSettings("-H/--smtpHost", o.smtpHost, tls, o.user, o.timeout);
            if (cleartextLogin(settings)) {
                warnCleartextLogin(settings, log); // superlance's -u without --tls did this: kept, but said
            }
            server = new ChannelSettings.Smtp(settings, password, o.passwordFile, "-u/--userName", true);
        }
        List<InternetAddress> to = recipients ? addresses("-t", o.to) : List.of();
        return new ChannelSettings.Mail(to, from, server, o.sendmail);
    }

    /** A login over a connection without TLS to another host: the password crosses the network readable. */
    private static boolean cleartextLogin(SmtpSettings s) {
        if (s.user() == null || s.tls() != SmtpSettings.Tls.NONE) {
            return false;
        }
        String h = s.host().toLowerCase(java.util.Locale.ROOT);
        return !(h.equals("localhost") || h.startsWith("127.") || h.equals("::1"));
    }

    private static void warnCleartextLogin(SmtpSettings s, MonitorLog log) {
        log.warn("the SMTP password for " + s.user() + " goes to " + s.host() + " without TLS: anyone on the way can read it");
    }

    /**
     * The program a sendmail command starts must exist, or every alert fails (exit 127) and is retried for a
     * day. Only a plain first word is looked at: a shell command line ({@code cat > /tmp/mail}) is the user's.
     */
    static void checkSendmail(String option, String command, String smtpOption) {
        String program = command.strip().split("\\s+", 2)[0];
        if (!program.matches("[A-Za-z0-9_./+-]+")) {
            return;
        }
        if (program.contains("/")) {
            if (!java.nio.file.Files.isExecutable(Path.of(program)) || java.nio.file.Files.isDirectory(Path.of(program))) {
                throw new ConfigException(option + ": " + program + " is not installed (no such executable); install a mail "
                        + "transfer agent, or send through an SMTP server with " + smtpOption + ", or give " + option + " CMD");
            }
            return;
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":")) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(Path.of(dir, program))) {
                return;
            }
        }
        throw new ConfigException(option + ": " + program + " is not found on PATH; install it, or send through an SMTP "
                + "server with " + smtpOption + ", or give " + option + " CMD");
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
        MailTransport.nameStreamProvider(); // before jakarta.mail's first use
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
