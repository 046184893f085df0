package io.superlance.monitor;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A standard 5-field cron schedule, {@code MIN HOUR DOM MON DOW}, in a time zone: lists ({@code 1,15}),
 * ranges ({@code 1-5}), steps ({@code *}{@code /15}, {@code 8-18/2}), month and day names ({@code jan},
 * {@code mon-fri}), Sunday as 0 or 7, and the {@code @hourly} ... {@code @yearly} shorthands. When both
 * day fields are restricted (neither starts with {@code *}) a day matches either of them, as cron does.
 *
 * <p>Daylight-saving changes are handled as Vixie cron (Debian's cron) documents: a time that does not
 * exist because the clock moved forward runs right after the change, and a time that happens twice
 * because the clock moved back runs once, at its first occurrence. Schedules with {@code *} in the
 * minute or hour field are not adjusted: times in a skipped hour do not happen, and times in a repeated
 * hour happen twice, as the wall clock shows them. Pure: no clock of its own.
 */
public final class CronSchedule {
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
    /** Vixie cron adjusts only for clock changes of less than 3 hours; a search spans more than that. */
    private static final Duration SLACK = Duration.ofHours(3);
    /** Every schedule recurs within 28 years (the calendar's cycle, leap days included). */
    private static final int YEARS = 28;

    private final String text;
    private final ZoneId zone;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean daysStar;
    private final boolean weekdaysStar;
    /** minute or hour field has '*': run by the wall clock, without daylight-saving adjustment */
    private final boolean wildcardTime;

    private CronSchedule(String text, ZoneId zone, String[] f) {
        this.text = text;
        this.zone = zone;
        this.minutes = field("minute", f[0], 0, 59, List.of());
        this.hours = field("hour", f[1], 0, 23, List.of());
        this.days = field("day of month", f[2], 1, 31, List.of());
        this.months = field("month", f[3], 1, 12, MONTHS);
        BitSet dow = field("day of week", f[4], 0, 7, DAYS);
        if (dow.get(7)) {
            dow.set(0); // 7 is Sunday too
        }
        this.weekdays = dow;
        this.daysStar = f[2].startsWith("*");
        this.weekdaysStar = f[4].startsWith("*");
        this.wildcardTime = f[0].startsWith("*") || f[1].startsWith("*");
    }

    /**
     * @param text e.g. {@code 5 16 * * *} or {@code @daily}
     * @throws IllegalArgumentException with a message for people: which field is wrong and why
     */
    public static CronSchedule parse(String text, ZoneId zone) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        String expanded = switch (t) {
            case "@yearly", "@annually" -> "0 0 1 1 *";
            case "@monthly" -> "0 0 1 * *";
            case "@weekly" -> "0 0 * * 0";
            case "@daily", "@midnight" -> "0 0 * * *";
            case "@hourly" -> "0 * * * *";
            default -> {
                if (t.startsWith("@")) {
                    throw new IllegalArgumentException("'" + text.strip() + "' is not one of @yearly, @monthly, @weekly, @daily, @hourly");
                }
                yield t;
            }
        };
        String[] f = expanded.split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("'" + text.strip() + "' has " + f.length + " fields, not 5 (MIN HOUR DOM MON DOW)");
        }
        CronSchedule s = new CronSchedule(text.strip(), zone, f);
        LocalDateTime from = LocalDateTime.of(2000, 1, 1, 0, 0);
        if (s.nextMatch(from, from.plusYears(YEARS)) == null) {
            throw new IllegalArgumentException("'" + text.strip() + "' names no day that exists (e.g. 30 February)");
        }
        return s;
    }

    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return text;
    }

    /** The first scheduled time strictly after {@code after}. */
    public Instant next(Instant after) {
        LocalDateTime local = LocalDateTime.ofInstant(after, zone);
        // Start early enough to catch a repeated hour's second half and a skipped hour's late runs.
        LocalDateTime t = local.minus(SLACK).truncatedTo(ChronoUnit.MINUTES);
        LocalDateTime end = local.plusYears(YEARS);
        Instant best = null;
        while ((t = nextMatch(t, end)) != null) {
            if (best != null && t.isAfter(LocalDateTime.ofInstant(best, zone).plus(SLACK))) {
                break;
            }
            for (Instant i : instants(t)) {
                if (i.isAfter(after) && (best == null || i.isBefore(best))) {
                    best = i;
                }
            }
            t = t.plusMinutes(1);
        }
        if (best == null) {
            throw new IllegalStateException("no run of '" + text + "' within " + YEARS + " years");
        }
        return best;
    }

    /** When a wall-clock time runs: none, once, or (wildcard schedules in a repeated hour) twice. */
    private List<Instant> instants(LocalDateTime t) {
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(t);
        if (offsets.size() == 1) {
            return List.of(t.toInstant(offsets.get(0)));
        }
        if (offsets.isEmpty()) { // skipped by a clock moved forward
            if (wildcardTime) {
                return List.of();
            }
            ZoneOffsetTransition gap = zone.getRules().getTransition(t);
            return List.of(gap.getInstant());
        }
        if (wildcardTime) {
            return List.of(t.toInstant(offsets.get(0)), t.toInstant(offsets.get(1)));
        }
        return List.of(t.toInstant(offsets.get(0))); // the first of a repeated time only
    }

    /** The first wall-clock minute at or after {@code from} that the fields match, or null before {@code end}. */
    private LocalDateTime nextMatch(LocalDateTime from, LocalDateTime end) {
        LocalDateTime t = from.truncatedTo(ChronoUnit.MINUTES);
        if (t.isBefore(from)) {
            t = t.plusMinutes(1);
        }
        while (t.isBefore(end)) {
            if (!months.get(t.getMonthValue())) {
                t = LocalDateTime.of(t.toLocalDate().withDayOfMonth(1).plusMonths(1), LocalTime.MIDNIGHT);
            } else if (!dayMatches(t.toLocalDate())) {
                t = LocalDateTime.of(t.toLocalDate().plusDays(1), LocalTime.MIDNIGHT);
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                return t;
            }
        }
        return null;
    }

    private boolean dayMatches(LocalDate d) {
        boolean dom = days.get(d.getDayOfMonth());
        boolean dow = weekdays.get(d.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : d.getDayOfWeek().getValue());
        if (!daysStar && !weekdaysStar) {
            return dom || dow;
        }
        return dom && dow;
    }

    private static BitSet field(String what, String text, int min, int max, List<String> names) {
        BitSet bits = new BitSet(max + 1);
        for (String part : text.split(",", -1)) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("the " + what + " field '" + text + "' has an empty list item");
            }
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(what, part.substring(slash + 1), 1, max - min + 1, List.of());
            }
            int lo;
            int hi;
            if (range.equals("*")) {
                lo = min;
                hi = max;
            } else {
                int dash = range.indexOf('-');
                if (dash >= 0) {
                    lo = number(what, range.substring(0, dash), min, max, names);
                    hi = number(what, range.substring(dash + 1), min, max, names);
                    if (hi < lo) {
                        throw new IllegalArgumentException("the " + what + " range '" + range + "' runs backwards");
                    }
                } else {
                    lo = number(what, range, min, max, names);
                    hi = slash >= 0 ? max : lo; // 5/15 means 5-MAX/15, as in Vixie cron
                }
            }
            for (int v = lo; v <= hi; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String what, String text, int min, int max, List<String> names) {
        int named = names.indexOf(text);
        if (named >= 0) {
            return named + (names.size() == 12 ? 1 : 0);
        }
        int v;
        try {
            v = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the " + what + " field has '" + text + "', not a number"
                    + (names.isEmpty() ? "" : " or a name (" + String.join(", ", names) + ")"));
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("the " + what + " field has " + v + ", outside " + min + "-" + max);
        }
        return v;
    }

    /** Start of the day after the one {@code t} falls on, in this schedule's zone: "by the end of that day". */
    public Instant endOfDay(Instant t) {
        return ZonedDateTime.ofInstant(t, zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    }
}
