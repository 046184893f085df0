package io.superlance.alert.mail;

import io.superlance.alert.Alert;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;

/**
 * Builds the message for an alert. Subjects are made one line before encoding, so a process name or
 * data holding CR/LF cannot add a header, and non-ASCII text is RFC 2047 encoded rather than garbled.
 * The host is named without touching superlance's subject and text, which mail filters key on: in an
 * {@value #HOST_HEADER} header.
 */
public final class MailComposer {
    public static final String HOST_HEADER = "X-Superlance-Host";

    private final List<InternetAddress> to;
    private final InternetAddress from;
    private final String idDomain;
    private final String host;

    /** @param from null to let the mail system fill it in (sendmail does) */
    public MailComposer(List<InternetAddress> to, InternetAddress from, String idDomain) {
        this(to, from, idDomain, null);
    }

    /**
     * @param from null to let the mail system fill it in (sendmail does)
     * @param host named in every message; null for none
     */
    public MailComposer(List<InternetAddress> to, InternetAddress from, String idDomain, String host) {
        this.to = List.copyOf(to);
        this.from = from;
        this.idDomain = idDomain;
        this.host = host;
    }

    public List<InternetAddress> recipients() {
        return to;
    }

    public MimeMessage compose(Session session, Alert alert) throws MessagingException {
        MimeMessage m = new FixedIdMessage(session, "<" + alert.id() + "@" + idDomain + ">");
        if (from != null) {
            m.setFrom(from);
        }
        m.setRecipients(Message.RecipientType.TO, to.toArray(new InternetAddress[0]));
        if (!alert.subject().isEmpty()) { // superlance sent no Subject: header without a subject (crashsms)
            m.setSubject(oneLine(alert.subject()), StandardCharsets.UTF_8.name());
        }
        m.setSentDate(Date.from(alert.time()));
        if (host != null) {
            m.setHeader(HOST_HEADER, oneLine(host));
        }
        m.setText(alert.body(), StandardCharsets.UTF_8.name());
        m.saveChanges();
        return m;
    }

    /** Control characters (CR and LF among them) become spaces. */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return b.toString();
    }

    /** Keeps the Message-ID derived from the alert id, so a retried copy can be recognised. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
