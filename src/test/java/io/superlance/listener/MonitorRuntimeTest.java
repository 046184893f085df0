package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.AlertSink;
import io.superlance.alert.spool.Spool;
import io.superlance.log.Log;
import io.superlance.monitor.Action;
import io.superlance.monitor.CheckOperations;
import io.superlance.monitor.CheckingMonitor;
import io.superlance.monitor.CrashMailMonitor;
import io.superlance.monitor.LogMonitor;
import io.superlance.monitor.ProgramSelector;
import io.superlance.monitor.TimedMonitor;
import io.superlance.protocol.Event;
import io.superlance.protocol.ProcessId;
import io.superlance.protocol.ProcessState;

import io.superlance.rpc.ProcessInfo;
import io.superlance.testing.VirtualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonitorRuntimeTest {
    static final Instant T = Instant.parse("2024-05-06T07:08:09.123Z");

    @TempDir
    Path dir;

    /**
     * Does what the test says on events and on the first decision of a check, alerts when woken, and
     * records the thread each way in came on, and how many calls were in it at once at most.
     */
    static final class Scripted implements TimedMonitor, CheckingMonitor {
        final Function<Instant, List<Action>> onEvent;
        final Function<List<ProcessInfo>, List<Action>> decide;
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger mostInside = new AtomicInteger();
        volatile Duration slow = Duration.ZERO; // each call takes this long
        final CountDownLatch woken = new CountDownLatch(1);
        final CountDownLatch decided = new CountDownLatch(1);
        volatile Instant wokenAt;

        Scripted(Function<Instant, List<Action>> onEvent, Function<List<ProcessInfo>, List<Action>> decide) {
            this.onEvent = onEvent;
            this.decide = decide;
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public Set<String> events() {
            return Set.of("TICK_5");
        }

        /** Notes the thread and the calls under way, and takes {@link #slow}. */
        private void enter() {
            threads.add(Thread.currentThread().getName());
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                Thread.sleep(slow.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inside.decrementAndGet();
        }

        @Override
        public List<Action> onEvent(Event event, Instant now) {
            enter();
            return onEvent.apply(now);
        }

        @Override
        public List<Action> onTimer(Instant now) {
            enter();
            wokenAt = now;
            woken.countDown();
            return List.of(new Action.Notify(sampleAlert(now)));
        }

        /** The process list, the test's decision, then the restarts it named. */
        @Override
        public void check(String trigger, CheckOperations io, Guard guard) throws IOException {
            List<ProcessInfo> processes = io.processes();
            List<Action.Restart> restarts = guard.decide((now, actions) -> {
                enter();
                decided.countDown();
                List<Action.Restart> r = new ArrayList<>();
                for (Action a : decide.apply(processes)) {
                    if (a instanceof Action.Restart restart) {
                        r.add(restart);
                    } else {
                        actions.add(a);
                    }
                }
                return r;
            });
            for (Action.Restart r : restarts == null ? List.<Action.Restart>of() : restarts) {
                io.restart(r);
            }
        }

        @Override
        public List<Action> onStop(Instant now) {
            return List.of();
        }

        @Override
        public Alert sampleAlert(Instant now) {
            return Alert.of("scripted", AlertKind.LOG_MATCH, now).id("1").subject("tick").build();
        }
    }

    static final Event TICK = new Event.Tick("TICK_5", 5, 1);
    static final Action.Check PROCESSES = new Action.Check("TICK_5");

    @Test
    void aWakeCallsTheMonitorBackNoEarlierThanAsked_andCarriesOutWhatItReturns() throws Exception {
        LinkedBlockingQueue<Alert> sent = new LinkedBlockingQueue<>();
        Instant at = Instant.now().plusMillis(200);
        Scripted alarm = new Scripted(now -> List.of(new Action.Wake(at)), s -> List.of());
        try (MonitorRuntime runtime = new MonitorRuntime(alarm, sent::add, null, null, Clock.systemUTC())) {
            runtime.onEvent(TICK, null);
            Alert a = sent.poll(2, TimeUnit.SECONDS);
            assertNotNull(a, "no alert from the timer");
            assertTrue(!alarm.wokenAt.isBefore(at), alarm.wokenAt + " is before " + at);
        }
    }

    /**
     * An event is decided on the thread that read it, with no hand-over; a wake-up on the timer thread, a
     * check's decision on the check thread; and never two of them at once: the monitor's lock keeps them apart.
     */
    @Test
    void eventsAreDecidedOnTheReadingThread_wakeUpsAndCheckDecisionsElsewhere_neverTwoAtOnce() throws Exception {
        Scripted monitor = new Scripted(now -> List.of(new Action.Wake(now), PROCESSES), s -> List.of());
        monitor.slow = Duration.ofMillis(20);
        try (MonitorRuntime runtime = new MonitorRuntime(monitor, a -> { }, null, new FakeOperations(), Clock.systemUTC())) {
            for (int i = 0; i < 10; i++) {
                runtime.onEvent(TICK, null);
            }
            assertTrue(monitor.woken.await(5, TimeUnit.SECONDS) && monitor.decided.await(5, TimeUnit.SECONDS),
                    "the timer and the check's decision came");
        }
        assertEquals(Set.of(Thread.currentThread().getName(), "timers", "checks"), monitor.threads);
        assertEquals(1, monitor.mostInside.get(), "two calls were in the monitor at once");
    }

    static LogMonitor logmon() {
        return new LogMonitor(new LogMonitor.Settings(ProgramSelector.all(), List.of(Pattern.compile("ERROR")), List.of(),
                Set.of("stdout"), Duration.ofSeconds(10), null, ZoneOffset.UTC, "h"));
    }

    static Event log(String name, String data) {
        return new Event.ProcessLog("PROCESS_LOG_STDOUT", new ProcessId("g", name), 7, "stdout", data);
    }

    /** What {@code kill -9} does to the listener: nothing after it runs. */
    static final class Killed extends Error {
    }

    /**
     * One event closes two logmon windows, and the listener is killed after the first folded alert is in
     * the spool, before the second is. Started again, it must still send the second: its window must not
     * have been saved as closed. The first line of each program went out at once, before.
     */
    @Test
    void aKillBetweenTheTwoAlertsOfOneEventLosesNeither() throws Exception {
        VirtualClock clock = new VirtualClock(T);
        Spool spool = Spool.open(dir, 100, List.of("mail"));
        AlertSink dying = alert -> {
            if (spool.size() == 3) {
                throw new Killed();
            }
            spool.add(alert, null);
        };
        try (MonitorRuntime first = new MonitorRuntime(logmon(), dying, dir, null, clock)) {
            first.start();
            first.onEvent(log("web", "ERROR web is down\nERROR web again\n"), "1");
            first.onEvent(log("api", "ERROR api is down\nERROR api again\n"), "2");
            clock.set(T.plusSeconds(20)); // both windows are due: the next event closes them
            assertThrows(Killed.class, () -> first.onEvent(log("db", "all is well\n"), "3"));
        }
        spool.close();

        // supervisord starts the listener again
        Set<String> delivered = new TreeSet<>();
        try (Spool again = Spool.open(dir, 100, List.of("mail"))) {
            again.entries().forEach(e -> delivered.add(e.alert().subject()));
        }
        assertEquals(Set.of("logmon: g:api: ERROR api is down", "logmon: g:web: ERROR web is down",
                "logmon: g:web: 1 more matching line"), delivered, "the first lines at once, the first folded alert");
        LinkedBlockingQueue<Alert> sent = new LinkedBlockingQueue<>();
        try (MonitorRuntime second = new MonitorRuntime(logmon(), sent::add, dir, null, clock)) {
            second.start(); // the windows still open in the journal close at once
            for (Alert a = sent.poll(2, TimeUnit.SECONDS); a != null; a = sent.poll(500, TimeUnit.MILLISECONDS)) {
                delivered.add(a.subject());
            }
            second.stop(Duration.ZERO);
        }
        assertEquals(Set.of("logmon: g:api: ERROR api is down", "logmon: g:web: ERROR web is down",
                        "logmon: g:api: 1 more matching line", "logmon: g:web: 1 more matching line"), delivered,
                "neither alert is lost");
        LogMonitor third = logmon();
        StateJournal.of(third, new HandledEvents(), dir).load();
        assertEquals(List.of(), third.resume(T.plusSeconds(30)), "once sent, no window is left to send again");
    }

    static final Event.ProcessStateChange CRASH = new Event.ProcessStateChange("PROCESS_STATE_EXITED",
            ProcessState.EXITED, new ProcessId("web", "web"), "RUNNING", 4242, null, false);

    /** supervisord hands an event over again after another listener's kill -9: it carries the same serial. */
    @Test
    void anEventSentAgainIsAlertedOnce_alsoAfterARestart() {
        List<Alert> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        Event.ProcessStateChange other = new Event.ProcessStateChange("PROCESS_STATE_EXITED",
                ProcessState.EXITED, new ProcessId("web", "web"), "RUNNING", 4343, null, false);
        try (MonitorRuntime first = new MonitorRuntime(crashmail(), sent::add, dir, null, Clock.systemUTC())) {
            first.start();
            first.onEvent(CRASH, "21");
            first.onEvent(CRASH, "21");
            assertEquals(1, sent.size(), "the repeat is not alerted");
        } // kill -9
        try (MonitorRuntime second = new MonitorRuntime(crashmail(), sent::add, dir, null, Clock.systemUTC())) {
            second.start();
            second.onEvent(CRASH, "21"); // the event the killed listener had in flight, handed over again
            assertEquals(1, sent.size(), "the repeat after a restart is not alerted");
            second.onEvent(CRASH, "22");
            second.onEvent(other, "21"); // supervisord restarted: its serials began again
            second.onEvent(CRASH, null); // no serial: nothing to recognise it by
        }
        assertEquals(4, sent.size(), "other events are alerted");
    }

    @Test
    void withoutADirectoryAnEventSentAgainIsStillAlertedOnce() {
        List<Alert> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MonitorRuntime runtime = new MonitorRuntime(crashmail(), sent::add, null, null, Clock.systemUTC())) {
            for (int serial = 0; serial < 3 * HandledEvents.KEEP; serial++) {
                runtime.onEvent(CRASH, Integer.toString(serial));
            }
            runtime.onEvent(CRASH, Integer.toString(3 * HandledEvents.KEEP - 1));
            runtime.onEvent(CRASH, Integer.toString(3 * HandledEvents.KEEP - HandledEvents.KEEP));
        }
        assertEquals(3 * HandledEvents.KEEP, sent.size(), "the last " + HandledEvents.KEEP + " are remembered");
    }

    static CrashMailMonitor crashmail() {
        return new CrashMailMonitor(ProgramSelector.all(), null, ZoneOffset.UTC);
    }

    @Test
    void eventsAreDecidedAtOnceWhileARestartIsUnderWay() throws Exception {
        FakeOperations ops = new FakeOperations();
        LinkedBlockingQueue<Alert> sent = new LinkedBlockingQueue<>();
        Scripted restarter = new Scripted(now -> List.of(new Action.Notify(Alert.of("scripted", AlertKind.LOG_MATCH, now).id("1").subject("tick").build()), PROCESSES), s -> List.of(new Action.Restart(s.get(0))));
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        Log.to(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try (MonitorRuntime runtime = new MonitorRuntime(restarter, sent::add, null, ops, Clock.systemUTC())) {
            runtime.onEvent(TICK, null);
            assertTrue(ops.restartStarted.await(5, TimeUnit.SECONDS));
            long start = System.nanoTime();
            runtime.onEvent(TICK, null);
            runtime.onEvent(TICK, null);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(3, sent.size(), "each tick's alert is in the spool when onEvent returns");
            assertTrue(ms < 1000, "two events took " + ms + " ms while the restart hung");
            ops.releaseRestart.countDown();
        } finally {
            Log.to(System.err);
        }
        // the stop waited for the restart; the check it belonged to then ends quietly, not with an error
        String log = logged.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("web restarted"), log);
        assertFalse(log.contains("ERROR"), log);
    }
}
