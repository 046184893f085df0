package io.superlance.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogTest {
    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    /** What follows the time of each line captured. */
    private List<String> withoutTime() {
        return log.text().lines().map(l -> l.substring("2026-12-01 06:41:46,975 ".length())).toList();
    }

    @Test
    void aLoneMonitorIsNamedOnceByTheProcess() {
        Log.name(List.of("memmon"));
        Log.of("memmon").warn("asked for Ping outside a check; ignored");
        Log.info("wants events TICK_60");
        assertEquals(List.of("WARN memmon: asked for Ping outside a check; ignored", "INFO memmon: wants events TICK_60"), withoutTime());
    }

    @Test
    void eachMonitorOfACombinedProcessNamesItself() {
        Log.name(List.of("crashmail", "memmon"));
        Log.of("memmon").info("RSS of web:web is 212.4 MB, over its limit of 200 MB: restarting");
        Log.of("crashmail").error("alert a given up via smtp localhost:25 after 3 attempt(s): refused");
        Log.info("wants events PROCESS_STATE_EXITED, TICK_60");
        assertEquals(List.of("INFO crashmail+memmon: memmon: RSS of web:web is 212.4 MB, over its limit of 200 MB: restarting",
                "ERROR crashmail+memmon: crashmail: alert a given up via smtp localhost:25 after 3 attempt(s): refused",
                "INFO crashmail+memmon: wants events PROCESS_STATE_EXITED, TICK_60"), withoutTime());
    }

    @Test
    void timesInLinesAreWrittenAsTheLinesOwnTimes() {
        Instant t = Instant.parse("2026-12-01T06:41:46.975329662Z");
        String local = Log.time(t);
        assertEquals(Log.timestamp(LocalDateTime.ofInstant(t, ZoneId.systemDefault())), local);
        assertTrue(local.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,975"), local);
        Log.info("held until " + local);
        String line = log.text().strip();
        assertEquals(line.substring(0, 23).length(), local.length(), "the same shape as the line's own time: " + line);
    }
}
