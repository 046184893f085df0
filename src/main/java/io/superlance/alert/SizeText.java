package io.superlance.alert;

import java.util.Locale;

/** Sizes as people read them in log lines, in the units memmon's options take (cli/Units: KB, MB, GB are powers of 1024). */
public final class SizeText {
    private static final String[] UNITS = {"KB", "MB", "GB", "TB"};

    private SizeText() {
    }

    /** {@code 512 B}, {@code 100 KB}, {@code 212.4 MB}, {@code 1.5 GB}: one decimal at most. */
    public static String of(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes / 1024.0;
        int u = 0;
        while (v >= 1023.95 && u < UNITS.length - 1) { // 1023.96 KB would print as 1024.0 KB
            v /= 1024;
            u++;
        }
        String n = String.format(Locale.ROOT, "%.1f", v);
        return (n.endsWith(".0") ? n.substring(0, n.length() - 2) : n) + " " + UNITS[u];
    }
}
