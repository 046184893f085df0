package io.superlance.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import static java.time.temporal.ChronoUnit.MINUTES;
import static java.time.temporal.ChronoUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationsTest {
    private static Duration seconds(String text) {
        return Durations.parse(text, SECONDS);
    }

    @Test
    void everyUnitAndCombination() {
        assertEquals(Duration.ofMillis(500), seconds("500ms"));
        assertEquals(Duration.ofSeconds(30), seconds("30s"));
        assertEquals(Duration.ofMinutes(5), seconds("5m"));
        assertEquals(Duration.ofHours(2), seconds("2h"));
        assertEquals(Duration.ofDays(2), seconds("2d"));
        assertEquals(Duration.ofMinutes(90), seconds("1h30m"));
        assertEquals(Duration.ofSeconds(90), seconds("1m30s"));
        assertEquals(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4).plusMillis(5), seconds("1d2h3m4s5ms"));
        assertEquals(Duration.ofMillis(2250), seconds("2s250ms"));
    }

    @Test
    void fractionsCaseAndSpaceAround() {
        assertEquals(Duration.ofMinutes(90), seconds("1.5h"));
        assertEquals(Duration.ofMillis(500), seconds("0.5s"));
        assertEquals(Duration.ofSeconds(30), seconds(".5m"));
        assertEquals(Duration.ofSeconds(45), seconds("45S"));
        assertEquals(Duration.ofMinutes(90), seconds("1H30M"));
        assertEquals(Duration.ofSeconds(30), seconds(" 30s "));
        assertEquals(Duration.ofMillis(1), seconds("0.5ms"), "kept to the millisecond, rounded");
        assertEquals(Duration.ZERO, seconds("0.4ms"));
        assertEquals(Duration.ZERO, seconds("0"));
    }

    @Test
    void aBareNumberIsInTheOptionsUnit() {
        assertEquals(Duration.ofSeconds(90), seconds("90"));
        assertEquals(Duration.ofMillis(1500), seconds("1.5"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2", MINUTES));
        assertEquals(Duration.ofSeconds(3), Durations.parse("0.05", MINUTES), "superlance's -i takes fractions of minutes");
        assertEquals(Duration.ofSeconds(6), Durations.parse("0.1", MINUTES));
        assertEquals(Duration.ofMinutes(1), Durations.parse("1.0", MINUTES));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s", MINUTES), "a unit wins over the bare unit");
    }

    @Test
    void mistakesAreOneLineAndSayWhatIsAccepted() {
        for (String bad : new String[]{"", " ", "soon", "5x", "m5", "5 m", "10 20", "1h 2", "-1s", "+1s", "1e3", "1..5s",
                "5mm", "s", "1,5s", "1h30"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> seconds(bad), bad);
            assertEquals("'" + bad + "' is not a duration: a number of seconds, or e.g. 500ms, 30s, 5m, 1h30m, 2d",
                    e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Durations.parse("x", MINUTES)).getMessage()
                .contains("a number of minutes"));
    }

    @Test
    void unitsGoFromTheLargestDownEachOnce() {
        for (String bad : new String[]{"30m1h", "1m1m", "5s1m", "1ms1s"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> seconds(bad), bad);
            assertEquals("'" + bad + "' is not a duration: name units from the largest down, each once (e.g. 1h30m)",
                    e.getMessage());
        }
    }

    @Test
    void tooLongForANanosecondCountIsRefused() {
        assertEquals(Duration.ofDays(106_751), seconds("106751d"));
        String message = assertThrows(IllegalArgumentException.class, () -> seconds("106752d")).getMessage();
        assertEquals("'106752d' is too long (at most 106751d)", message);
        assertThrows(IllegalArgumentException.class, () -> seconds("99999999999999999999999"));
    }

    @Test
    void theConverterReportsThroughPicocli() {
        Durations.Seconds seconds = new Durations.Seconds();
        assertEquals(Duration.ofMinutes(90), seconds.convert("1h30m"));
        assertEquals(Duration.ofMinutes(3), new Durations.Minutes().convert("3"));
        String message = assertThrows(picocli.CommandLine.TypeConversionException.class, () -> seconds.convert("30x"))
                .getMessage();
        assertFalse(message.contains("\n"));
        assertTrue(message.startsWith("'30x' is not a duration"), message);
        assertEquals(ChronoUnit.SECONDS.getDuration(), seconds.convert("1"));
    }
}
