package io.superlance.alert.mail;

import io.superlance.alert.DeliveryException;
import io.superlance.http.TrustedCas;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Sends through an SMTP server with jakarta.mail: timeouts on every step, certificates checked. */
public final class SmtpTransport implements MailTransport {
    private final SmtpSettings settings;
    private final String protocol;
    private final Properties properties = new Properties();
    private Session session;

    public SmtpTransport(SmtpSettings settings) {
        this.settings = settings;
        this.protocol = settings.tls() == SmtpSettings.Tls.SMTPS ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        String ms = Long.toString(settings.timeout().toMillis());
        Properties props = properties;
        props.setProperty(p + "host", settings.host());
        props.setProperty(p + "port", Integer.toString(settings.port()));
        props.setProperty(p + "connectiontimeout", ms);
        props.setProperty(p + "timeout", ms);
        props.setProperty(p + "writetimeout", ms);
        props.setProperty(p + "auth", Boolean.toString(settings.user() != null));
        props.setProperty(p + "ssl.checkserveridentity", "true");
        // the message is the server's once it answered the DATA: the alert is then recorded as sent without
        // waiting for the answer to QUIT, which would widen the moment in which a kill -9 makes it sent twice
        props.setProperty(p + "quitwait", "false");
        TrustedCas.Tls trusted = TrustedCas.current();
        if (trusted != null) {
            props.put(p + "ssl.socketFactory", trusted.socketFactory()); // SMTPS and STARTTLS both use it
        }
        if (settings.tls() == SmtpSettings.Tls.STARTTLS) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
    }

    /** One timer thread for every connection's write timeouts, there only while mail is being sent. */
    private static final class WriteTimeouts {
        static final ScheduledExecutorService EXECUTOR = executor();

        private static ScheduledExecutorService executor() {
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "smtp write timeouts");
                t.setDaemon(true);
                return t;
            });
            e.setKeepAliveTime(10, TimeUnit.SECONDS);
            e.allowCoreThreadTimeOut(true);
            e.setRemoveOnCancelPolicy(true); // a write that finished in time leaves nothing queued
            return e;
        }
    }

    @Override
    public String name() {
        return protocol + " " + settings.host() + ":" + settings.port();
    }

    @Override
    public synchronized Session session() {
        if (session == null) {
            // without it angus-mail starts a thread pool of its own for every connection to time its writes
            properties.put("mail." + protocol + ".executor.writetimeout", WriteTimeouts.EXECUTOR);
            session = MailTransport.newSession(properties); // on first use: it costs start-up time
        }
        return session;
    }

    @Override
    public void deliver(MimeMessage message) throws DeliveryException {
        Transport transport = null;
        try {
            transport = session().getTransport(protocol);
            transport.connect(settings.host(), settings.port(), settings.user(), settings.password());
            transport.sendMessage(message, message.getAllRecipients());
        } catch (AuthenticationFailedException e) {
            throw new DeliveryException("SMTP authentication failed for user " + settings.user(), false, e);
        } catch (SendFailedException e) {
            boolean someValid = e.getValidUnsentAddresses() != null && e.getValidUnsentAddresses().length > 0;
            throw new DeliveryException("SMTP server refused the message: " + oneLine(e), someValid, e);
        } catch (MessagingException e) {
            throw new DeliveryException("SMTP " + settings.host() + ":" + settings.port() + ": " + oneLine(e), true, e);
        } finally {
            close(transport);
        }
    }

    /** A failure to say QUIT after the server took the message is no failure to deliver it: sent again, it would be mailed twice. */
    private static void close(Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException e) {
            // the connection is gone either way
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !m.contains(cause.getMessage())) {
            m += " (" + cause.getMessage().strip() + ")";
        }
        return m.replaceAll("\\s+", " ");
    }
}
