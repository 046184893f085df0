package io.superlance.alert;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DurationTextTest {
    @Test
    void durationsReadAsPeopleWriteThem() {
        assertEquals("750ms", DurationText.of(Duration.ofMillis(750)));
        assertEquals("45s", DurationText.of(Duration.ofSeconds(45)));
        assertEquals("2m30s", DurationText.of(Duration.ofSeconds(150)));
        assertEquals("5m", DurationText.of(Duration.ofMinutes(5)));
        assertEquals("3h5m", DurationText.of(Duration.ofMinutes(185)));
        assertEquals("2d4h", DurationText.of(Duration.ofHours(52)));
    }
}
