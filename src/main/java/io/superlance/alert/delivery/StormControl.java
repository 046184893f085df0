package io.superlance.alert.delivery;

import io.superlance.alert.Alert;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code --min-interval}: at most one message per subject per window, a subject being what the alert is
 * about ({@link Folding#about}: its program, else its incident, else its monitor and kind), so alerts tied
 * to no program are held too. The first alert for a subject goes out at once and opens a window; alerts
 * inside it are held until it ends and then go out folded into one message, which opens the next window.
 */
public final class StormControl {
    private final Duration window;
    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        Instant end;
        boolean held;
    }

    /** @param window zero turns storm control off */
    public StormControl(Duration window) {
        this.window = window;
    }

    public boolean enabled() {
        return !window.isZero() && !window.isNegative();
    }

    /** @return when the alert may go out: null for now, else the end of the program's window */
    public Instant holdUntil(Alert alert, Instant now) {
        if (!enabled() || alert.resolved()) {
            return null;
        }
        Window w = windows.computeIfAbsent(Folding.about(alert), p -> new Window());
        if (w.end != null && now.isBefore(w.end)) {
            w.held = true;
            return w.end;
        }
        if (w.end != null && w.held && now.isBefore(w.end.plus(window))) {
            // the folded message of the last window went out at its end: that opened this window
            w.end = w.end.plus(window);
            return w.end;
        }
        w.end = now.plus(window);
        w.held = false;
        return null;
    }
}
