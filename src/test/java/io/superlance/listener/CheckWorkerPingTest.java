package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.monitor.Action;
import io.superlance.monitor.CheckingMonitor;
import io.superlance.monitor.Probe;
import io.superlance.monitor.Snapshot;
import io.superlance.proc.ProcessTree;
import io.superlance.protocol.Event;
import io.superlance.rpc.ProcessInfo;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CheckWorkerPingTest {
    /** Pings fail; everything else is not needed. */
    static final class FailingPings implements Operations {
        final List<Action.Ping> pings = new ArrayList<>();

        @Override
        public List<ProcessInfo> processes() {
            return List.of();
        }

        @Override
        public ProcessTree memory() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Snapshot.HttpResult get(Probe.HttpGet get) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Snapshot.Effect restart(Action.Restart restart) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Snapshot.Effect dumpCore(Action.DumpCore dump) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String ping(Action.Ping ping) {
            pings.add(ping);
            return "Connection refused";
        }
    }

    @Test
    void aFailedPingIsLoggedAndTheCheckGoesOn() {
        FailingPings ops = new FailingPings();
        List<Alert> sent = new ArrayList<>();
        Action.Ping ping = new Action.Ping("http://hc/p", "GET", "", Duration.ofSeconds(1), 0, false);
        Alert alert = Alert.of("hb", AlertKind.PROGRAM_DOWN, Instant.EPOCH).id("1").subject("s").body("b").build();
        CheckingMonitor m = new CheckingMonitor() {
            @Override
            public List<Action> decide(Snapshot snapshot, Instant now) {
                return List.of(ping, ping, new Action.Notify(alert));
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
                return List.of();
            }

            @Override
            public Alert sampleAlert(Instant now) {
                return alert;
            }
        };
        new CheckWorker(ops, sent::add, Clock.systemUTC()).run(m, new Action.Check("TICK_5", List.of(new Probe.Processes())));
        assertEquals(List.of(ping, ping), ops.pings);
        assertEquals(List.of(alert), sent);
    }
}
