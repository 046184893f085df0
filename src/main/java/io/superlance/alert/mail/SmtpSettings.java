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

    /** Parses {@code HOST}, {@code HOST:PORT} or {@code [IPV6]:PORT}, as Python's smtplib accepts them. */
    public static SmtpSettings of(String hostAndPort, Tls tls, String user, String password, Duration timeout) {
        String host = hostAndPort.strip();
        int port = tls == Tls.SMTPS ? 465 : 25;
        String portText = null;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0 || close + 1 < host.length() && host.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("cannot read '" + hostAndPort + "' as [ADDRESS]:PORT");
            }
            portText = close + 1 < host.length() ? host.substring(close + 2) : null;
            host = host.substring(1, close);
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            portText = host.substring(host.indexOf(':') + 1);
            host = host.substring(0, host.indexOf(':'));
        }
        if (portText != null) {
            port = port(portText, hostAndPort);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no SMTP host in '" + hostAndPort + "'");
        }
        return new SmtpSettings(host, port, tls, user, password, timeout);
    }

    private static int port(String text, String whole) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad SMTP port '" + text + "' in '" + whole + "'");
    }

    @Override
    public String toString() {
        // never the password
        return "SmtpSettings[" + host + ":" + port + ", " + tls + (user == null ? "" : ", user " + user) + "]";
    }
}
