package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.monitor.Action;
import io.superlance.monitor.CheckOperations;
import io.superlance.monitor.CheckingMonitor;
import io.superlance.protocol.Event;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CheckWorkerPingTest {
    @Test
    void aFailedPingIsLoggedAndTheCheckGoesOn() {
        FakeOperations ops = new FakeOperations();
        List<Alert> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        Action.Ping ping = new Action.Ping("http://hc/p", "GET", "", Duration.ofSeconds(1), 0, false);
        Alert alert = Alert.of("hb", AlertKind.PROGRAM_DOWN, Instant.EPOCH).id("1").subject("s").body("b").build();
        CheckingMonitor m = new CheckingMonitor() {
            @Override
            public void check(String trigger, CheckOperations io, Guard guard) throws IOException {
                io.processes();
                guard.decide((now, actions) -> actions.add(new Action.Notify(alert)));
                io.ping(ping);
                io.ping(ping);
            }

            @Override
            public String name() {
                return "hb";
            }

            @Override
            public Set<String> events() {
                return Set.of();
            }

            @Override
            public List<Action> onEvent(Event event, Instant now) {
                return List.of(new Action.Check(event.name()));
            }

            @Override
            public Alert sampleAlert(Instant now) {
                return alert;
            }
        };
        try (MonitorRuntime runtime = new MonitorRuntime(m, sent::add, null, ops, Clock.systemUTC())) {
            runtime.onEvent(new Event.Tick("TICK_5", 5, 1), null);
            runtime.stop(Duration.ofSeconds(5)); // lets the check finish
        }
        assertEquals(List.of(ping, ping), ops.pings);
        assertEquals(List.of(alert), sent);
    }
}
