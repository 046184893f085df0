package io.superlance.alert;

/** A way of getting an alert to people: mail, SMS gateway, chat robot, webhook, Alertmanager. */
public interface Channel {
    /** Short name for log lines, e.g. {@code smtp mail.example.com:587}. */
    String name();

    /** Delivers one alert, blocking until done; runs on a delivery thread, never on the event loop. */
    void send(Alert alert) throws DeliveryException;
}
