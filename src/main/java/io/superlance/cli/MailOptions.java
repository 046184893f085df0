package io.superlance.cli;

import io.superlance.alert.mail.SendmailTransport;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** superlance's {@code -m} and {@code -s} (crashmail, memmon, httpok), plus SMTP delivery. */
public final class MailOptions {
    @Option(names = {"-m", "--email"}, paramLabel = "ADDR",
            description = "Mail alerts to ADDR (comma-separated for several). Without it no mail is sent.")
    String email;

    @Option(names = {"-s", "--sendmail_program", "--sendmail"}, paramLabel = "CMD",
            defaultValue = SendmailTransport.DEFAULT_COMMAND,
            description = "Command that reads a message on stdin and sends it (run by /bin/sh). Default: ${DEFAULT-VALUE}.")
    String sendmail;

    @Mixin
    SmtpOptions smtp = new SmtpOptions();
}
