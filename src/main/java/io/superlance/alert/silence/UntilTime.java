package io.superlance.alert.silence;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * {@code --until TIME}: {@code HH:MM} (or {@code HH:MM:SS}) is the next such time, today or else tomorrow,
 * on this host's clock; {@code 2026-12-07T18:00} (a {@code T} or a space) is that local time; with an offset,
 * {@code 2026-12-07T18:00+01:00} or {@code ...Z}, that instant.
 */
public final class UntilTime {
    static final String FORMS = "HH:MM (the next one: today, or tomorrow once past), 2026-12-07T18:00 (local time) "
            + "or 2026-12-07T18:00+01:00";

    private UntilTime() {
    }

    /** @throws IllegalArgumentException one line quoting {@code text} */
    public static Instant parse(String text, ZonedDateTime now) {
        String t = text.strip().replace(' ', 'T');
        try {
            if (!t.contains("T")) {
                LocalTime time = LocalTime.parse(t);
                ZonedDateTime at = now.with(time).withNano(0);
                return (at.isAfter(now) ? at : now.plusDays(1).with(time).withNano(0)).toInstant();
            }
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException local) {
                return LocalDateTime.parse(t).atZone(now.getZone()).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--until: '" + text + "' is not a time: give " + FORMS);
        }
    }
}
