package io.superlance.alert.mail;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.Resolution;
import jakarta.mail.MessagingException;

/** Alerts as mail, through the sendmail command or SMTP; resolutions too, their subjects starting with RESOLVED. */
public final class MailChannel implements Channel {
    private final MailComposer composer;
    private final MailTransport transport;

    public MailChannel(MailComposer composer, MailTransport transport) {
        this.composer = composer;
        this.transport = transport;
    }

    @Override
    public String name() {
        return transport.name();
    }

    @Override
    public void send(Alert alert) throws DeliveryException {
        try {
            transport.deliver(composer.compose(transport.session(), alert.resolved() ? resolution(alert) : alert));
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
