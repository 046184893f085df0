package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.monitor.Action;
import io.superlance.monitor.TimedMonitor;
import io.superlance.protocol.Event;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DispatcherWakeTest {
    /** Asks to be woken at a time and alerts when it is. */
    static final class Alarm implements TimedMonitor {
        volatile Instant wokenAt;

        @Override
        public String name() {
            return "alarm";
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
        public List<Action> onTimer(Instant now) {
            wokenAt = now;
            return List.of(new Action.Notify(sampleAlert(now)));
        }

        @Override
        public Alert sampleAlert(Instant now) {
            return Alert.of("alarm", AlertKind.JOB_OVERDUE, now).id("1").subject("woken").build();
        }
    }

    @Test
    void aWakeCallsTheMonitorBackNoEarlierThanAsked_andCarriesOutWhatItReturns() throws Exception {
        LinkedBlockingQueue<Alert> sent = new LinkedBlockingQueue<>();
        Dispatcher d = new Dispatcher(sent::add);
        Alarm alarm = new Alarm();
        Instant at = Instant.now().plusMillis(200);
        d.handle(alarm, new Action.Wake(at));
        Alert a = sent.poll(2, TimeUnit.SECONDS);
        assertNotNull(a, "no alert from the timer");
        assertTrue(!alarm.wokenAt.isBefore(at), alarm.wokenAt + " is before " + at);
    }
}
