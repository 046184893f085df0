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

    /** The one way a transport makes its session. */
    static Session newSession(Properties properties) {
        nameStreamProvider();
        return Session.getInstance(properties);
    }

    /**
     * Names jakarta.mail's stream provider, before anything of jakarta.mail is used (an address checked at
     * start initialises MimeUtility, which looks it up). Unnamed, it is looked up through the ServiceLoader at
     * every part written (reading every jar's service files: some 70 KB of garbage per mail, and 10 ms of a
     * listener's start); named, the system property is read instead. It names angus-mail's, the one the
     * ServiceLoader finds, unless the user named another.
     */
    static void nameStreamProvider() {
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    /** The system property jakarta.mail reads before its ServiceLoader lookup. */
    String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
}
