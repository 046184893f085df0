package io.superlance.cli;

import io.superlance.alert.channels.Channels;
import io.superlance.alert.mail.SendmailTransport;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/**
 * superlance's mail options of crashmailbatch, fatalmailbatch and crashsms: SMTP (-t, -f, -H, -u, -p, --tls),
 * plus what they lacked: SMTPS, a password kept off the command line, timeouts, and the sendmail command.
 */
public final class BatchMailOptions {
    @Option(names = {"-t", "--toEmail"}, paramLabel = "LIST",
            description = "Mail the digest to these addresses (comma-separated).")
    String to;

    @Option(names = {"-f", "--fromEmail"}, paramLabel = "ADDR", description = "Sender address (required with -t).")
    String from;

    @Option(names = {"-H", "--smtpHost"}, paramLabel = "HOST[:PORT]", defaultValue = "localhost",
            description = "SMTP server. Default: ${DEFAULT-VALUE} (port 25, 465 with --smtps).")
    String smtpHost;

    @Option(names = {"-u", "--userName"}, paramLabel = "USER", description = "Log in to the SMTP server as USER.")
    String user;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD",
            description = "SMTP password; accepted for compatibility, but any user can read it in the process list: "
                    + "prefer $" + Channels.SMTP_PASSWORD_ENV + " or --smtp-password-file.")
    String password;

    @Option(names = "--smtp-password-file", paramLabel = "FILE", description = "Read the SMTP password from FILE (first line).")
    Path passwordFile;

    @Option(names = "--tls", description = "Upgrade the SMTP connection with STARTTLS (required; certificates are checked).")
    boolean starttls;

    @Option(names = "--smtps", description = "Speak TLS from the first byte (SMTPS, usually port 465).")
    boolean smtps;

    @Option(names = "--smtp-timeout", paramLabel = "DURATION", defaultValue = "30", converter = Durations.Seconds.class,
            description = "Timeout for connecting and for each SMTP reply (a bare number is seconds). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = {"--sendmail", "--sendmail_program"}, paramLabel = "CMD",
            description = "Pipe the mail into this command (run by /bin/sh, e.g. '" + SendmailTransport.DEFAULT_COMMAND
                    + "') instead of SMTP.")
    String sendmail;
}
