package io.superlance.alert.telegram;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Telegram's HTML parse mode as its Bot API documents it: only its tags (b, strong, i, em, u, ins, s, strike,
 * del, span class="tg-spoiler", tg-spoiler, a href, code, pre, blockquote, tg-emoji), each closed in order;
 * every other {@code <} and {@code &} written as an entity ({@code &lt;} {@code &gt;} {@code &amp;}
 * {@code &quot;} or numeric). Anything else Telegram refuses, 400 "can't parse entities", every time.
 */
final class TelegramHtml {
    static final Set<String> TAGS = Set.of("b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
            "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\\s+[a-zA-Z-]+(?:\\s*=\\s*(?:\"[^\"]*\"|'[^']*'|[^\\s>\"']+))?)*)\\s*>");
    private static final Pattern ENTITY = Pattern.compile("&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});");

    private TelegramHtml() {
    }

    /**
     * Why Telegram would refuse this HTML, or null when it parses.
     */
    static String problem(String html) {
        Deque<String> open = new ArrayDeque<>();
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '&') {
                Matcher e = ENTITY.matcher(html).region(i, html.length());
                if (!e.lookingAt()) {
                    return "a bare '&' (write &amp;)";
                }
                i = e.end();
            } else if (c == '<') {
                Matcher t = TAG.matcher(html).region(i, html.length());
                if (!t.lookingAt()) {
                    return "a bare '<' (write &lt;)";
                }
                String name = t.group(2).toLowerCase();
                if (!TAGS.contains(name)) {
                    return "<" + t.group(1) + t.group(2) + ">, a tag Telegram does not know (it knows "
                            + String.join(", ", TAGS.stream().sorted().toList()) + ")";
                }
                if (t.group(1).isEmpty()) {
                    open.push(name);
                } else if (open.isEmpty() || !open.peek().equals(name)) {
                    return "</" + name + "> closes " + (open.isEmpty() ? "no open tag" : "<" + open.peek() + ">");
                } else {
                    open.pop();
                }
                i = t.end();
            } else {
                i++;
            }
        }
        return open.isEmpty() ? null : "<" + open.peek() + "> is never closed";
    }

    /** The text's length as Telegram counts it: after entity parsing (tags are no text, an entity is one character), in UTF-16 units. */
    static int length(String html) {
        int n = 0;
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            Matcher m;
            if (c == '<' && (m = TAG.matcher(html).region(i, html.length())).lookingAt()) {
                i = m.end();
            } else if (c == '&' && (m = ENTITY.matcher(html).region(i, html.length())).lookingAt()) {
                n += m.group().startsWith("&#") ? 2 : 1; // a numeric one may stand for a surrogate pair
                i = m.end();
            } else {
                n++;
                i++;
            }
        }
        return n;
    }
}
