package io.superlance.alert;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The TIME of superlance's texts: local {@code YYYY-MM-DD HH:MM:SS,mmm}, as supervisor's childutils prints it. */
public final class Asctime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private Asctime() {
    }

    /** @param zone null for the system's zone */
    public static String format(Instant time, ZoneId zone) {
        return FORMAT.format(time.atZone(zone == null ? ZoneId.systemDefault() : zone));
    }
}
