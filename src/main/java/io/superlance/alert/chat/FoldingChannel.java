package io.superlance.alert.chat;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;

import java.util.List;

/**
 * A chat robot's channel: its service limits messages per minute, so what waits is folded into one
 * message ({@link #sendAll}), and a single alert is a message of one.
 */
public interface FoldingChannel extends Channel {
    @Override
    default boolean foldsAlerts() {
        return true;
    }

    @Override
    default void send(Alert alert) throws DeliveryException {
        sendAll(List.of(alert));
    }

    @Override
    void sendAll(List<Alert> alerts) throws DeliveryException;
}
