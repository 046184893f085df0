package io.superlance.alert.delivery;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.TestAlerts;
import io.superlance.alert.spool.Spool;
import io.superlance.alert.spool.SpoolEntry;
import io.superlance.log.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One channel's attempts, backoff and give-up, called directly: no threads, a fixed clock. */
class LaneTest {
    static final Instant T = Instant.parse("2026-11-21T05:00:00Z");
    static final RetryPolicy RETRY = new RetryPolicy(Duration.ofMillis(10),
            Duration.ofMillis(40), Duration.ofHours(1));

    final Spool spool = Spool.inMemory(100, List.of("c"));
    final TestChannel c = new TestChannel("c");
    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    Lane lane(Channel channel, Instant now) {
        return new Lane(channel, "c", RETRY, Clock.fixed(now, ZoneOffset.UTC), io.superlance.log.Log.of("c"));
    }

    /** The alerts as a lane gets them from the chooser: one message each. */
    Batch batch(String... ids) {
        List<List<SpoolEntry>> groups = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        for (String id : ids) {
            SpoolEntry e = spool.add(TestAlerts.crash(id, "web", T), null);
            groups.add(List.of(e));
            alerts.add(e.alert());
        }
        return new Batch(groups, alerts, 0);
    }

    String log() {
        return log.text();
    }

    @Test
    void failuresAreRetriedWithDoublingWaits_thenSent() {
        c.failFirst = 4;
        Lane lane = lane(c, T);
        Batch b = batch("a");
        List<Duration> waits = new ArrayList<>();
        Duration wait;
        while ((wait = lane.attempt(b)) != null) {
            waits.add(wait);
        }
        assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(40)), waits);
        assertEquals(List.of("a"), c.alerts().stream().map(Alert::id).toList());
        assertTrue(log().contains("alert a not sent via c (attempt 1): connection refused; retrying in 10 ms"), log());
        assertTrue(log().contains("alert a sent via c at attempt 5"), log());
    }

    @Test
    void afterASuccessTheNextAlertStartsAtAttemptOneAndTheShortestWait() {
        c.failFirst = 2;
        Lane lane = lane(c, T);
        Batch a = batch("a");
        lane.attempt(a);
        lane.attempt(a);
        assertNull(lane.attempt(a));
        c.failFirst = 4;
        assertEquals(Duration.ofMillis(10), lane.attempt(batch("b")));
        assertTrue(log().contains("alert b not sent via c (attempt 1)"), log());
    }

    @Test
    void aRefusalIsGivenUpAtOnce() {
        c.refuse = true;
        assertNull(lane(c, T).attempt(batch("a")));
        assertEquals(1, c.calls.get());
        assertTrue(log().contains("alert a given up via c after 1 attempt(s): 550 no such user (retrying cannot help)"), log());
    }

    @Test
    void aRateLimitAnswerIsRetriedNoSoonerThanTheServiceAsked() {
        Channel limited = new TestChannel("c") {
            @Override
            public void sendAll(List<Alert> alerts) throws io.superlance.alert.DeliveryException {
                throw new io.superlance.alert.DeliveryException("HTTP 429 Too Many Requests", Duration.ofSeconds(7));
            }
        };
        assertEquals(Duration.ofSeconds(7), lane(limited, T).attempt(batch("a")));
        assertTrue(log().contains("retrying in 7000 ms"), log());
    }

    @Test
    void anAlertOlderThanTheGiveUpAgeIsGivenUp() {
        c.failFirst = Integer.MAX_VALUE;
        Batch b = batch("a");
        assertEquals(Duration.ofMillis(10), lane(c, T.plus(Duration.ofMinutes(59))).attempt(b));
        assertNull(lane(c, T.plus(Duration.ofMinutes(61))).attempt(b));
        assertTrue(log().contains("alert a given up via c after 1 attempt(s): connection refused (older than the give-up age 1h)"), log());
    }

    @Test
    void anUnexpectedErrorIsGivenUp() {
        Channel broken = new TestChannel("c") {
            @Override
            public void send(Alert alert) {
                throw new IllegalStateException("bug in the channel");
            }
        };
        assertNull(lane(broken, T).attempt(batch("a")));
        assertTrue(log().contains("alert a given up via c after an unexpected error: bug in the channel"), log());
    }

    @Test
    void aChannelThatFoldsGetsTheWholeBatchInOneCall() {
        c.folds = true;
        assertNull(lane(c, T).attempt(batch("a", "b")));
        assertEquals(1, c.messages.size());
        assertEquals(List.of("a", "b"), c.messages.get(0).stream().map(Alert::id).toList());
        assertTrue(log().contains("alerts a, b (as 2 messages in one) sent via c"), log());
    }
}
