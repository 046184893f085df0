package io.superlance.monitor;

/**
 * {@code --tail N} (and {@code --tail-stdout}): the last {@code lines} lines of a program's stderr, or of
 * its stdout, go in its crash alerts.
 */
public record OutputTail(int lines, boolean stdout) {
    public OutputTail {
        if (lines < 1) {
            throw new IllegalArgumentException("--tail must be at least 1");
        }
    }

    /** {@code stdout} or {@code stderr}. */
    public String channel() {
        return stdout ? "stdout" : "stderr";
    }

    /** The heading of the lines in a text, e.g. {@code Last 20 lines of stderr:}. */
    String heading() {
        return "Last " + (lines == 1 ? "line" : lines + " lines") + " of " + channel() + ":";
    }
}
