package io.superlance.alert;

import java.time.Duration;

/** Durations as people read them in alerts and log lines; cli/Durations reads what people write. */
public final class DurationText {
    private DurationText() {
    }

    /** {@code 750ms}, {@code 45s}, {@code 2m30s}, {@code 5m}, {@code 3h5m}, {@code 2d4h}: two units at most. */
    public static String of(Duration d) {
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long s = d.toSeconds();
        if (s == 0) {
            return d.toMillis() + "ms";
        }
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        if (s < 86400) {
            return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : s % 3600 / 60 + "m");
        }
        return s / 86400 + "d" + (s % 86400 / 3600 == 0 ? "" : s % 86400 / 3600 + "h");
    }
}
