package io.superlance.protocol;

/** One event as framed on the wire: its header line and its decoded payload. */
public record Envelope(Header header, String payload) {
}
