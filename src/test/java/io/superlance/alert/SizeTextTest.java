package io.superlance.alert;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SizeTextTest {
    @Test
    void powersOf1024AsMemmonsOptionsTakeThem() {
        assertEquals("512 B", SizeText.of(512));
        assertEquals("100 KB", SizeText.of(100 * 1024));
        assertEquals("200 MB", SizeText.of(200L * 1024 * 1024), "-a 200MB reads back as it was written");
        assertEquals("212.4 MB", SizeText.of((long) (212.4 * 1024 * 1024)));
        assertEquals("1.5 GB", SizeText.of(3L * 512 * 1024 * 1024));
        assertEquals("1 MB", SizeText.of(1024 * 1024 - 1), "rounded up into the next unit, not 1024 KB");
    }
}
