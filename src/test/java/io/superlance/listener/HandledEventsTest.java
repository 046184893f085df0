package io.superlance.listener;

import io.superlance.protocol.Event;
import io.superlance.protocol.ProcessId;
import io.superlance.protocol.ProcessState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandledEventsTest {
    /**
     * The journal keeps each handled event's {@code toString().hashCode()}; the hash computed without the
     * string must be the same, or a listener restarted on a journal of an earlier version would take an
     * event supervisord hands over again for a new one.
     */
    @Test
    void theContentHashIsTheHashOfTheEventsString() {
        Random random = new Random(7);
        String[] words = {"web", "api", "a:b", "", "日本語", "x y", "null", "-1", "\uD83D\uDE00"};
        Integer[] numbers = {null, 0, 1, -1, 9, 10, 99, 100, 42, 1234567, Integer.MAX_VALUE, Integer.MIN_VALUE};
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String w1 = words[random.nextInt(words.length)];
            String w2 = random.nextBoolean() ? w1 : words[random.nextInt(words.length)];
            Integer n1 = numbers[random.nextInt(numbers.length)];
            Integer n2 = numbers[random.nextInt(numbers.length)];
            ProcessState state = ProcessState.values()[random.nextInt(ProcessState.values().length)];
            Boolean expected = random.nextInt(3) == 0 ? null : random.nextBoolean();
            events.add(new Event.ProcessStateChange("PROCESS_STATE_" + state, state, new ProcessId(w1, w2), w2, n1, n2, expected));
            events.add(new Event.ProcessStateChange("PROCESS_STATE_EXITED", state, null, null, null, null, null));
            events.add(new Event.ProcessLog("PROCESS_LOG_STDOUT", new ProcessId(w2, w1), n1, w1, w2 + "\n" + w1));
            events.add(new Event.ProcessLog("PROCESS_LOG_STDERR", null, null, null, null));
            events.add(new Event.Tick("TICK_60", random.nextInt(), random.nextLong()));
            events.add(new Event.Tick("TICK_5", 5, i % 3 == 0 ? Long.MIN_VALUE : i % 3 == 1 ? Long.MAX_VALUE : 0));
            events.add(new Event.ProcessCommunication("PROCESS_COMMUNICATION_STDOUT", new ProcessId(w1, w2), n1, w2));
            events.add(new Event.Unknown("SOMETHING", w1));
        }
        for (Event e : events) {
            assertEquals(e.toString().hashCode(), HandledEvents.contentHash(e), e.toString());
        }
    }

    @Test
    void aRepeatIsKnownAndTheSameSerialForAnotherEventIsNew() {
        HandledEvents handled = new HandledEvents();
        Event crash = new Event.ProcessStateChange("PROCESS_STATE_EXITED", ProcessState.EXITED, new ProcessId("web", "web"),
                "RUNNING", 42, null, false);
        Event other = new Event.ProcessStateChange("PROCESS_STATE_EXITED", ProcessState.EXITED, new ProcessId("web", "web"),
                "RUNNING", 43, null, false);
        assertTrue(handled.firstTime("7", crash));
        assertFalse(handled.firstTime("7", crash), "supervisord handed it over again");
        assertTrue(handled.firstTime("7", other), "serials start again at a supervisord restart");
    }
}
