package io.superlance.alert.mail;

import java.time.Duration;

/**
 * Where and how to reach an SMTP server.
 * @param user     null for no authentication
 * @param password null when there is no user
 */
public record SmtpSettings(String host, int port, Tls tls, String user, String password, Duration timeout) {

    /** {@code none}: plain; {@code starttls}: upgrade, required; {@code smtps}: TLS from the first byte. */
    public enum Tls { NONE, STARTTLS, SMTPS }

    /** Parses {@code HOST} or {@code HOST:PORT} (also {@code [v6]:PORT}), as Python's smtplib accepts. */
    public static SmtpSettings of(String hostAndPort, Tls tls, String user, String password, Duration timeout) {
        String host = hostAndPort.strip();
        int port = tls == Tls.SMTPS ? 465 : 25;
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(':') == colon || host.startsWith("[") && colon > host.indexOf(']')) {
            String p = host.substring(colon + 1);
            try {
                port = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad SMTP port '" + p + "' in '" + hostAndPort + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("SMTP port out of range in '" + hostAndPort + "'");
            }
            host = host.substring(0, colon);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no SMTP host in '" + hostAndPort + "'");
        }
        return new SmtpSettings(host, port, tls, user, password, timeout);
    }

    @Override
    public String toString() {
        // never the password
        return "SmtpSettings[" + host + ":" + port + ", " + tls + (user == null ? "" : ", user " + user) + "]";
    }
}
