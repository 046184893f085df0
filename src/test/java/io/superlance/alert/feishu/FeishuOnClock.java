package io.superlance.alert.feishu;

import io.superlance.alert.chat.Ticker;
import io.superlance.alert.webhook.HttpPoster;

import java.time.ZoneId;

/** For tests outside this package: the channel on a test's clock. */
public final class FeishuOnClock {
    private FeishuOnClock() {
    }

    public static FeishuChannel channel(String url, FeishuSigner signer, FeishuChannel.Format format, String host,
                                        HttpPoster http, ZoneId zone, Ticker ticker) {
        return new FeishuChannel(url, signer, format, host, http, zone, ticker);
    }
}
