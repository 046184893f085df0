package io.superlance.monitor;

import java.time.Instant;
import java.util.List;

/**
 * A monitor that asks to be called back at a time ({@link Action.Wake}), e.g. to close a window of
 * grouped lines when no further event comes. {@link #onTimer} runs on the same thread as
 * {@link #onEvent}, never at the same time.
 */
public interface TimedMonitor extends Monitor {
    List<Action> onTimer(Instant now);

    /**
     * The listener is stopping, so the timers asked for will not run: alerts for what waits for them
     * (a window of log lines still open), which would otherwise go with the process. Called once,
     * before the pending alerts are delivered.
     */
    List<Action> onStop(Instant now);
}
