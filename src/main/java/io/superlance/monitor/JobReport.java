package io.superlance.monitor;

import java.util.Locale;

/** The vocabulary of a heartbeat job's own reports, each the text between supervisord's XSUPERVISOR tags. */
enum JobReport {
    START, SUCCESS, FAILURE;

    /** {@code start}, {@code success}, {@code failure MESSAGE} (or {@code fail MESSAGE}); any other text is a failure saying it. */
    static JobReport of(String text) {
        String word = firstWord(text).toLowerCase(Locale.ROOT);
        return switch (word) {
            case "start" -> START;
            case "success" -> SUCCESS;
            default -> FAILURE;
        };
    }

    /** The message of a failure: the text after {@code failure}, or all of it when it says something else. */
    static String message(String text) {
        String t = text.strip();
        String word = firstWord(t).toLowerCase(Locale.ROOT);
        if (word.equals("failure") || word.equals("fail")) {
            t = t.substring(word.length()).strip();
        }
        return t.isEmpty() ? "(no message)" : t;
    }

    private static String firstWord(String text) {
        String t = text.strip();
        int end = 0;
        while (end < t.length() && !Character.isWhitespace(t.charAt(end))) {
            end++;
        }
        return t.substring(0, end);
    }
}
