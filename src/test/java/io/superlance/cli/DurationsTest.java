package io.superlance.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /** Each of {@code texts} is {@code expected}, with bare numbers in seconds. */
    private static void assertSeconds(Duration expected, String... texts) {
        for (String text : texts) {
            assertEquals(expected, seconds(text), text);
        }
    }

    @Test
    void everyUnitCombinationsFractionsAndCase() {
        assertSeconds(Duration.ofMillis(500), "500ms", "0.5s", "0.5S", "500MS");
        assertSeconds(Duration.ofSeconds(30), "30s", ".5m", " 30s ", "30S");
        assertSeconds(Duration.ofMinutes(5), "5m", "300s", "5M");
        assertSeconds(Duration.ofHours(2), "2h", "120m", "2H");
        assertSeconds(Duration.ofDays(2), "2d", "48h", "2D");
        assertSeconds(Duration.ofMinutes(90), "1h30m", "1.5h", "1H30M", "90m", "1h29m60s");
        assertSeconds(Duration.ofSeconds(90), "1m30s", "1.5m");
        assertSeconds(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4).plusMillis(5), "1d2h3m4s5ms");
        assertSeconds(Duration.ofMillis(2250), "2s250ms", "2.25s");
        assertSeconds(Duration.ofMillis(1), "0.5ms", "1ms"); // kept to the millisecond, rounded
        assertSeconds(Duration.ZERO, "0", "0.4ms", "0s");
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

    /** Every option labelled DURATION, of every command, with the unit of its bare numbers. */
    private static Map<String, ChronoUnit> durationOptions() {
        Map<String, ChronoUnit> found = new TreeMap<>();
        for (String command : SuperlanceCommand.NAMES) {
            CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), command).getSubcommands().get(command);
            for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
                assertFalse(o.paramLabel().matches("SECONDS|MINUTES"), command + " " + o.longestName() + " is still a number");
                if (o.paramLabel().equals("DURATION")) {
                    assertEquals(Duration.class, o.type(), command + " " + o.longestName());
                    ChronoUnit bare = Durations.parse("1", ChronoUnit.SECONDS).equals(value(command, o.longestName(), "1"))
                            ? ChronoUnit.SECONDS : ChronoUnit.MINUTES;
                    found.put(command + " " + o.longestName(), bare);
                }
            }
        }
        return found;
    }

    private static Object value(String command, String option, String text) {
        String[] args = {command, option, text};
        return Main.commandLine(new PrintWriter(new StringWriter()), args).parseArgs(args).subcommand()
                .matchedOption(option).getValue();
    }

    @Test
    void everyDurationOptionOfEveryCommandTakesEveryForm_andItsBareNumbersKeepTheirUnit() {
        Map<String, ChronoUnit> options = durationOptions();
        for (String command : List.of("crashmail", "memmon", "httpok", "heartbeat", "logmon", "crashmailbatch")) {
            for (String shared : List.of("--min-interval", "--retry-max", "--give-up-after", "--http-timeout", "--smtp-timeout")) {
                assertEquals(ChronoUnit.SECONDS, options.get(command + " " + shared), command + " " + shared);
            }
        }
        assertEquals(ChronoUnit.MINUTES, options.get("crashmailbatch --interval"), "superlance's -i counts minutes");
        assertEquals(ChronoUnit.MINUTES, options.get("crashsms --interval"));
        for (String own : List.of("memmon --uptime", "httpok --timeout", "httpok --grace", "heartbeat --timeout", "logmon --window")) {
            assertEquals(ChronoUnit.SECONDS, options.get(own), own);
        }
        for (String commandAndOption : options.keySet()) {
            String[] co = commandAndOption.split(" ");
            assertEquals(Duration.ofMinutes(90), value(co[0], co[1], "1h30m"), commandAndOption);
            assertEquals(Duration.ofMillis(500), value(co[0], co[1], "500ms"), commandAndOption);
            assertEquals(Duration.ofDays(2), value(co[0], co[1], "2d"), commandAndOption);
            assertEquals(Duration.ofSeconds(30), value(co[0], co[1], "30s"), commandAndOption);
        }
    }

    @Test
    void aBadDurationOnTheCommandLineIsOneLineAndStatus2() {
        StringWriter err = new StringWriter();
        String[] args = {"crashmail", "-a", "--smtp-timeout", "30x"};
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), args);
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute(args));
        assertEquals("superlance crashmail: Invalid value for option '--smtp-timeout': '30x' is not a duration: a number of "
                + "seconds, or e.g. 500ms, 30s, 5m, 1h30m, 2d (see 'superlance crashmail --help')" + System.lineSeparator(),
                err.toString());
    }

    @Test
    void theConverterReportsThroughPicocli() {
        Durations.Seconds seconds = new Durations.Seconds();
        assertEquals(Duration.ofMinutes(90), seconds.convert("1h30m"));
        assertEquals(Duration.ofMinutes(3), new Durations.Minutes().convert("3"));
        String message = assertThrows(CommandLine.TypeConversionException.class, () -> seconds.convert("30x"))
                .getMessage();
        assertFalse(message.contains("\n"));
        assertTrue(message.startsWith("'30x' is not a duration"), message);
        assertEquals(ChronoUnit.SECONDS.getDuration(), seconds.convert("1"));
    }
}
