package io.superlance.monitor;

import io.superlance.protocol.Event;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * heartbeat's pings to the external monitor: the success URL, or the failure URL (or {@code --fail-param})
 * with what is wrong, each cut to what servers take and ending before the next check is due.
 */
final class HeartbeatPings {
    /** How much failure text goes into a query parameter; URLs much longer are refused by some servers. */
    static final int MAX_QUERY_TEXT = 1000;
    /** How much failure text goes into a POST body (healthchecks.io keeps the first 10 KB). */
    static final int MAX_BODY_TEXT = 10_000;

    private final HeartbeatMonitor.Settings s;

    HeartbeatPings(HeartbeatMonitor.Settings settings) {
        this.s = settings;
    }

    /** All is well. */
    Action.Ping success() {
        return new Action.Ping(s.url(), s.method(), "", s.timeout(), s.retries(), budget(), false);
    }

    /** What is wrong, one problem a line. */
    Action.Ping failure(List<String> problems) {
        String text = "heartbeat on " + s.host() + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "\n" + String.join("\n", problems);
        if (s.failParam() != null) {
            String q = URLEncoder.encode(cut(text, MAX_QUERY_TEXT), StandardCharsets.UTF_8);
            String url = s.url() + (s.url().contains("?") ? "&" : "?") + s.failParam() + "=" + q;
            return new Action.Ping(url, s.method(), "", s.timeout(), s.retries(), budget(), true);
        }
        return new Action.Ping(s.failUrl(), s.method(), cut(text, MAX_BODY_TEXT), s.timeout(), s.retries(), budget(), true);
    }

    /** A ping's attempts end before the next check is due: the tick's period times --every. */
    private Duration budget() {
        return Event.Tick.period(s.tick()).multipliedBy(s.every());
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never half an emoji
        }
        return text.substring(0, end) + "…";
    }
}
