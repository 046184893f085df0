package io.superlance.alert.chat;

import io.superlance.alert.DeliveryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {
    private static final long S = 1000L;
    private static final long T0 = 1_780_000_000_000L;

    @Test
    void severalSlotsAreTakenTogetherOrNotAtAll() {
        RateLimiter budget = new RateLimiter(3, Duration.ofMinutes(1));
        assertEquals(Duration.ZERO, budget.tryAcquire(T0));
        assertEquals(Duration.ZERO, budget.tryAcquire(T0 + 10 * S));
        assertEquals(Duration.ofSeconds(40), budget.tryAcquire(T0 + 20 * S, 2), "needs the oldest slot back: at 0 s + 60 s");
        assertEquals(Duration.ZERO, budget.tryAcquire(T0 + 20 * S), "the failed pair took nothing");
        assertEquals(Duration.ofSeconds(50), budget.tryAcquire(T0 + 20 * S, 2), "needs the two oldest back: at 10 s + 60 s");
        assertEquals(Duration.ZERO, budget.tryAcquire(T0 + 70 * S, 2));
    }

    @Test
    void everyRuleHolds_feishusMinuteAndSecond() {
        RateLimiter budget = new RateLimiter(RateBudgets.FEISHU, null);
        for (int i = 0; i < 4; i++) {
            assertEquals(Duration.ZERO, budget.tryAcquire(T0 + i));
        }
        assertEquals(Duration.ofMillis(996), budget.tryAcquire(T0 + 4), "the fifth in a second waits for the first to leave it");
        long sent = 4;
        for (long t = T0 + 1000; sent < 99; t += 250) {
            if (budget.tryAcquire(t).isZero()) {
                sent++;
            }
        }
        Duration wait = budget.tryAcquire(T0 + 59_000);
        assertTrue(wait.compareTo(Duration.ZERO) > 0, "the 100th in a minute waits");
    }

    @Test
    void aClockSetBack_holdsTheBudgetForOneWindowNotLonger() {
        RateLimiter budget = new RateLimiter(1, Duration.ofMinutes(1));
        assertEquals(Duration.ZERO, budget.tryAcquire(T0 + 3600 * S));
        assertEquals(Duration.ofMinutes(1), budget.tryAcquire(T0), "a send an hour ahead counts as now");
        assertEquals(Duration.ZERO, budget.tryAcquire(T0 + 60 * S));
    }

    @Test
    void aSpentBudget_isNoFailureButAWait() {
        RateLimiter budget = new RateLimiter(RateBudgets.DINGTALK, null);
        for (int i = 0; i < 19; i++) {
            assertEquals(Duration.ZERO, budget.tryAcquire(T0 + i * S));
        }
        DeliveryException spent = assertThrows(DeliveryException.class, () -> budget.take(T0 + 30 * S, 1, "this robot"));
        assertTrue(spent.overBudget() && spent.retryable());
        assertEquals(Duration.ofSeconds(30), spent.retryAfter());
        assertTrue(spent.getMessage().contains("19 per 1m for this robot"), spent.getMessage());
    }

    @Test
    void monitorsOfOneProcess_postingToOneRobot_shareItsBudget() {
        RateBudgets budgets = new RateBudgets(null);
        RateLimiter a = budgets.budget("dingtalk", RateBudgets.withoutSigning(
                "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1&sign=x"), RateBudgets.DINGTALK);
        RateLimiter b = budgets.budget("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=abc", RateBudgets.DINGTALK);
        RateLimiter other = budgets.budget("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=def", RateBudgets.DINGTALK);
        for (int i = 0; i < 19; i++) {
            assertEquals(Duration.ZERO, (i % 2 == 0 ? a : b).tryAcquire(T0 + i));
        }
        assertTrue(b.tryAcquire(T0 + 100).compareTo(Duration.ZERO) > 0, "the 20th post to the robot waits, whoever sends it");
        assertEquals(Duration.ZERO, other.tryAcquire(T0 + 100), "another robot has a budget of its own");
    }

    @Test
    void processesSharingAStateDirectory_shareTheBudgetThroughItsFile(@TempDir Path state) throws Exception {
        String robot = "https://oapi.dingtalk.com/robot/send?access_token=SECRETTOKEN";
        // two registries on one directory: what two listener processes have; nothing in memory is shared
        RateLimiter first = new RateBudgets(state).budget("dingtalk", robot, RateBudgets.DINGTALK);
        RateLimiter second = new RateBudgets(state).budget("dingtalk", robot, RateBudgets.DINGTALK);
        for (int i = 0; i < 10; i++) {
            assertEquals(Duration.ZERO, first.tryAcquire(T0 + i * S));
        }
        for (int i = 10; i < 19; i++) {
            assertEquals(Duration.ZERO, second.tryAcquire(T0 + i * S));
        }
        assertEquals(Duration.ofSeconds(41), second.tryAcquire(T0 + 19 * S), "the 20th waits until the first send is a minute old");
        assertEquals(Duration.ofSeconds(41), first.tryAcquire(T0 + 19 * S));
        assertEquals(Duration.ZERO, first.tryAcquire(T0 + 60 * S));

        List<Path> files;
        try (var list = Files.list(state.resolve(RateBudgets.DIR))) {
            files = list.toList();
        }
        assertEquals(1, files.size(), files.toString());
        String name = files.get(0).getFileName().toString();
        assertTrue(name.startsWith("dingtalk-") && !name.contains("SECRET"), "the file is named by a hash: " + name);
        assertTrue(!Files.readString(files.get(0)).contains("SECRET"), "the file holds times only");
    }

    @Test
    void aStateDirectoryThatCannotBeUsed_leavesTheBudgetToThisProcess(@TempDir Path state) throws Exception {
        Path notADir = state.resolve("file");
        Files.writeString(notADir, "x");
        RateLimiter budget = new RateBudgets(notADir).budget("slack", "https://hooks.slack.com/services/T/B/C", RateBudgets.SLACK);
        assertEquals(Duration.ZERO, budget.tryAcquire(T0));
        assertEquals(Duration.ofSeconds(1), budget.tryAcquire(T0), "still one a second, in memory");
    }
}
