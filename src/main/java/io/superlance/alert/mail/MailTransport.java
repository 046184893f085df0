package io.superlance.alert.mail;

import io.superlance.alert.DeliveryException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** Hands a composed message to a mail system: the sendmail command or an SMTP server. */
public interface MailTransport {
    String name();

    /** The session messages for this transport are composed in. */
    Session session();

    void deliver(MimeMessage message) throws DeliveryException;
}
