package io.superlance.cli;

import picocli.CommandLine;

/**
 * The converter of {@code --for N} (memmon, httpok, heartbeat): consecutive bad checks before a condition
 * counts, a whole number of at least 1. The one place it is checked; a mistake is a one-line start-up error.
 */
public final class ForChecks implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number: --for must be at least 1");
        }
        if (n < 1) {
            throw new CommandLine.TypeConversionException("--for must be at least 1, not " + n);
        }
        return n;
    }
}
