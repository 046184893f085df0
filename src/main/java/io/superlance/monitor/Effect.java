package io.superlance.monitor;

import java.util.List;

/**
 * What a {@link Action.Restart} or {@link Action.DumpCore} did.
 *
 * @param failedStep null when it worked, else {@code stop}, {@code start} or {@code gcore}
 * @param error      the failure in one line, or null
 * @param report     lines for the alert, as superlance's httpok writes them
 */
public record Effect(Action action, String failedStep, String error, List<String> report) {
    public boolean ok() {
        return failedStep == null;
    }
}
