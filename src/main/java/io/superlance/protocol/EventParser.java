package io.superlance.protocol;


import static io.superlance.protocol.EventNames.*;

/** Turns a framed envelope into a typed {@link Event}. */
public final class EventParser {
    private EventParser() {
    }

    public static Event parse(Envelope envelope) throws MalformedPayloadException {
        return parse(envelope.header().eventName(), envelope.payload());
    }

    public static Event parse(String name, String payload) throws MalformedPayloadException {
        int newline = payload.indexOf('\n');
        String head = newline < 0 ? payload : payload.substring(0, newline);
        String data = newline < 0 ? "" : payload.substring(newline + 1);

        ProcessState state = ProcessState.ofEventName(name);
        if (state != null) {
            Tokens t = Tokens.parse(head);
            return new Event.ProcessStateChange(name, state, process(t), required(t, "from_state"),
                    optionalInt(t, "pid"), optionalInt(t, "tries"),
                    state == ProcessState.EXITED ? flag(t, "expected") : null);
        }
        switch (name) {
            case TICK_5, TICK_60, TICK_3600 -> {
                long when = longValue(Tokens.parse(head), "when");
                return new Event.Tick(name, when);
            }
            case PROCESS_LOG_STDOUT, PROCESS_LOG_STDERR -> {
                Tokens t = Tokens.parse(head);
                String channel = t.getOrDefault("channel", name.equals(PROCESS_LOG_STDOUT) ? "stdout" : "stderr");
                return new Event.ProcessLog(name, process(t), optionalInt(t, "pid"), channel, data);
            }
            case PROCESS_COMMUNICATION_STDOUT, PROCESS_COMMUNICATION_STDERR -> {
                Tokens t = Tokens.parse(head);
                return new Event.ProcessCommunication(name, process(t), optionalInt(t, "pid"), data);
            }
            case REMOTE_COMMUNICATION -> {
                return new Event.RemoteCommunication(name, required(Tokens.parse(head), "type"), data);
            }
            case PROCESS_GROUP_ADDED, PROCESS_GROUP_REMOVED -> {
                return new Event.ProcessGroupChange(name, required(Tokens.parse(head), "groupname"));
            }
            case SUPERVISOR_STATE_CHANGE_RUNNING, SUPERVISOR_STATE_CHANGE_STOPPING -> {
                return new Event.SupervisorStateChange(name);
            }
            default -> {
                return new Event.Unknown(name, payload);
            }
        }
    }

    private static ProcessId process(Tokens t) throws MalformedPayloadException {
        return new ProcessId(required(t, "groupname"), required(t, "processname"));
    }

    private static String required(Tokens t, String key) throws MalformedPayloadException {
        String v = t.get(key);
        if (v == null) {
            throw new MalformedPayloadException("missing " + key);
        }
        return v;
    }

    private static Integer optionalInt(Tokens t, String key) throws MalformedPayloadException {
        String v = t.get(key);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new MalformedPayloadException(key + " is not a number: " + Text.quote(v));
        }
    }

    private static long longValue(Tokens t, String key) throws MalformedPayloadException {
        String v = required(t, key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new MalformedPayloadException(key + " is not a number: " + Text.quote(v));
        }
    }

    private static Boolean flag(Tokens t, String key) throws MalformedPayloadException {
        String v = required(t, key);
        return switch (v) {
            case "1" -> Boolean.TRUE;
            case "0" -> Boolean.FALSE;
            default -> throw new MalformedPayloadException(key + " is not 0 or 1: " + Text.quote(v));
        };
    }
}
