package io.superlance.alert;

import io.superlance.log.Log;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** The TIME of superlance's texts: local {@code YYYY-MM-DD HH:MM:SS,mmm}, as supervisor's childutils prints it. */
public final class Asctime {
    private Asctime() {
    }

    /** @param zone null for the system's zone */
    public static String format(Instant time, ZoneId zone) {
        // the log lines' own formatting: a DateTimeFormatter was a good part of what an alerting event cost
        return Log.timestamp(LocalDateTime.ofInstant(time, zone == null ? ZoneId.systemDefault() : zone));
    }
}
