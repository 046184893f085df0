package io.superlance.cli;

import io.superlance.monitor.RestartBudget;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes ({@code 200MB}), durations ({@code 90}, {@code 5m}, {@code 1h30m}) and restart budgets ({@code 3/1h}) as options take them. */
final class Units {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmg]i?b?|b)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)([smhd]?)", Pattern.CASE_INSENSITIVE);

    private Units() {
    }

    /**
     * Bytes from {@code 1024}, {@code 100KB}, {@code 200MB}, {@code 1.5GB}: suffixes KB, MB, GB are powers
     * of 1024, as in supervisor's byte_size; case does not matter; K, M, G, KiB... are accepted too.
     */
    static long size(String option, String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new ConfigException(option + ": '" + text + "' is not a size (e.g. 500KB, 200MB, 2GB, or bytes)");
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long multiplier = switch (unit.charAt(0)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        double value = Double.parseDouble(m.group(1)) * multiplier;
        if (value > Long.MAX_VALUE / 2) {
            throw new ConfigException(option + ": '" + text + "' is too large");
        }
        return (long) value;
    }

    /** Seconds from {@code 90}, {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d}, {@code 1h30m}. */
    static Duration duration(String option, String text) {
        String t = text.strip();
        Matcher m = DURATION_PART.matcher(t);
        double seconds = 0;
        int at = 0;
        while (at < t.length() && m.find(at) && m.start() == at && m.end() > at) {
            double v = Double.parseDouble(m.group(1));
            seconds += v * switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "m" -> 60;
                case "h" -> 3600;
                case "d" -> 86400;
                default -> 1;
            };
            at = m.end();
            if (m.group(2).isEmpty() && at < t.length()) {
                break; // a bare number only at the end
            }
        }
        if (t.isEmpty() || at != t.length()) {
            throw new ConfigException(option + ": '" + text + "' is not a duration (e.g. 90, 30s, 5m, 2h, 1d)");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** {@code N/DURATION}, e.g. {@code 3/1h}: at most N restarts of one program within DURATION. */
    static RestartBudget.Limit restartLimit(String option, String text) {
        int slash = text.indexOf('/');
        if (slash <= 0) {
            throw new ConfigException(option + ": '" + text + "' is not N/DURATION (e.g. 3/1h)");
        }
        int n;
        try {
            n = Integer.parseInt(text.substring(0, slash).strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(option + ": '" + text + "' is not N/DURATION (e.g. 3/1h)");
        }
        if (n < 1) {
            throw new ConfigException(option + ": N must be at least 1 in '" + text + "'");
        }
        Duration window = duration(option, text.substring(slash + 1));
        if (window.isZero()) {
            throw new ConfigException(option + ": the duration must be positive in '" + text + "'");
        }
        return new RestartBudget.Limit(n, window, text.strip());
    }

    /** {@code NAME=SIZE} of memmon's -p and -g; NAME may be {@code group:name}. */
    static String[] nameAndSize(String option, String text) {
        int eq = text.lastIndexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new ConfigException(option + ": '" + text + "' is not NAME=SIZE (e.g. web=200MB)");
        }
        return new String[]{text.substring(0, eq).strip(), text.substring(eq + 1).strip()};
    }
}
