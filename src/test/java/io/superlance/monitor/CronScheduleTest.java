package io.superlance.monitor;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CronScheduleTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** The next {@code n} runs after {@code from}, as wall-clock times in the schedule's zone. */
    private static List<String> runs(String cron, ZoneId zone, String from, int n) {
        CronSchedule s = CronSchedule.parse(cron, zone);
        Instant t = LocalDateTime.parse(from).atZone(zone).toInstant();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t = s.next(t);
            out.add(t.atZone(zone).toOffsetDateTime().toString());
        }
        return out;
    }

    private static String error(String cron) {
        return assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse(cron, UTC)).getMessage();
    }

    @Test
    void aDailyJobInShanghaiRunsAt0805UtcWhateverTheHostZone() {
        CronSchedule s = CronSchedule.parse("5 16 * * *", SHANGHAI);
        assertEquals(Instant.parse("2026-12-02T08:05:00Z"), s.next(Instant.parse("2026-12-02T07:00:00Z")));
        assertEquals(Instant.parse("2026-12-03T08:05:00Z"), s.next(Instant.parse("2026-12-02T08:05:00Z")), "strictly after");
        assertEquals(Instant.parse("2026-12-02T16:00:00Z"), s.endOfDay(Instant.parse("2026-12-02T08:05:00Z")),
                "the end of that day is Shanghai's midnight");
    }

    @Test
    void listsRangesStepsAndNames() {
        assertEquals(List.of("2026-12-02T00:00Z", "2026-12-02T00:15Z", "2026-12-02T00:30Z", "2026-12-02T00:45Z", "2026-12-02T01:00Z"),
                runs("*/15 * * * *", UTC, "2026-12-01T23:59", 5));
        assertEquals(List.of("2026-12-02T08:00Z", "2026-12-02T10:00Z", "2026-12-02T12:00Z", "2026-12-03T08:00Z"),
                runs("0 8-12/2 * * *", UTC, "2026-12-02T07:00", 4));
        assertEquals(List.of("2026-12-01T01:05Z", "2026-12-01T01:20Z", "2026-12-01T23:05Z"),
                runs("5,20 1,23 * * *", UTC, "2026-12-01T00:00", 3));
        // 2026-12-05 is a Saturday
        assertEquals(List.of("2026-12-07T09:30Z", "2026-12-08T09:30Z"), runs("30 9 * * mon-fri", UTC, "2026-12-05T00:00", 2));
        assertEquals(List.of("2027-01-01T00:00Z", "2027-07-01T00:00Z"), runs("0 0 1 JAN,jul *", UTC, "2026-12-05T00:00", 2));
        assertEquals(runs("0 0 * * 0", UTC, "2026-12-01T00:00", 3), runs("0 0 * * 7", UTC, "2026-12-01T00:00", 3), "7 is Sunday too");
        assertEquals(runs("0 0 * * sun", UTC, "2026-12-01T00:00", 3), runs("@weekly", UTC, "2026-12-01T00:00", 3));
        assertEquals(List.of("2026-12-01T00:10Z", "2026-12-01T00:40Z"), runs("10/30 0 * * *", UTC, "2026-12-01T00:00", 2),
                "N/STEP runs from N to the end of the range");
        assertEquals(List.of("2026-12-01T01:00Z"), runs("@hourly", UTC, "2026-12-01T00:00", 1));
        assertEquals(List.of("2027-01-01T00:00Z"), runs("@yearly", UTC, "2026-12-01T00:00", 1));
        assertEquals(List.of("2026-12-02T00:00Z"), runs("@daily", UTC, "2026-12-01T00:00", 1));
        assertEquals(List.of("2027-01-01T00:00Z"), runs("@monthly", UTC, "2026-12-01T00:00", 1));
    }

    @Test
    void restrictedDayOfMonthAndDayOfWeekMatchEither_butAStarredOneDoesNotWiden() {
        // The 13th, or any Friday: 2026-12-04 and 2026-12-11 are Fridays.
        assertEquals(List.of("2026-12-04T00:00Z", "2026-12-11T00:00Z", "2026-12-13T00:00Z", "2026-12-18T00:00Z"),
                runs("0 0 13 * fri", UTC, "2026-12-01T00:00", 4));
        // */2 in day of month starts with '*': then both must match (odd days that are Fridays)
        assertEquals(List.of("2026-12-11T00:00Z", "2026-12-25T00:00Z"), runs("0 0 */2 * fri", UTC, "2026-12-05T00:00", 2));
    }

    @Test
    void leapDaysAndMonthsWithoutTheDay() {
        assertEquals(List.of("2028-02-29T12:00Z", "2032-02-29T12:00Z"), runs("0 12 29 2 *", UTC, "2026-03-01T00:00", 2));
        assertEquals(List.of("2026-12-31T00:00Z", "2027-01-31T00:00Z", "2027-03-31T00:00Z"), runs("0 0 31 * *", UTC, "2026-12-01T00:00", 3));
    }

    @Test
    void aFixedTimeInAnHourSkippedBySpringForwardRunsRightAfterTheChange() {
        // Berlin 2026-03-29: 02:00 CET becomes 03:00 CEST.
        assertEquals(List.of("2026-03-28T02:30+01:00", "2026-03-29T03:00+02:00", "2026-03-30T02:30+02:00"),
                runs("30 2 * * *", BERLIN, "2026-03-28T00:00", 3));
        assertEquals(List.of("2026-03-29T03:00+02:00", "2026-03-29T03:15+02:00"), runs("0,15 2,3 * * *", BERLIN, "2026-03-29T01:00", 2),
                "02:00, 02:15 and 03:00 all run once at the change; 03:15 as usual");
    }

    @Test
    void aFixedTimeInAnHourRepeatedByFallBackRunsOnce() {
        // New York 2026-11-01: 02:00 EDT becomes 01:00 EST.
        assertEquals(List.of("2026-11-01T01:30-04:00", "2026-11-02T01:30-05:00"), runs("30 1 * * *", NEW_YORK, "2026-11-01T00:00", 2));
        CronSchedule s = CronSchedule.parse("30 1 * * *", NEW_YORK);
        assertEquals(Instant.parse("2026-11-02T06:30:00Z"), s.next(Instant.parse("2026-11-01T05:45:00Z")),
                "from within the first 01:xx, the second 01:30 is no run");
    }

    @Test
    void wildcardSchedulesFollowTheWallClock_skippedTimesDoNotHappen_repeatedTimesHappenTwice() {
        assertEquals(List.of("2026-03-29T01:30+01:00", "2026-03-29T03:30+02:00"), runs("30 * * * *", BERLIN, "2026-03-29T01:00", 2));
        assertEquals(List.of("2026-11-01T01:30-04:00", "2026-11-01T01:30-05:00", "2026-11-01T02:30-05:00"),
                runs("30 * * * *", NEW_YORK, "2026-11-01T01:00", 3));
    }

    @Test
    void badSchedulesSayWhichFieldAndWhy() {
        assertTrue(error("5 16 * *").contains("has 4 fields, not 5"), error("5 16 * *"));
        assertTrue(error("60 * * * *").contains("minute field has 60, outside 0-59"));
        assertTrue(error("* 24 * * *").contains("hour field has 24, outside 0-23"));
        assertTrue(error("* * 0 * *").contains("day of month field has 0, outside 1-31"));
        assertTrue(error("* * * 13 *").contains("month field has 13"));
        assertTrue(error("* * * foo *").contains("'foo', not a number or a name (jan,"), error("* * * foo *"));
        assertTrue(error("* * * * 8").contains("day of week field has 8, outside 0-7"));
        assertTrue(error("5-1 * * * *").contains("runs backwards"));
        assertTrue(error("*/0 * * * *").contains("outside 1-60"));
        assertTrue(error("1,,2 * * * *").contains("empty list item"));
        assertTrue(error("0 0 30 2 *").contains("names no day that exists"));
        assertTrue(error("@often").contains("not one of @yearly"));
        assertTrue(error("16:05").contains("has 1 fields, not 5"));
    }
}
