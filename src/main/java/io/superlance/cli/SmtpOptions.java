package io.superlance.cli;

import io.superlance.alert.channels.Channels;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** SMTP delivery, the same long options on every command. The password never has to be on the command line. */
public final class SmtpOptions {
    @Option(names = "--smtp-host", paramLabel = "HOST[:PORT]",
            description = "Send mail through this SMTP server instead of the sendmail command.")
    String host;

    @Option(names = "--smtp-user", paramLabel = "USER", description = "Log in to the SMTP server as USER.")
    String user;

    @Option(names = "--smtp-password-file", paramLabel = "FILE",
            description = "Read the SMTP password from FILE (first line). Default: $" + Channels.SMTP_PASSWORD_ENV + ".")
    Path passwordFile;

    @Option(names = "--smtp-tls", paramLabel = "MODE", defaultValue = "none",
            description = "none, starttls (required upgrade) or smtps; certificates are checked. Default: ${DEFAULT-VALUE}.")
    String tls;

    @Option(names = "--smtp-cleartext-login",
            description = "Allow --smtp-user to log in over an unencrypted connection (--smtp-tls none) to a host other than "
                    + "this one: the password then crosses the network in clear. Without it that is an error.")
    boolean cleartextLogin;

    @Option(names = "--smtp-timeout", paramLabel = "DURATION", defaultValue = "30", converter = Durations.Seconds.class,
            description = "Timeout for connecting and for each SMTP reply (a bare number is seconds). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--from", paramLabel = "ADDR", description = "Sender address. Default: superlance@HOSTNAME.")
    String from;
}
