package io.superlance.monitor;

import io.superlance.protocol.Event;
import io.superlance.protocol.ProcessId;

import java.time.Instant;
import java.util.List;

/**
 * A monitor whose crash alerts carry the program's last output ({@code --tail}). Reading it is I/O
 * (supervisord's XML-RPC): the listener reads it when {@link #outputOf} names a program and hands the text
 * to {@link #onEvent(Event, Instant, String)}, so the monitor stays pure.
 */
public interface ShowsOutput extends Monitor {
    /** What to read; null when {@code --tail} is off. */
    OutputTail outputTail();

    /** The program whose last output this event's alert will carry, or null for none. */
    ProcessId outputOf(Event event);

    /**
     * {@link #onEvent(Event, Instant)} with the program's last output.
     *
     * @param output its last lines, newline separated, or one line saying why there are none
     */
    List<Action> onEvent(Event event, Instant now, String output);
}
