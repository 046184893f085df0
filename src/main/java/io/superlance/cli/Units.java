package io.superlance.cli;

import io.superlance.monitor.RestartBudget;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes ({@code 200MB}) and restart budgets ({@code 3/1h}) as options take them; durations are {@link Durations}. */
final class Units {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmg]i?b?|b)?", Pattern.CASE_INSENSITIVE);

    private static final long MB = 1024 * 1024;

    private Units() {
    }

    /**
     * Bytes from {@code 1024}, {@code 100KB}, {@code 200MB}, {@code 1.5GB}: suffixes KB, MB, GB are powers
     * of 1024, as in supervisor's byte_size; case does not matter; K, M, G, KiB... are accepted too. A number
     * without a unit is bytes, and refused below 1 MB: no process lives in so little, so it is a unit forgotten.
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
        if (m.group(2) == null && value < MB) {
            // superlance read a bare number as bytes: -a 200 meant 200 bytes and restarted every process
            throw new ConfigException(option + ": '" + text.strip() + "' is " + text.strip()
                    + " bytes; give a unit, e.g. " + text.strip() + "MB (a number without a unit is bytes)");
        }
        if (value > Long.MAX_VALUE / 2) {
            throw new ConfigException(option + ": '" + text + "' is too large");
        }
        return (long) value;
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
        Duration window = Durations.inValue(option, text.substring(slash + 1));
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
