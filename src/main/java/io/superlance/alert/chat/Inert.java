package io.superlance.alert.chat;

/**
 * Makes text from programs and the outside world (log lines, crash output, names, URLs, JSON values) inert
 * in a chat service's markup, so only a template's own text can link, mention, colour or format. Markdown
 * as DingTalk, WeCom and Feishu render it has no escapes: the characters that would start markup are
 * replaced by look-alikes (full-width {@code ＜ ］ ！ ＃ ＞ ＿}, {@code ∗ ∼ ˋ}), so the text stays readable;
 * a mention's {@code @} is followed by an invisible word joiner, which no mention syntax accepts.
 */
public final class Inert {
    /** U+2060: invisible, and no service reads {@code @\u2060all} or {@code @\u2060name} as a mention. */
    static final char WORD_JOINER = '\u2060';

    private Inert() {
    }

    /**
     * For markdown without escapes: no tag ({@code <font>}, {@code <@userid>}, {@code <at>}, autolinks), no link
     * or image ({@code [t](u)}, {@code ![](u)}), no bold, italic, strike-through or code, no heading or quote
     * at the start of a line, no mention.
     */
    public static String markdown(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        boolean lineStart = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
            switch (c) {
                case '<' -> b.append(startsTag(next) ? '＜' : c);
                case ']' -> b.append(next == '(' || next == '[' ? '］' : c);
                case '!' -> b.append(next == '[' ? '！' : c);
                case '#' -> b.append(lineStart ? '＃' : c);
                case '>' -> b.append(lineStart ? '＞' : c);
                default -> formatting(b, s, i);
            }
            if (c == '\n') {
                lineStart = true;
            } else if (c != ' ' && c != '\t') {
                lineStart = false;
            }
        }
        return b.toString();
    }

    /**
     * For markup whose tags are escaped as entities already (Slack's mrkdwn): no bold, italic,
     * strike-through or code, no mention.
     */
    public static String formatting(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            formatting(b, s, i);
        }
        return b.toString();
    }

    /** For markup that only tags can format (Telegram's HTML, plain text): no mention. */
    public static String mentions(String s) {
        return s.indexOf('@') < 0 ? s : s.replace("@", "@" + WORD_JOINER);
    }

    private static void formatting(StringBuilder b, String s, int i) {
        char c = s.charAt(i);
        switch (c) {
            case '*' -> b.append('∗');
            case '~' -> b.append('∼');
            case '`' -> b.append('ˋ');
            // an underscore inside a word (my_program) formats nothing and stays as it is
            case '_' -> b.append(i > 0 && i + 1 < s.length() && Character.isLetterOrDigit(s.charAt(i - 1))
                    && Character.isLetterOrDigit(s.charAt(i + 1)) ? '_' : '＿');
            case '@' -> b.append('@').append(WORD_JOINER);
            default -> b.append(c);
        }
    }

    private static boolean startsTag(char next) {
        return Character.isLetter(next) || next == '/' || next == '!' || next == '?' || next == '@';
    }
}
