package io.superlance.alert.mail;

import io.superlance.alert.DeliveryException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.util.Properties;

/** Hands a composed message to a mail system: the sendmail command or an SMTP server. */
public interface MailTransport {
    String name();

    /** The session messages for this transport are composed in. */
    Session session();

    void deliver(MimeMessage message) throws DeliveryException;

    /**
     * The one way a transport makes its session. jakarta.mail looks up its stream provider at every part
     * it writes, through the ServiceLoader (reading every jar's service files: some 70 KB of garbage per
     * mail) unless a system property names the provider; it names angus-mail's, the one the ServiceLoader
     * finds, unless the user named another.
     */
    static Session newSession(Properties properties) {
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
        return Session.getInstance(properties);
    }

    /** The system property jakarta.mail reads before its ServiceLoader lookup. */
    String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
}
