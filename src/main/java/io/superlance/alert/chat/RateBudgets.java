package io.superlance.alert.chat;

import io.superlance.alert.Hashes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One budget per destination ({@link RateLimiter}): every channel of this process that posts to the same
 * robot, whichever monitor it serves, gets the same one. With a state directory, each budget is also a
 * file there ({@value #DIR}/SERVICE-HASH, named by a hash of the destination, never the secret itself), so
 * the listener processes of the host that use the same state directory share it too.
 */
public final class RateBudgets {
    /** Where in the state directory the budgets' files are. */
    public static final String DIR = ".rate-budgets";

    /** DingTalk allows 20 a minute per robot and then blocks it for 10 minutes: we stay at 19. */
    public static final List<RateLimiter.Rule> DINGTALK = List.of(new RateLimiter.Rule(19, Duration.ofMinutes(1)));
    /** WeCom allows 20 a minute per robot (errcode 45009 above it): we stay at 19. */
    public static final List<RateLimiter.Rule> WECOM = List.of(new RateLimiter.Rule(19, Duration.ofMinutes(1)));
    /** Feishu allows 100 a minute and 5 a second per bot (code 11232 above it): we stay at 99 and 4. */
    public static final List<RateLimiter.Rule> FEISHU = List.of(new RateLimiter.Rule(99, Duration.ofMinutes(1)),
            new RateLimiter.Rule(4, Duration.ofSeconds(1)));
    /** Slack allows about one message a second per incoming webhook. */
    public static final List<RateLimiter.Rule> SLACK = List.of(new RateLimiter.Rule(1, Duration.ofSeconds(1)));
    /** Telegram allows a bot 20 messages a minute to one group: we stay at 19. */
    public static final List<RateLimiter.Rule> TELEGRAM = List.of(new RateLimiter.Rule(19, Duration.ofMinutes(1)));

    private static final Map<Path, RateBudgets> BY_STATE_DIR = new HashMap<>();
    private static final RateBudgets IN_PROCESS = new RateBudgets(null);

    private final Path dir;
    private final Map<String, RateLimiter> budgets = new HashMap<>();

    /** @param stateDir the state directory the budgets' files go under; null to keep them in this registry only */
    public RateBudgets(Path stateDir) {
        this.dir = stateDir == null ? null : stateDir.resolve(DIR);
    }

    /** This process's registry for {@code stateDir} (null: the one kept in memory), shared by every monitor. */
    public static RateBudgets of(Path stateDir) {
        if (stateDir == null) {
            return IN_PROCESS;
        }
        synchronized (BY_STATE_DIR) {
            return BY_STATE_DIR.computeIfAbsent(stateDir.toAbsolutePath().normalize(), RateBudgets::new);
        }
    }

    /**
     * The budget of one destination.
     * @param service     e.g. {@code dingtalk}: part of the file's name
     * @param destination what tells the destination apart (its URL without signing parameters, its token and
     *                    chat); only its hash is written anywhere
     */
    public synchronized RateLimiter budget(String service, String destination, List<RateLimiter.Rule> rules) {
        String name = service + "-" + Hashes.of(destination);
        return budgets.computeIfAbsent(name, n -> new RateLimiter(rules, file(n)));
    }

    private Path file(String name) {
        return dir == null ? null : dir.resolve(name);
    }

    /** A DingTalk robot's URL without the {@code timestamp} and {@code sign} that signing adds to each post. */
    public static String withoutSigning(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        StringBuilder kept = new StringBuilder();
        for (String param : url.substring(q + 1).split("&")) {
            if (!param.startsWith("timestamp=") && !param.startsWith("sign=") && !param.isEmpty()) {
                kept.append(kept.length() == 0 ? "?" : "&").append(param);
            }
        }
        return url.substring(0, q) + kept;
    }
}
