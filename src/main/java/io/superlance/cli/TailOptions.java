package io.superlance.cli;

import io.superlance.monitor.OutputTail;
import picocli.CommandLine.Option;

/** {@code --tail N} and {@code --tail-stdout}: the crashed program's last output in its alert (crashmail, the digests). */
final class TailOptions {
    @Option(names = "--tail", paramLabel = "N",
            description = "Put the last N lines of the program's stderr log in its alert (read from supervisord at the crash). "
                    + "Default: off, so the texts are superlance's.")
    Integer lines;

    @Option(names = "--tail-stdout", description = "With --tail: the lines of its stdout log instead (where redirect_stderr=true puts both).")
    boolean stdout;

    /** The settings, or null when --tail is not given. */
    OutputTail tail() {
        if (lines == null) {
            if (stdout) {
                throw new ConfigException("--tail-stdout needs --tail N");
            }
            return null;
        }
        if (lines < 1 || lines > 1000) {
            throw new ConfigException("--tail: " + lines + " is not a number of lines from 1 to 1000");
        }
        return new OutputTail(lines, stdout);
    }
}
