package io.superlance.alert.telegram;

import io.superlance.alert.chat.Ticker;
import io.superlance.alert.webhook.HttpPoster;

import java.time.ZoneId;

/** For tests outside this package: the channel on a test's clock. */
public final class TelegramOnClock {
    private TelegramOnClock() {
    }

    public static TelegramChannel channel(String api, String token, String chat, String host, HttpPoster http, ZoneId zone,
                                          Ticker ticker) {
        return new TelegramChannel(api, token, chat, host, http, zone, ticker);
    }
}
