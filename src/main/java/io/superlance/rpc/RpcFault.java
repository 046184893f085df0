package io.superlance.rpc;

import java.util.Map;

/** supervisord answered the call with an XML-RPC fault, e.g. BAD_NAME or NOT_RUNNING. */
public final class RpcFault extends RpcException {
    // supervisor/xmlrpc.py, class Faults
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "UNKNOWN_METHOD"), Map.entry(2, "INCORRECT_PARAMETERS"), Map.entry(3, "BAD_ARGUMENTS"),
            Map.entry(4, "SIGNATURE_UNSUPPORTED"), Map.entry(6, "SHUTDOWN_STATE"), Map.entry(10, "BAD_NAME"),
            Map.entry(11, "BAD_SIGNAL"), Map.entry(20, "NO_FILE"), Map.entry(21, "NOT_EXECUTABLE"),
            Map.entry(30, "FAILED"), Map.entry(40, "ABNORMAL_TERMINATION"), Map.entry(50, "SPAWN_ERROR"),
            Map.entry(60, "ALREADY_STARTED"), Map.entry(70, "NOT_RUNNING"), Map.entry(80, "SUCCESS"),
            Map.entry(90, "ALREADY_ADDED"), Map.entry(91, "STILL_RUNNING"), Map.entry(92, "CANT_REREAD"));

    public static final int BAD_NAME = 10;
    public static final int SPAWN_ERROR = 50;
    public static final int ALREADY_STARTED = 60;
    public static final int NOT_RUNNING = 70;

    private final int code;
    private final String faultString;

    public RpcFault(String call, int code, String faultString) {
        super(call + " failed: " + describe(code, faultString));
        this.code = code;
        this.faultString = faultString;
    }

    public int code() {
        return code;
    }

    /** The fault's symbolic name, e.g. {@code BAD_NAME}, or {@code FAULT_n} for a code we do not know. */
    public String faultName() {
        return faultName(code);
    }

    public String faultString() {
        return faultString;
    }

    public static String faultName(int code) {
        return NAMES.getOrDefault(code, "FAULT_" + code);
    }

    /** supervisord's fault strings mostly start with the name already ({@code BAD_NAME: foo}); say it once. */
    private static String describe(int code, String faultString) {
        String name = faultName(code);
        String text = faultString == null ? "" : faultString.strip();
        if (text.startsWith(name)) {
            return text;
        }
        return text.isEmpty() ? name : name + ": " + text;
    }
}
