package io.superlance.alert.dingtalk;

import io.superlance.alert.chat.RateLimiter;
import io.superlance.alert.chat.Ticker;
import io.superlance.alert.webhook.HttpPoster;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/** For tests outside this package: the channel on a test's clock, with the budget it has in production. */
public final class DingTalkOnClock {
    private DingTalkOnClock() {
    }

    public static DingTalkChannel channel(String url, DingTalkSigner signer, List<String> atMobiles, boolean atAll, String host,
                                          HttpPoster http, ZoneId zone, Ticker ticker) {
        return new DingTalkChannel(url, signer, atMobiles, atAll, host, http, zone,
                new RateLimiter(DingTalkChannel.PER_MINUTE, Duration.ofMinutes(1)), ticker);
    }
}
