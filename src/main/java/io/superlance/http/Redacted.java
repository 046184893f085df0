package io.superlance.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way a URL is written where people or files keep it (log lines, channel names, spool entries):
 * secrets replaced by {@value #MASK}. Query values, user info and path segments that look like tokens
 * (Slack's {@code /services/T000/B000/SECRET}, a healthchecks.io UUID, Telegram's {@code bot123:ABC})
 * are secrets; the scheme, host, port and the words of the path stay, so a reader knows which endpoint.
 * A URL that cannot be parsed is never echoed.
 */
public final class Redacted {
    public static final String MASK = "***";
    /** Shown for no URL at all (null). */
    public static final String BAD_URL = "(a URL that cannot be parsed)";

    private Redacted() {
    }

    /** {@code url} with its secrets masked. */
    public static String url(String url) {
        if (url == null) {
            return BAD_URL;
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            return asTyped(url);
        }
        if (u.getScheme() == null || u.getRawAuthority() == null) {
            return asTyped(url);
        }
        StringBuilder b = new StringBuilder(url.length());
        b.append(u.getScheme()).append("://");
        if (u.getRawUserInfo() != null) {
            b.append(MASK).append('@');
        }
        String authority = u.getRawAuthority();
        b.append(authority.substring(authority.lastIndexOf('@') + 1));
        String path = u.getRawPath();
        if (path != null && !path.isEmpty()) {
            for (String segment : path.substring(1).split("/", -1)) {
                b.append('/').append(tokenLike(segment) ? MASK : segment);
            }
        }
        String query = u.getRawQuery();
        if (query != null) {
            b.append('?');
            String[] pairs = query.split("&", -1);
            for (int i = 0; i < pairs.length; i++) {
                int eq = pairs[i].indexOf('=');
                b.append(i > 0 ? "&" : "").append(eq < 0 ? MASK : pairs[i].substring(0, eq + 1) + MASK);
            }
        }
        return b.toString();
    }

    /**
     * A text that is no whole URL (no scheme, a space, a stray character), as typed so its owner finds the
     * mistake, with what could be secret masked: the part before an {@code @}, every value after an
     * {@code =}, and every part that is neither a plain word nor a host name.
     */
    static String asTyped(String text) {
        int hostStart = text.contains("://") ? text.indexOf("://") + 3 : 0;
        int pathStart = text.indexOf('/', hostStart);
        int at = text.lastIndexOf('@', pathStart < 0 ? text.length() - 1 : pathStart);
        StringBuilder b = new StringBuilder();
        String rest = text;
        if (at >= hostStart) {
            b.append(text, 0, hostStart).append(MASK).append('@');
            rest = text.substring(at + 1);
        }
        Matcher part = PART.matcher(rest);
        while (part.find()) {
            boolean value = part.start() > 0 && rest.charAt(part.start() - 1) == '=';
            boolean plain = !value && (!tokenLike(part.group()) || HOST.matcher(part.group()).matches());
            part.appendReplacement(b, Matcher.quoteReplacement(plain ? part.group() : MASK));
        }
        part.appendTail(b);
        return b.toString();
    }

    private static final Pattern PART = Pattern.compile("[^/?&=#@:\\s]+");
    private static final Pattern HOST = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)+");

    /**
     * {@code text} (an error message, say) with every secret part of {@code url} masked, and the URL itself
     * wherever it appears: libraries quote URLs in their messages.
     */
    public static String in(String text, String url) {
        if (text == null || url == null) {
            return text;
        }
        String t = text.replace(url, url(url));
        for (String secret : secrets(url)) {
            t = t.replace(secret, MASK);
        }
        return t;
    }

    /** The parts of a URL {@link #url} masks, longest first so a part of another is masked after it. */
    static List<String> secrets(String url) {
        List<String> secrets = new ArrayList<>();
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            secrets.add(url);
            return secrets;
        }
        if (u.getRawUserInfo() != null) {
            secrets.add(u.getRawUserInfo());
            String info = u.getUserInfo();
            int colon = info.indexOf(':');
            if (colon >= 0 && colon + 1 < info.length()) {
                secrets.add(info.substring(colon + 1));
                secrets.add(u.getRawUserInfo().substring(u.getRawUserInfo().indexOf(':') + 1));
            }
        }
        if (u.getRawPath() != null) {
            for (String segment : u.getRawPath().split("/")) {
                if (tokenLike(segment)) {
                    secrets.add(segment);
                }
            }
        }
        if (u.getRawQuery() != null) {
            for (String pair : u.getRawQuery().split("&")) {
                String value = pair.substring(pair.indexOf('=') + 1);
                if (!value.isEmpty()) {
                    secrets.add(value);
                }
            }
        }
        secrets.removeIf(s -> s.length() < 3); // "a=1" would mask every 1 in a message
        secrets.sort((a, b) -> b.length() - a.length());
        return secrets;
    }

    /**
     * Anything but a plain word is taken for a token, whatever its length: a short ping token
     * ({@code /ping/ab12}) is as secret as a long one. Words ({@code health}, {@code api}, {@code hook},
     * {@code services}), API versions ({@code v2}) and empty segments stay, so a reader knows the endpoint.
     */
    static boolean tokenLike(String segment) {
        return !segment.isEmpty() && !(segment.length() <= 32 && WORD.matcher(segment).matches());
    }

    /**
     * A word: letters with dots, dashes or underscores, starting lower-case, with at most two capitals
     * ({@code sendMessage}); or an API version such as {@code v2}.
     */
    private static final Pattern WORD = Pattern.compile("[a-z][a-z._-]*(?:[A-Z][a-z._-]*){0,2}|v\\d{1,2}");
}
