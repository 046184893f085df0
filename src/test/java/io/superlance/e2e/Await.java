package io.superlance.e2e;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polling for what a test waits on: a file, a log line, a process state. */
public final class Await {
    private static final long POLL_MS = 50;

    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private Await() {
    }

    /** Waits until {@code done} holds; else fails with what {@code failure} says then. */
    public static void until(Duration timeout, Condition done, Callable<String> failure) throws Exception {
        until(timeout, Duration.ZERO, () -> { }, done, failure);
    }

    /**
     * Runs {@code each} (e.g. a tick to a listener) every {@code period}, starting now, until {@code done}
     * holds; else fails with what {@code failure} says then.
     */
    public static void until(Duration timeout, Duration period, Step each, Condition done, Callable<String> failure)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long next = System.nanoTime();
        while (true) {
            if (System.nanoTime() - next >= 0) {
                each.run();
                next = System.nanoTime() + period.toNanos();
            }
            if (done.holds()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + failure.call());
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** Waits until {@code text} holds {@code needle} at least {@code count} times. */
    public static void count(Callable<String> text, String needle, int count, Duration timeout) throws Exception {
        until(timeout, () -> occurrences(text.call(), needle) >= count,
                () -> "'" + needle + "' " + count + " time(s) in:\n" + text.call());
    }

    /**
     * Waits until {@code url} answers a GET with 200: a web program supervisord calls RUNNING (after its
     * {@code startsecs}) may not listen yet on a loaded machine, and an httpok check then would alert.
     */
    public static void serving(String url, Duration timeout) throws Exception {
        until(timeout, () -> {
            try {
                java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(1000);
                try {
                    return c.getResponseCode() == 200;
                } finally {
                    c.disconnect();
                }
            } catch (java.io.IOException notYet) {
                return false;
            }
        }, () -> url + " does not answer 200");
    }

    public static int occurrences(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
