package io.superlance.protocol;

/** One event's payload could not be understood; the stream itself is still framed. */
public final class MalformedPayloadException extends Exception {
    public MalformedPayloadException(String message) {
        super(message);
    }
}
