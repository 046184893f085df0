package io.superlance.alert;

import java.util.List;

/** A way of getting an alert to people: mail, SMS gateway, chat robot, webhook, Alertmanager. */
public interface Channel {
    /** Short name for log lines, e.g. {@code smtp mail.example.com:587}. */
    String name();

    /** Delivers one alert, blocking until done; runs on a delivery thread, never on the event loop. */
    void send(Alert alert) throws DeliveryException;

    /**
     * False for alerts this channel leaves out. Every channel takes resolutions (--no-resolved leaves them
     * out before they reach a channel).
     * {@link #send} returns quietly for such alerts; a queue may skip them altogether.
     */
    default boolean accepts(Alert alert) {
        return true;
    }

    /**
     * True when {@link #sendAll} folds several alerts into one message (chat robots under a rate limit),
     * so the delivery queue may hand over everything waiting at once.
     */
    default boolean foldsAlerts() {
        return false;
    }

    /**
     * True when the receiver groups, deduplicates and throttles alerts by itself (Alertmanager): storm
     * control holds nothing back from it and nothing is folded; every alert goes as it is, several per
     * request when {@link #foldsAlerts()}.
     */
    default boolean groupsItself() {
        return false;
    }

    /** Delivers several alerts as one message; only called when {@link #foldsAlerts()} is true. */
    default void sendAll(List<Alert> alerts) throws DeliveryException {
        for (Alert alert : alerts) {
            send(alert);
        }
    }
}
