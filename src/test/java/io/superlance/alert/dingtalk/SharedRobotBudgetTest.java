package io.superlance.alert.dingtalk;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Channel;
import io.superlance.alert.chat.RateBudgets;
import io.superlance.alert.chat.RateLimiter;
import io.superlance.alert.chat.Ticker;
import io.superlance.alert.delivery.RetryPolicy;
import io.superlance.alert.delivery.SteppedQueue;
import io.superlance.alert.webhook.HttpPoster;
import io.superlance.protocol.ProcessId;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four monitors of one listener post to one DingTalk robot during a crash storm of 40 crashes in a minute.
 * The robot stands in for DingTalk's documented limit: 20 messages a minute, whoever sends them; above it,
 * errcode 130101 and the robot refuses everything for 10 minutes. Time is the test's own.
 */
class SharedRobotBudgetTest {
    private static final long T0 = Instant.parse("2026-11-21T05:00:00Z").toEpochMilli();
    private final AtomicLong now = new AtomicLong(T0);
    private final Ticker ticker = new Ticker() {
        @Override
        public long nanos() {
            return (now.get() - T0) * 1_000_000;
        }

        @Override
        public long millis() {
            return now.get();
        }
    };
    private MockWebServer server;
    private Robot robot;
    private String url;

    /** DingTalk's robot as documented: 20 a minute, then blocked for 10 minutes. */
    private final class Robot extends Dispatcher {
        final List<Long> accepted = new ArrayList<>();
        long blockedUntil;
        int refused;

        @Override
        public synchronized MockResponse dispatch(RecordedRequest r) {
            long t = now.get();
            if (t < blockedUntil) {
                refused++;
                return reply(130101);
            }
            if (accepted.stream().filter(a -> t - a < 60_000).count() >= 20) {
                blockedUntil = t + Duration.ofMinutes(10).toMillis();
                refused++;
                return reply(130101);
            }
            accepted.add(t);
            return reply(0);
        }

        private MockResponse reply(int errcode) {
            return new MockResponse().setHeader("Content-Type", "application/json")
                    .setBody("{\"errcode\":" + errcode + ",\"errmsg\":\"" + (errcode == 0 ? "ok" : "send too fast, exceed 20 times per minute") + "\"}");
        }

        synchronized int mostInAMinute() {
            int most = 0;
            for (long a : accepted) {
                most = Math.max(most, (int) accepted.stream().filter(b -> b >= a && b - a < 60_000).count());
            }
            return most;
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        robot = new Robot();
        server.setDispatcher(robot);
        server.start();
        url = server.url("/robot/send?access_token=ROBOTTOKEN").toString();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void fourMonitorsShareTheRobotsBudget_everyCrashArrivesWithin70s_neverPenalised(@TempDir Path state) {
        RateBudgets budgets = RateBudgets.of(state);
        // the URL each post goes to carries its own timestamp and sign: the budget is the robot's
        Map<Integer, Long> delivered = storm(m -> budgets.budget("dingtalk",
                RateBudgets.withoutSigning(url + "&timestamp=" + m + "&sign=x"), RateBudgets.DINGTALK));

        assertEquals(0, robot.refused, "the robot never answered 130101");
        assertTrue(robot.mostInAMinute() <= 20, "posts in a minute: " + robot.mostInAMinute());
        assertEquals(40, delivered.size(), "every crash is in a message");
        long latest = delivered.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(latest <= 70_000, "the longest a crash waited: " + latest + " ms");
    }

    @Test
    void withABudgetPerMonitor_theRobotIsBlockedAndAlertsComeTenMinutesLate() {
        // what four monitors did when each kept its own 19 a minute
        Map<Integer, Long> delivered = storm(m -> new RateLimiter(RateBudgets.DINGTALK, null));
        assertTrue(robot.refused > 0);
        long latest = delivered.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(latest > Duration.ofMinutes(9).toMillis(), "the longest a crash waited: " + latest + " ms");
    }

    /** 40 crashes at random times in one minute, to four monitors in turn; when each crash was delivered, after it happened. */
    private Map<Integer, Long> storm(IntFunction<RateLimiter> budgetOfMonitor) {
        RetryPolicy retry = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofHours(24));
        List<SteppedQueue> monitors = new ArrayList<>();
        for (int m = 0; m < 4; m++) {
            Channel robotChannel = new DingTalkChannel(url, null, List.of(), false, "web1", new HttpPoster(Duration.ofSeconds(5)),
                    ZoneOffset.UTC, budgetOfMonitor.apply(m), ticker);
            monitors.add(new SteppedQueue(List.of(robotChannel), retry, now::get));
        }
        Random random = new Random(22);
        long[] crashAt = new long[40];
        for (int i = 0; i < 40; i++) {
            crashAt[i] = T0 + (i == 0 ? 0 : random.nextInt(60_000));
        }
        java.util.Arrays.sort(crashAt);
        Map<String, Integer> crashOfId = new HashMap<>();
        Map<Integer, Long> delivered = new HashMap<>();
        int next = 0;
        for (long t = T0; t <= T0 + Duration.ofMinutes(15).toMillis(); t += 100) {
            now.set(t);
            while (next < 40 && crashAt[next] <= t) {
                Alert crash = Alert.of("crashmail", AlertKind.PROCESS_CRASHED, Instant.ofEpochMilli(t))
                        .subject("w" + next % 5 + " crashed").body("Process w" + next % 5 + " exited unexpectedly (pid " + next + ")")
                        .process(new ProcessId("w" + next % 5, "w" + next % 5)).pid(next).state("EXITED").build();
                crashOfId.put(crash.id(), next);
                monitors.get(next % 4).submit(crash);
                next++;
            }
            long at = t;
            for (SteppedQueue q : monitors) {
                q.step(alerts -> alerts.forEach(a -> delivered.put(crashOfId.get(a.id()), at - crashAt[crashOfId.get(a.id())])));
            }
        }
        for (SteppedQueue q : monitors) {
            assertEquals(0, q.givenUp(), "no alert given up");
            assertEquals(0, q.pending(), "nothing left waiting");
        }
        return delivered;
    }
}
