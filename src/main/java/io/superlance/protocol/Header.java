package io.superlance.protocol;

/**
 * The header line supervisord sends before each payload, e.g.
 * {@code ver:3.0 server:supervisor serial:21 pool:crashmail poolserial:10 eventname:PROCESS_STATE_EXITED len:84}.
 * Other tokens are checked but not kept.
 *
 * @param serial supervisord's number for the event, the same in every pool; null when the line has none
 */
public record Header(String eventName, int length, String serial) {

    /** Longest payload we accept; supervisord's own log events are capped far below this. */
    static final int MAX_LENGTH = 64 * 1024 * 1024;

    public static Header parse(String line) throws ProtocolException {
        Tokens tokens;
        try {
            tokens = Tokens.parse(line);
        } catch (MalformedPayloadException e) {
            throw new ProtocolException("cannot frame header line " + Text.quote(line) + ": " + e.getMessage());
        }
        String name = tokens.get("eventname");
        String len = tokens.get("len");
        if (name == null || name.isEmpty() || len == null) {
            throw new ProtocolException("cannot frame header line " + Text.quote(line) + ": eventname and len are required");
        }
        int length;
        try {
            length = Integer.parseInt(len);
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length < 0 || length > MAX_LENGTH) {
            throw new ProtocolException("cannot frame header line " + Text.quote(line) + ": bad len " + Text.quote(len));
        }
        return new Header(name, length, tokens.get("serial"));
    }

    /** How a log line names the event, e.g. {@code PROCESS_STATE_EXITED event 21} ({@code ?} for a missing serial). */
    public String describe() {
        return eventName + " event " + (serial == null ? "?" : serial);
    }
}
