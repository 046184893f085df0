package io.superlance.monitor;

import java.time.Instant;
import java.util.List;

/**
 * A monitor that asks to be called back at a time ({@link Action.Wake}), e.g. to close a window of
 * grouped lines when no further event comes. {@link #onTimer} runs on a timer thread beside the event
 * loop, so an implementation guards its state against {@link #onEvent} running at the same time.
 */
public interface TimedMonitor extends Monitor {
    List<Action> onTimer(Instant now);
}
