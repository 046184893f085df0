package io.superlance.alert.mail;

import jakarta.mail.internet.InternetAddress;

/**
 * How a command sends mail: the transport and the sender, shared by its mail and SMS gateway channels.
 * @param from null to let the mail system fill it in (sendmail does)
 */
public record MailRoute(MailTransport transport, InternetAddress from) {
}
