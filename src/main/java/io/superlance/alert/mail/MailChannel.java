package io.superlance.alert.mail;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;
import jakarta.mail.MessagingException;

/** Alerts as mail, through the sendmail command or SMTP. */
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

    /** superlance mails crashes only, never "running again". */
    @Override
    public boolean accepts(Alert alert) {
        return !alert.resolved();
    }

    @Override
    public void send(Alert alert) throws DeliveryException {
        if (!accepts(alert)) {
            return;
        }
        try {
            transport.deliver(composer.compose(transport.session(), alert));
        } catch (MessagingException e) {
            throw new DeliveryException("cannot compose mail: " + e.getMessage(), false, e);
        }
    }
}
