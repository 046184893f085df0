package io.superlance.alert.channels;

import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.TestAlerts;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The channels Channels builds for two monitors (two builds) count their posts to one destination in one budget. */
class ChannelsBudgetTest {
    @TempDir
    Path state;

    @Test
    void twoMonitorsPostingToOneSlackWebhook_shareItsOneMessageASecond() throws Exception {
        try (MockWebServer slack = new MockWebServer()) {
            slack.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse().setBody("ok");
                }
            });
            slack.start();
            String url = slack.url("/services/T0/B0/SECRET").toString();
            ChannelSettings settings = new ChannelSettings("web1", null, List.of(), null, List.of(), List.of(), Duration.ofSeconds(5),
                    null, ChannelSettings.Secrets.NONE, new ChannelSettings.Chat(null, null,
                    new ChannelSettings.Slack(SecretSource.of("--slack-url", url, null)), null));
            Channel first = Channels.build(settings, Map.of(), state).get(0);
            Channel second = Channels.build(settings, Map.of(), state).get(0);
            first.send(TestAlerts.crash("web", "web-1", 1));
            DeliveryException spent = assertThrows(DeliveryException.class, () -> second.send(TestAlerts.crash("web", "web-1", 2)));
            assertTrue(spent.overBudget(), spent.getMessage());
            assertEquals(1, slack.getRequestCount());
            Thread.sleep(1100);
            second.send(TestAlerts.crash("web", "web-1", 2));
            assertEquals(2, slack.getRequestCount());
        }
    }
}
