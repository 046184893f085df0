package io.superlance.protocol;

/**
 * One event as framed on the wire: its header line and its decoded payload, null when the payload was read
 * and discarded (an event nobody wants, or one above {@link EventReader#MAX_PAYLOAD}).
 */
public record Envelope(Header header, String payload) {
    public boolean discarded() {
        return payload == null;
    }
}
