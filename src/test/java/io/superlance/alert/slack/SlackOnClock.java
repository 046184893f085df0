package io.superlance.alert.slack;

import io.superlance.alert.chat.Ticker;
import io.superlance.alert.webhook.HttpPoster;

import java.time.ZoneId;

/** For tests outside this package: the channel on a test's clock. */
public final class SlackOnClock {
    private SlackOnClock() {
    }

    public static SlackChannel channel(String url, String host, HttpPoster http, ZoneId zone, Ticker ticker) {
        return new SlackChannel(url, host, http, zone, ticker);
    }
}
