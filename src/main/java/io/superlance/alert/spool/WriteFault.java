package io.superlance.alert.spool;

import io.superlance.log.Log;
import io.superlance.log.MonitorLog;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What the log says while a spool directory cannot be written (disk full, directory gone, read-only):
 * one error line when a condition starts, a summary at most every {@link #SUMMARY_EVERY} while it lasts,
 * one line when writes succeed again. A write per event would otherwise log a line per event.
 */
final class WriteFault {
    static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);

    private final String where;
    private final LongSupplier nanos;
    private final MonitorLog log;
    private String condition;
    private long since;
    private long lastLine;
    private long failedSinceLine;

    WriteFault(String where, LongSupplier nanos, MonitorLog log) {
        this.log = log;
        this.where = where;
        this.nanos = nanos;
    }

    /** Why writes fail, or null while they succeed. */
    String condition() {
        return condition;
    }

    /** A write failed; {@code unsaved} alerts are now in memory only. */
    void failed(IOException e, int unsaved) {
        long now = nanos.getAsLong();
        String c = reason(e);
        if (!c.equals(condition)) {
            condition = c;
            since = now;
            lastLine = now;
            failedSinceLine = 0;
            log.error("cannot write to the spool " + where + ": " + c + "; " + unsaved
                    + " alert(s) kept in memory only until it can be written again (retrying)");
            return;
        }
        failedSinceLine++;
        if (now - lastLine >= SUMMARY_EVERY.toNanos()) {
            log.error("the spool " + where + " still cannot be written (" + c + ") after " + seconds(now - since)
                    + " s: " + failedSinceLine + " more write(s) failed, " + unsaved + " alert(s) in memory only");
            lastLine = now;
            failedSinceLine = 0;
        }
    }

    /** Writes succeed again; {@code written} alerts that were in memory only are on disk now. */
    void cleared(int written) {
        if (condition == null) {
            return;
        }
        log.info("the spool " + where + " can be written again after " + seconds(nanos.getAsLong() - since) + " s ("
                + condition + "): " + written + " alert(s) kept in memory written to it");
        condition = null;
    }

    /** The condition without the file name, which changes with every write. */
    static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            String r = f.getReason();
            if (r != null) {
                return r;
            }
            if (e instanceof java.nio.file.NoSuchFileException) {
                return "the directory is gone";
            }
            if (e instanceof java.nio.file.FileAlreadyExistsException) {
                return "a file is in the way";
            }
            if (e instanceof java.nio.file.AccessDeniedException) {
                return "permission denied";
            }
            return e.getClass().getSimpleName();
        }
        return Log.describe(e);
    }

    private static long seconds(long nanos) {
        return Math.round(nanos / 1e9);
    }
}
