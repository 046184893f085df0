package io.superlance.alert.standin;

import io.superlance.alert.DeliveryException;
import io.superlance.alert.mail.MailTransport;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * An email-to-SMS gateway as crashsms uses one (the mail's text becomes one SMS): it takes what fits one
 * segment of GSM 03.38 (160 characters of the GSM 7-bit alphabet, its extension characters {@code ^{}\[~]|€}
 * counting two) or, when any character is outside that alphabet, 70 UTF-16 units of UCS-2, and refuses
 * more as a gateway's SMTP server would (552), so a text cut at a segment is proven, not assumed.
 */
public final class SmsGatewayStandIn implements MailTransport {
    public static final int GSM_SEPTETS = 160;
    public static final int UCS2_UNITS = 70;
    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    private final Session session = Session.getInstance(new Properties());
    private final List<String> accepted = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();

    @Override
    public String name() {
        return "sms gateway stand-in";
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public synchronized void deliver(MimeMessage message) throws DeliveryException {
        String text;
        try {
            message.saveChanges();
            Object content = message.getContent();
            text = content.toString().strip();
        } catch (MessagingException | IOException e) {
            refused.add("unreadable: " + e);
            throw new DeliveryException("552 unreadable message: " + e.getMessage(), false);
        }
        String why = overOneSegment(text);
        if (why != null) {
            refused.add(why);
            throw new DeliveryException("552 " + why, false);
        }
        accepted.add(text);
    }

    /** Null when {@code text} fits one SMS, else why not. */
    public static String overOneSegment(String text) {
        int septets = 0;
        boolean gsm = true;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x10000 && GSM_BASIC.indexOf(cp) >= 0) {
                septets++;
            } else if (cp < 0x10000 && GSM_EXTENSION.indexOf(cp) >= 0) {
                septets += 2;
            } else {
                gsm = false;
            }
        }
        if (gsm) {
            return septets <= GSM_SEPTETS ? null : "message too long for one SMS: " + septets + " GSM characters (at most 160)";
        }
        return text.length() <= UCS2_UNITS ? null
                : "message too long for one SMS: " + text.length() + " UCS-2 units (at most 70 outside the GSM alphabet)";
    }

    public synchronized List<String> accepted() {
        return List.copyOf(accepted);
    }

    public synchronized List<String> refused() {
        return List.copyOf(refused);
    }
}
