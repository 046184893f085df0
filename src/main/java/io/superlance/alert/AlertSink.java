package io.superlance.alert;

/** Takes alerts from the event loop; must return at once. */
public interface AlertSink {
    void submit(Alert alert);
}
