package io.superlance.alert.chat;

import io.superlance.alert.DeliveryException;
import io.superlance.alert.DurationText;
import io.superlance.log.Log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A destination's budget of sends: at most {@link Rule#limit} in any window of {@link Rule#window}, for
 * each of its rules (Feishu has two: a minute's and a second's), kept as a log of recent send times in
 * wall-clock milliseconds. Chat robots have such budgets whoever sends: DingTalk allows a robot 20
 * messages a minute and then blocks it (errcode 130101) for ten minutes.
 * <p>
 * Kept in memory, or in a file that every listener process of the host using the same state directory
 * reads and writes under a lock (see {@link RateBudgets}), so they share the budget. A file that cannot be
 * used leaves the budget to this process alone (one warning).
 */
public final class RateLimiter {
    /** At most {@code limit} sends in any {@code window}. */
    public record Rule(int limit, Duration window) {
        public Rule {
            if (limit < 1 || window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("a budget needs a positive limit and window");
            }
        }
    }

    /** In-JVM guards of each budget file: a JVM cannot lock the same file twice through two channels. */
    private static final ConcurrentHashMap<Path, Object> FILE_GUARDS = new ConcurrentHashMap<>();

    private final List<Rule> rules;
    private final long keepMillis;
    private final Path file;
    /** The log when there is no file (or it failed): send times, oldest first. */
    private final List<Long> sent = new ArrayList<>();
    private boolean fileFailed;

    /** An in-memory budget of one rule. */
    public RateLimiter(int limit, Duration window) {
        this(List.of(new Rule(limit, window)), null);
    }

    /** @param file where the log is shared with other processes; null to keep it in this process */
    public RateLimiter(List<Rule> rules, Path file) {
        this.rules = List.copyOf(rules);
        this.keepMillis = this.rules.stream().mapToLong(r -> r.window().toMillis()).max().orElse(0);
        this.file = file == null ? null : file.toAbsolutePath().normalize();
    }

    public List<Rule> rules() {
        return rules;
    }

    /** What the budget allows, e.g. {@code 19 messages a minute}, for log lines. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Rule r : rules) {
            parts.add(r.limit() + " per " + DurationText.of(r.window()));
        }
        return String.join(" and ", parts);
    }

    /**
     * Takes one slot if there is one.
     * @param nowMillis the wall clock
     * @return zero when taken, else how long until a slot frees up
     */
    public Duration tryAcquire(long nowMillis) {
        return tryAcquire(nowMillis, 1);
    }

    /**
     * Takes {@code count} slots if there are that many, else none: for a message that needs several posts.
     * @return zero when taken, else how long until enough slots free up
     */
    public synchronized Duration tryAcquire(long nowMillis, int count) {
        if (file == null || fileFailed) {
            return decide(sent, nowMillis, count);
        }
        synchronized (FILE_GUARDS.computeIfAbsent(file, f -> new Object())) {
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                // FileChannel.open says why
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                List<Long> log = read(ch);
                Duration wait = decide(log, nowMillis, count);
                write(ch, log);
                return wait;
            } catch (IOException | RuntimeException e) {
                fileFailed = true;
                Log.warn("cannot share the budget of " + describe() + " through " + file + " (" + Log.describe(e)
                        + "): this process keeps it alone; other processes posting to the same destination may exceed it");
                return decide(sent, nowMillis, count);
            }
        }
    }

    /**
     * Takes a slot for a message of {@code posts} posts, or says when to try again.
     * @param destination what the budget is of, for the message, e.g. {@code this DingTalk robot}
     * @throws DeliveryException {@link DeliveryException#overBudget} with the wait
     */
    public void take(long nowMillis, int posts, String destination) throws DeliveryException {
        Duration wait = tryAcquire(nowMillis, posts);
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            throw DeliveryException.overBudget("the budget of " + describe() + " for " + destination
                    + " is spent; what waits goes out folded in " + seconds + " s", Duration.ofSeconds(seconds));
        }
    }

    /** Takes {@code count} slots from {@code log} (changing it) if every rule allows it, else the wait. */
    private Duration decide(List<Long> log, long now, int count) {
        // a clock set back: a send "in the future" counts as now, so the budget holds for one window at most
        log.replaceAll(t -> Math.min(t, now));
        log.removeIf(t -> now - t >= keepMillis);
        log.sort(null);
        long waitMillis = 0;
        for (Rule r : rules) {
            long window = r.window().toMillis();
            List<Long> inWindow = log.stream().filter(t -> now - t < window).toList();
            int over = inWindow.size() + count - r.limit();
            if (over > 0 && !inWindow.isEmpty()) {
                // the over-th oldest send in the window must leave it first (a message of more posts than
                // the limit waits for an empty window)
                long freedAt = inWindow.get(Math.min(over, inWindow.size()) - 1) + window;
                waitMillis = Math.max(waitMillis, freedAt - now);
            }
        }
        if (waitMillis > 0) {
            return Duration.ofMillis(waitMillis);
        }
        for (int i = 0; i < count; i++) {
            log.add(now);
        }
        return Duration.ZERO;
    }

    private static List<Long> read(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 1 << 16));
        ch.read(buf, 0);
        List<Long> log = new ArrayList<>();
        for (String line : new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).split("\n")) {
            try {
                log.add(Long.parseLong(line.strip()));
            } catch (NumberFormatException e) {
                // an empty file, or a line cut by a crash: that send is forgotten
            }
        }
        return log;
    }

    private static void write(FileChannel ch, List<Long> log) throws IOException {
        StringBuilder b = new StringBuilder();
        for (long t : log) {
            b.append(t).append('\n');
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.US_ASCII)), 0);
    }
}
