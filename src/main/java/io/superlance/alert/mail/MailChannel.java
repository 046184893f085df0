package io.superlance.alert.mail;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.Resolution;
import io.superlance.alert.Template;
import jakarta.mail.MessagingException;

/** Alerts as mail, through the sendmail command or SMTP; resolutions too, their subjects starting with RESOLVED. */
public final class MailChannel implements Channel {
    private final MailComposer composer;
    private final MailTransport transport;
    /** The user's body text; null for superlance's body. */
    private Template template;
    private String host;

    public MailChannel(MailComposer composer, MailTransport transport) {
        this.composer = composer;
        this.transport = transport;
    }

    /**
     * Mails the body from {@code template} (the subject stays superlance's); called once, before the first send.
     * @param host named by {@code {host}}
     */
    public MailChannel template(Template template, String host) {
        this.template = template;
        this.host = host;
        return this;
    }

    @Override
    public String name() {
        return transport.name();
    }

    @Override
    public void send(Alert alert) throws DeliveryException {
        try {
            Alert mail = alert.resolved() ? resolution(alert) : alert;
            if (template != null) {
                mail = mail.withBody(template.render(alert, host, null, Template.PLAIN, Template.plainFacts(alert, host, null)));
            }
            transport.deliver(composer.compose(transport.session(), mail));
        } catch (MessagingException e) {
            throw new DeliveryException("cannot compose mail: " + e.getMessage(), false, e);
        }
    }

    /** A resolution as mail: the subject starts with RESOLVED, the body ends with how long it lasted. */
    static Alert resolution(Alert alert) {
        String lasted = Resolution.lasted(alert);
        return alert.withSubject(Resolution.subject(alert))
                .withBody(lasted == null ? alert.body() : alert.body() + "\n\nLasted " + lasted + ".");
    }
}
