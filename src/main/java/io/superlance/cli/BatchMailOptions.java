package io.superlance.cli;

import io.superlance.alert.Channel;
import io.superlance.alert.LocalHost;
import io.superlance.alert.mail.MailChannel;
import io.superlance.alert.mail.MailComposer;
import io.superlance.alert.mail.MailRoute;
import io.superlance.alert.mail.MailTransport;
import io.superlance.alert.mail.SendmailTransport;
import io.superlance.alert.mail.SmtpSettings;
import io.superlance.alert.mail.SmtpTransport;
import io.superlance.log.Log;
import io.superlance.monitor.DigestMonitor;
import io.superlance.monitor.ProgramSelector;
import io.superlance.protocol.EventNames;
import jakarta.mail.internet.InternetAddress;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * superlance's options of crashmailbatch, fatalmailbatch and crashsms: the batch (-e, -i, -s) and mail
 * by SMTP (-t, -f, -H, -u, -p, --tls), plus what they lacked: SMTPS, a password kept off the command
 * line, timeouts, and the sendmail command instead of SMTP.
 */
public final class BatchMailOptions implements MailRouting {
    @Option(names = {"-t", "--toEmail"}, paramLabel = "LIST",
            description = "Mail the digest to these addresses (comma-separated).")
    String to;

    @Option(names = {"-f", "--fromEmail"}, paramLabel = "ADDR", description = "Sender address (required with -t).")
    String from;

    @Option(names = {"-s", "--subject"}, paramLabel = "TEXT", description = "Subject of the digest. Default: the command's own.")
    String subject;

    @Option(names = {"-e", "--tickEvent"}, paramLabel = "TICK", defaultValue = EventNames.TICK_60,
            description = "Tick that counts time: TICK_5, TICK_60 or TICK_3600 (subscribe the listener to it too). Default: ${DEFAULT-VALUE}.")
    String tickEvent;

    @Option(names = {"-i", "--interval"}, paramLabel = "MINUTES", defaultValue = "1.0",
            description = "Send the lines gathered every MINUTES (counted in ticks; fractions allowed). Default: ${DEFAULT-VALUE}.")
    double interval;

    @Option(names = {"-H", "--smtpHost"}, paramLabel = "HOST[:PORT]", defaultValue = "localhost",
            description = "SMTP server. Default: ${DEFAULT-VALUE} (port 25, 465 with --smtps).")
    String smtpHost;

    @Option(names = {"-u", "--userName"}, paramLabel = "USER", description = "Log in to the SMTP server as USER.")
    String user;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD",
            description = "SMTP password; accepted for compatibility, but any user can read it in the process list: "
                    + "prefer $" + SmtpOptions.PASSWORD_ENV + " or --smtp-password-file.")
    String password;

    @Option(names = "--smtp-password-file", paramLabel = "FILE", description = "Read the SMTP password from FILE (first line).")
    Path passwordFile;

    @Option(names = "--tls", description = "Upgrade the SMTP connection with STARTTLS (required; certificates are checked).")
    boolean starttls;

    @Option(names = "--smtps", description = "Speak TLS from the first byte (SMTPS, usually port 465).")
    boolean smtps;

    @Option(names = "--smtp-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Timeout for connecting and for each SMTP reply. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Option(names = {"--sendmail", "--sendmail_program"}, paramLabel = "CMD",
            description = "Pipe the mail into this command (run by /bin/sh, e.g. '" + SendmailTransport.DEFAULT_COMMAND
                    + "') instead of SMTP.")
    String sendmail;

    DigestMonitor monitor(DigestMonitor.Kind kind) {
        if (!EventNames.TICKS.contains(tickEvent)) {
            throw new ConfigException("-e/--tickEvent must be TICK_5, TICK_60 or TICK_3600, not '" + tickEvent + "'");
        }
        if (!(interval >= 0) || Double.isInfinite(interval)) {
            throw new ConfigException("-i/--interval must be a number of minutes, at least 0");
        }
        return new DigestMonitor(kind, ProgramSelector.all(), tickEvent, interval, subject, null);
    }

    /** The mail channel, or none without -t. */
    List<Channel> channels(Map<String, String> env) {
        if (to == null || to.isBlank()) {
            return List.of();
        }
        if (from == null || from.isBlank()) {
            throw new ConfigException("-f/--fromEmail is required with -t/--toEmail");
        }
        MailRoute route = route(env);
        return List.of(new MailChannel(new MailComposer(MailOptions.addresses("-t", to), route.from(), LocalHost.name()),
                route.transport()));
    }

    /** SMTP as superlance did, or the sendmail command; also for --sms-gateway. */
    @Override
    public MailRoute route(Map<String, String> env) {
        InternetAddress sender = from != null && !from.isBlank() ? MailOptions.address("-f", from.strip())
                : sendmail != null ? null : MailOptions.address("-f", "superlance@" + LocalHost.name());
        MailTransport transport = sendmail != null
                ? new SendmailTransport(sendmail, Duration.ofSeconds(60))
                : new SmtpTransport(settings(env));
        return new MailRoute(transport, sender);
    }

    SmtpSettings settings(Map<String, String> env) {
        if (starttls && smtps) {
            throw new ConfigException("--tls and --smtps exclude each other");
        }
        if (timeoutSeconds <= 0) {
            throw new ConfigException("--smtp-timeout must be positive");
        }
        SmtpSettings.Tls tls = smtps ? SmtpSettings.Tls.SMTPS : starttls ? SmtpSettings.Tls.STARTTLS : SmtpSettings.Tls.NONE;
        try {
            return SmtpSettings.of(smtpHost, tls, user, user == null ? null : password(env),
                    Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("-H/--smtpHost: " + e.getMessage());
        }
    }

    private String password(Map<String, String> env) {
        if (password != null) {
            Log.warn("-p/--password puts the SMTP password where every user of this machine can read it (ps); "
                    + "set $" + SmtpOptions.PASSWORD_ENV + " or use --smtp-password-file FILE instead");
            return password;
        }
        return SmtpOptions.password(passwordFile, env, "-u/--userName");
    }
}
