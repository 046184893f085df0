package io.superlance.alert.sms;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.Template;
import io.superlance.alert.mail.MailChannel;
import io.superlance.alert.mail.MailComposer;
import io.superlance.alert.mail.MailTransport;

import java.time.ZoneId;

/**
 * Mail to email-to-SMS gateway addresses: the body is {@link SmsText} (160 characters at most), the subject
 * the host name, so a gateway that puts the subject in front still says where it happened. Sent through the
 * same transport (sendmail or SMTP) as the command's mail.
 */
public final class SmsChannel implements Channel {
    private final MailChannel mail;
    private final String host;
    private final ZoneId zone;
    /** The user's text; null for crashsms's line. */
    private Template template;

    /** @param zone for the time in texts; null for the system's zone */
    public SmsChannel(MailComposer gateways, MailTransport transport, String host, ZoneId zone) {
        this.mail = new MailChannel(gateways, transport);
        this.host = host;
        this.zone = zone;
    }

    /** Texts from {@code template} instead, on one line and cut to fit; called once, before the first send. */
    public SmsChannel template(Template template) {
        this.template = template;
        return this;
    }

    @Override
    public String name() {
        return "sms via " + mail.name();
    }

    @Override
    public void send(Alert alert) throws DeliveryException {
        // its own Message-ID: the mail channel may send the same alert to people as a full mail; the text says
        // RESOLVED already, so the mail channel sends it as it is
        String text = template == null ? SmsText.of(alert, zone)
                : SmsText.cut(template.render(alert, host, zone, Template.PLAIN, Template.plainFacts(alert, host, zone))
                        .replaceAll("\\s+", " ").strip(), SmsText.MAX);
        mail.send(alert.withId(alert.id() + ".sms").withSubject(host).withBody(text).withResolved(false));
    }
}
