package io.superlance.alert.telegram;

/** Telegram's HTML rules, for tests outside this package. */
public final class TelegramHtmlAccess {
    private TelegramHtmlAccess() {
    }

    /** Why Telegram would refuse this HTML, or null. */
    public static String problem(String html) {
        return TelegramHtml.problem(html);
    }
}
