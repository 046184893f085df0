package io.superlance.listener;

import io.superlance.log.Log;
import io.superlance.monitor.Action;
import io.superlance.monitor.Monitor;
import io.superlance.protocol.Envelope;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventParser;
import io.superlance.protocol.EventReader;
import io.superlance.protocol.MalformedPayloadException;
import io.superlance.protocol.ProtocolException;
import io.superlance.protocol.ProtocolWriter;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * The event loop: READY, read one event, let each interested monitor decide, hand its actions over,
 * acknowledge. It knows nothing about commands; it never waits on a channel.
 */
public final class Listener {
    private final EventReader reader;
    private final ProtocolWriter writer;
    private final List<Monitor> monitors;
    private final ActionHandler actions;
    private final Clock clock;

    public Listener(EventReader reader, ProtocolWriter writer, List<Monitor> monitors, ActionHandler actions, Clock clock) {
        this.reader = reader;
        this.writer = writer;
        this.monitors = List.copyOf(monitors);
        this.actions = actions;
        this.clock = clock;
    }

    /** Runs until supervisord closes stdin (returns) or the stream cannot be framed (throws). */
    public void run() throws IOException, ProtocolException {
        while (true) {
            writer.ready();
            Envelope envelope = reader.next();
            if (envelope == null) {
                return;
            }
            dispatch(envelope);
            writer.ok();
        }
    }

    private void dispatch(Envelope envelope) {
        Event event;
        try {
            event = EventParser.parse(envelope);
        } catch (MalformedPayloadException e) {
            // Acknowledged anyway: FAIL would make supervisord send it again forever.
            Log.warn("ignoring " + envelope.header().eventName() + " event " + envelope.header().serial()
                    + " with a payload we cannot read: " + e.getMessage());
            return;
        }
        for (Monitor monitor : monitors) {
            if (!monitor.events().contains(event.name())) {
                continue;
            }
            try {
                for (Action action : monitor.onEvent(event, clock.instant())) {
                    actions.handle(monitor, action);
                }
            } catch (RuntimeException e) {
                // One monitor's bug must not silence the others or break the protocol.
                Log.error(monitor.name() + " failed on " + event.name() + " event " + envelope.header().serial()
                        + ": " + Log.describe(e));
            }
        }
    }
}
