package io.superlance.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way a URL is written where people or files keep it (log lines, channel names, spool entries):
 * secrets replaced by {@value #MASK}. Query values, user info and path segments that look like tokens
 * (Slack's {@code /services/T000/B000/SECRET}, a healthchecks.io UUID, Telegram's {@code bot123:ABC})
 * are secrets; the scheme, host, port and the words of the path stay, so a reader knows which endpoint.
 * A URL that cannot be parsed is never echoed.
 */
public final class Redacted {
    public static final String MASK = "***";
    /** Shown instead of a URL that cannot be parsed: any part of it might be the secret. */
    public static final String BAD_URL = "(a URL that cannot be parsed)";
    /** A path segment at least this long that has a digit or a capital is taken for a token. */
    private static final int TOKEN_LENGTH = 16;

    private Redacted() {
    }

    /** {@code url} with its secrets masked. */
    public static String url(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            return BAD_URL;
        }
        if (u.getScheme() == null || u.getRawAuthority() == null) {
            return BAD_URL;
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

    /** Long enough, and with a digit or a capital: a token or an id, not words like "webhook-receiver". */
    static boolean tokenLike(String segment) {
        if (segment.length() < TOKEN_LENGTH) {
            return false;
        }
        boolean digit = false;
        boolean upper = false;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            digit |= c >= '0' && c <= '9';
            upper |= c >= 'A' && c <= 'Z';
        }
        return digit || upper;
    }
}
