package io.superlance.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code Authorization} header values, and the credentials a URL carries as {@code user:password@}: no HTTP
 * client sends those by itself, so they are taken out of the URL and sent as basic auth. Without okhttp,
 * which must not load at start-up.
 */
public final class Authorization {
    private Authorization() {
    }

    /** A URL without its user info, and the header that logs in with it (null when it had none). */
    public record Split(String url, String header) {
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** @param userColonPassword as in a URL or a file: {@code USER:PASSWORD} */
    public static String basic(String userColonPassword) {
        int colon = userColonPassword.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("basic auth needs USER:PASSWORD");
        }
        return basic(userColonPassword.substring(0, colon), userColonPassword.substring(colon + 1));
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /**
     * Splits {@code https://user:pass@host/path} into {@code https://host/path} and basic auth for user and
     * pass (percent-decoded, as browsers and curl do). A URL without user info comes back as it is.
     * @throws IllegalArgumentException for a URL that cannot be parsed (the message quotes it with its secrets masked)
     */
    public static Split fromUrl(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + Redacted.url(url) + "' is not a URL (" + e.getReason() + " at character "
                    + (e.getIndex() + 1) + ")");
        }
        String info = u.getRawUserInfo();
        if (info == null) {
            return new Split(url, null);
        }
        int colon = info.indexOf(':');
        String user = decode(colon < 0 ? info : info.substring(0, colon));
        String password = colon < 0 ? "" : decode(info.substring(colon + 1));
        int at = url.indexOf('@', url.indexOf("//") + 2);
        return new Split(url.substring(0, url.indexOf("//") + 2) + url.substring(at + 1), basic(user, password));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
