package io.superlance.alert.silence;

/**
 * The program names of the command line ({@code NAME}: that program in any group, {@code GROUP:NAME},
 * {@code GROUP:*}: every program of the group), compared with one another: a silence's pattern with a
 * process ({@code GROUP:NAME}) or with the pattern a monitor watches (httpok's {@code -p}).
 */
final class ProgramPattern {
    private ProgramPattern() {
    }

    /** True when some process could be named by both {@code a} and {@code b}. */
    static boolean overlap(String a, String b) {
        String[] x = split(a);
        String[] y = split(b);
        boolean groups = x[0] == null || y[0] == null || x[0].equals(y[0]);
        boolean names = x[1].equals("*") || y[1].equals("*") || x[1].equals(y[1]);
        return groups && names;
    }

    /** {group or null, name or *} */
    private static String[] split(String pattern) {
        int colon = pattern.indexOf(':');
        return colon < 0 ? new String[]{null, pattern} : new String[]{pattern.substring(0, colon), pattern.substring(colon + 1)};
    }

    /** Null when {@code pattern} is a program name the command line takes, else why not. */
    static String problem(String pattern) {
        if (pattern.isBlank()) {
            return "an empty program name";
        }
        int colon = pattern.indexOf(':');
        if (colon != pattern.lastIndexOf(':') || colon == 0 || colon == pattern.length() - 1) {
            return "'" + pattern + "' is not NAME, GROUP:NAME or GROUP:*";
        }
        String name = colon < 0 ? pattern : pattern.substring(colon + 1);
        if (name.contains("*") && !name.equals("*") || colon < 0 && name.equals("*") || pattern.chars().anyMatch(Character::isWhitespace)) {
            return "'" + pattern + "' is not NAME, GROUP:NAME or GROUP:* (only a whole program name may be *, after a group)";
        }
        return null;
    }
}
