package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.monitor.Action;
import io.superlance.monitor.Monitor;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventReader;
import io.superlance.protocol.ProtocolException;
import io.superlance.protocol.ProtocolWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ListenerTest {
    static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    static String frame(String event, String payload) {
        return "ver:3.0 server:supervisor serial:1 pool:p poolserial:1 eventname:" + event
                + " len:" + payload.codePointCount(0, payload.length()) + "\n" + payload;
    }

    final List<String> seen = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    /** A monitor that records what it is given and alerts on every event it gets. */
    Monitor recording(String name, Set<String> events) {
        return new Monitor() {
            public String name() {
                return name;
            }

            public Set<String> events() {
                return events;
            }

            public List<Action> onEvent(Event event, Instant now) {
                seen.add(name + ":" + event.name());
                if (name.equals("buggy") && event.name().equals("PROCESS_STATE_FATAL")) {
                    throw new IllegalStateException("bug in " + name);
                }
                return List.of(new Action.Notify(Alert.of(name, AlertKind.LOG_MATCH, now).id("id").subject("s").body("b").build()));
            }

            public Alert sampleAlert(Instant now) {
                return null;
            }
        };
    }

    void run(String wire, Monitor... monitors) throws Exception {
        EventReader reader = new EventReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), Duration.ofMillis(20));
        List<MonitorRuntime> runtimes = new ArrayList<>();
        for (Monitor m : monitors) {
            runtimes.add(new MonitorRuntime(m, alerts::add, null, null, Clock.fixed(NOW, ZoneOffset.UTC)));
        }
        try {
            new Listener(reader, new ProtocolWriter(stdout), runtimes).run();
        } finally {
            runtimes.forEach(MonitorRuntime::close);
        }
    }

    String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyEventIsAcknowledgedAndStdoutHoldsOnlyTokens() throws Exception {
        run(frame("TICK_60", "when:1")
                + frame("PROCESS_STATE_EXITED", "not a payload")        // malformed: logged, acknowledged
                + frame("BRAND_NEW_EVENT", "whatever")                   // unknown: acknowledged
                + frame("PROCESS_STATE_EXITED", "processname:a groupname:a from_state:RUNNING expected:0 pid:1"),
                recording("m", Set.of("PROCESS_STATE_EXITED")));
        assertEquals("READY\n" + "RESULT 2\nOKREADY\n".repeat(4), stdout());
        assertEquals(List.of("m:PROCESS_STATE_EXITED"), seen);
        assertEquals(1, alerts.size());
        assertEquals(NOW, alerts.get(0).time());
    }

    @Test
    void eventsGoOnlyToTheMonitorsThatWantThem_andOneFailingMonitorDoesNotStopTheOthers() throws Exception {
        run(frame("TICK_60", "when:1")
                        + frame("PROCESS_STATE_FATAL", "processname:a groupname:a from_state:BACKOFF")
                        + frame("PROCESS_STATE_EXITED", "processname:a groupname:a from_state:RUNNING expected:0 pid:1"),
                recording("ticks", Set.of("TICK_60")),
                recording("buggy", Set.of("PROCESS_STATE_FATAL", "PROCESS_STATE_EXITED")),
                recording("fatal", Set.of("PROCESS_STATE_FATAL")));
        assertEquals(List.of("ticks:TICK_60", "buggy:PROCESS_STATE_FATAL", "fatal:PROCESS_STATE_FATAL",
                "buggy:PROCESS_STATE_EXITED"), seen);
        assertEquals(3, alerts.size(), "the buggy monitor's failure cost only its own action");
        assertEquals("READY\n" + "RESULT 2\nOKREADY\n".repeat(3), stdout());
    }

    @Test
    void aHeaderThatCannotBeFramedStopsTheLoopAfterAcknowledgingWhatCameBefore() {
        assertThrows(ProtocolException.class, () -> run(frame("TICK_60", "when:1") + "this is not a header\n",
                recording("m", Set.of("TICK_60"))));
        assertEquals("READY\nRESULT 2\nOKREADY\n", stdout());
    }

    @Test
    void aPayloadAboveTheLimitIsAcknowledgedWithoutReachingAnyMonitor() throws Exception {
        String big = "processname:a groupname:a pid:1 channel:stdout\n" + "错".repeat(EventReader.MAX_PAYLOAD);
        run(frame("PROCESS_LOG_STDOUT", big) + frame("TICK_60", "when:1"),
                recording("m", Set.of("PROCESS_LOG_STDOUT", "TICK_60")));
        assertEquals("READY\n" + "RESULT 2\nOKREADY\n".repeat(2), stdout());
        assertEquals(List.of("m:TICK_60"), seen);
    }
}
