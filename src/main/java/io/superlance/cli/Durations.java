package io.superlance.cli;

import picocli.CommandLine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of every option: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 2d},
 * combinations from the largest unit down ({@code 1h30m}, {@code 1m30s}), fractions ({@code 1.5h}), suffixes
 * in any case; a bare number is in the unit the option documents (seconds for most, minutes for the batch
 * commands' {@code -i}, as superlance had them). Kept to the millisecond, as every consumer counts.
 */
final class Durations {
    /** Units, smallest first: a combination must name them from the largest down, each once. */
    private static final String[] UNITS = {"ms", "s", "m", "h", "d"};
    private static final long[] UNIT_MILLIS = {1, 1000, 60_000, 3_600_000, 86_400_000};
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ms|s|m|h|d)?");
    /** Most milliseconds a duration may hold: consumers count in nanoseconds, and a long holds 292 years of them. */
    private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000;

    private Durations() {
    }

    /**
     * @param bareUnit the unit of a bare number: {@link ChronoUnit#SECONDS} or {@link ChronoUnit#MINUTES}
     * @throws IllegalArgumentException with a one-line message that quotes {@code text}
     */
    static Duration parse(String text, ChronoUnit bareUnit) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = PART.matcher(t);
        BigDecimal millis = BigDecimal.ZERO;
        int at = 0;
        int lastUnit = UNITS.length;
        while (at < t.length()) {
            m.region(at, t.length());
            if (!m.lookingAt()) {
                throw notADuration(text, bareUnit);
            }
            BigDecimal number = new BigDecimal(m.group(1));
            if (m.group(2) == null) {
                if (at > 0 || m.end() < t.length()) {
                    throw notADuration(text, bareUnit); // a bare number stands alone: is 1h30 minutes or seconds?
                }
                millis = number.multiply(BigDecimal.valueOf(bareUnit.getDuration().toMillis()));
            } else {
                int unit = unitIndex(m.group(2));
                if (unit >= lastUnit) {
                    throw new IllegalArgumentException("'" + text + "' is not a duration: name units from the largest down, "
                            + "each once (e.g. 1h30m)");
                }
                lastUnit = unit;
                millis = millis.add(number.multiply(BigDecimal.valueOf(UNIT_MILLIS[unit])));
            }
            at = m.end();
        }
        if (at == 0) {
            throw notADuration(text, bareUnit);
        }
        BigDecimal rounded = millis.setScale(0, RoundingMode.HALF_UP);
        if (rounded.compareTo(BigDecimal.valueOf(MAX_MILLIS)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too long (at most " + MAX_MILLIS / UNIT_MILLIS[4] + "d)");
        }
        return Duration.ofMillis(rounded.longValueExact());
    }

    /**
     * A duration inside another option's value ({@code 3/1h}, {@code sync=125m}): it names its unit, since
     * none of these options came from superlance and {@code --within job=2} read as 2 seconds is a trap.
     * @param option named in the error, e.g. {@code --within sync}
     */
    static Duration inValue(String option, String text) {
        if (text.strip().matches("[\\d.]+")) {
            throw new ConfigException(option + ": '" + text + "' needs a unit (e.g. " + text.strip() + "m, "
                    + text.strip() + "h, " + text.strip() + "s)");
        }
        try {
            return parse(text, ChronoUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option + ": " + e.getMessage());
        }
    }

    private static int unitIndex(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        throw new IllegalStateException(unit); // PART matches only these
    }

    private static IllegalArgumentException notADuration(String text, ChronoUnit bareUnit) {
        return new IllegalArgumentException("'" + text + "' is not a duration: a number of "
                + bareUnit.toString().toLowerCase(Locale.ROOT) + ", or e.g. 500ms, 30s, 5m, 1h30m, 2d");
    }

    /** The picocli converter of duration options whose bare numbers are seconds. Public: picocli instantiates it. */
    public static class Seconds implements CommandLine.ITypeConverter<Duration> {
        private final ChronoUnit bareUnit;

        public Seconds() {
            this(ChronoUnit.SECONDS);
        }

        Seconds(ChronoUnit bareUnit) {
            this.bareUnit = bareUnit;
        }

        @Override
        public Duration convert(String value) {
            try {
                return parse(value, bareUnit);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** For the batch commands' {@code -i}: a bare number is minutes, fractions allowed, as in superlance. */
    public static final class Minutes extends Seconds {
        public Minutes() {
            super(ChronoUnit.MINUTES);
        }
    }
}
