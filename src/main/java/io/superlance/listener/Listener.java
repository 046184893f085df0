package io.superlance.listener;

import io.superlance.log.Log;
import io.superlance.protocol.Envelope;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventParser;
import io.superlance.protocol.EventReader;
import io.superlance.protocol.MalformedPayloadException;
import io.superlance.protocol.ProtocolException;
import io.superlance.protocol.ProtocolWriter;

import java.io.IOException;
import java.util.List;

/**
 * The event loop: READY, read one event, let each monitor's runtime that wants it decide it on this
 * thread, acknowledge once their alerts are in the spool. It knows nothing about commands. It never waits
 * on a channel's delivery or a check's I/O; it may wait for a monitor's lock while that monitor's check
 * thread or the timer thread makes one decision, which is bounded work in memory.
 */
public final class Listener {
    private final EventReader reader;
    private final ProtocolWriter writer;
    private final List<MonitorRuntime> runtimes;
    private final java.util.function.Predicate<String> wanted = this::wanted;

    public Listener(EventReader reader, ProtocolWriter writer, List<MonitorRuntime> runtimes) {
        this.reader = reader;
        this.writer = writer;
        this.runtimes = List.copyOf(runtimes);
    }

    /** Runs until supervisord closes stdin (returns) or the stream cannot be framed (throws). */
    public void run() throws IOException, ProtocolException {
        writer.ready();
        while (true) {
            Envelope envelope = reader.next(wanted);
            if (envelope == null) {
                return;
            }
            if (envelope.header().length() > EventReader.MAX_PAYLOAD) {
                // Acknowledged: FAIL would bring it back forever.
                Log.warn("ignoring " + envelope.header().describe()
                        + ": its payload (len " + envelope.header().length() + ") is above the limit of "
                        + EventReader.MAX_PAYLOAD + "; read and discarded");
            } else if (!envelope.discarded()) {
                dispatch(envelope);
            }
            writer.okAndReady();
        }
    }

    private boolean wanted(String eventName) {
        // indexed, here and in dispatch: C1, the image's only compiler, allocates an iterator per loop, twice an event
        for (int i = 0; i < runtimes.size(); i++) {
            MonitorRuntime runtime = runtimes.get(i);
            if (runtime.wants(eventName)) {
                return true;
            }
        }
        return false;
    }

    private void dispatch(Envelope envelope) {
        Event event;
        try {
            event = EventParser.parse(envelope);
        } catch (MalformedPayloadException e) {
            // Acknowledged anyway: FAIL would make supervisord send it again forever.
            Log.warn("ignoring " + envelope.header().describe()
                    + " with a payload we cannot read: " + e.getMessage());
            return;
        }
        for (int i = 0; i < runtimes.size(); i++) {
            MonitorRuntime runtime = runtimes.get(i);
            if (!runtime.wants(event.name())) {
                continue;
            }
            try {
                runtime.onEvent(event, envelope.header().serial());
            } catch (RuntimeException e) {
                // One monitor's bug must not silence the others or break the protocol.
                Log.of(runtime.name()).error("failed on " + envelope.header().describe()
                        + ": " + Log.describe(e));
            }
        }
    }
}
