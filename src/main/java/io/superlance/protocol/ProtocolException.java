package io.superlance.protocol;

/** The stream from supervisord cannot be framed any more; the listener must exit so supervisord restarts it. */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message);
    }
}
