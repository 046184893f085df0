package io.superlance.alert.spool;

import io.superlance.alert.Alert;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * An alert as the text of a spool entry, for an alert kept elsewhere than in the spool: one a silence
 * withholds, kept in its monitor's journal until the silence ends.
 */
public final class AlertText {
    private AlertText() {
    }

    public static String write(Alert alert) {
        return new String(EntryFormat.write(new SpoolEntry(0, alert, null, Set.of())), StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when the text is no alert */
    public static Alert read(String text) {
        return EntryFormat.read(text.getBytes(StandardCharsets.UTF_8)).alert();
    }
}
