package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.monitor.Incidents;
import io.superlance.monitor.MemMonitor;
import io.superlance.monitor.MemoryLimits;
import io.superlance.monitor.ProgramSelector;
import io.superlance.monitor.RestartBudget;
import io.superlance.monitor.RpcFailure;
import io.superlance.proc.ProcessTree;
import io.superlance.protocol.Event;
import io.superlance.rpc.ProcessInfo;
import io.superlance.rpc.RpcException;
import io.superlance.status.HostStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A monitor's checks tell the runtime what supervisord answered: it alerts when supervisord does not, and about names matching nothing. */
class SupervisorWatchRuntimeTest {
    static final Event TICK = new Event.Tick("TICK_5", 5, 1);

    /** supervisord refuses the first two reads of the process list, then answers with web alone. */
    static final class Unreachable extends FakeOperations {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public List<ProcessInfo> processes() {
            if (reads.incrementAndGet() <= 2) {
                throw new IllegalStateException(new RpcException("cannot talk to supervisord at http://127.0.0.1:1: Connection refused"));
            }
            return List.of(WEB);
        }

        @Override
        public ProcessTree memory() throws IOException {
            return ProcessTree.of(List.of());
        }

        @Override
        public RpcFailure rpcFailure(Exception failure) {
            return new RpcFailure("http://127.0.0.1:1", failure.getCause().getMessage());
        }
    }

    /** Ticks, each taken once the check before it has finished, until {@code done}. */
    static void tickUntil(MonitorRuntime runtime, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out");
            runtime.onEvent(TICK, null);
            Thread.sleep(20);
        }
    }

    @Test
    void supervisordNotAnsweringIsOneAlert_resolvedByItsAnswer_whichAlsoShowsAMisspeltName() throws Exception {
        Unreachable ops = new Unreachable();
        List<Alert> sent = new CopyOnWriteArrayList<>();
        MemMonitor memmon = new MemMonitor(new MemoryLimits(Map.of("wbe", 100L << 20), Map.of(), null), false, null, null, 1,
                new RestartBudget(null), ZoneOffset.UTC);
        try (MonitorRuntime runtime = new MonitorRuntime(memmon, sent::add, null, ops, Clock.systemUTC())) {
            tickUntil(runtime, () -> sent.size() >= 3);
            List<String> subjects = sent.stream().map(a -> a.kind() + " " + a.resolved() + " " + a.subject()).toList();
            assertEquals(List.of("SupervisorUnreachable false memmon: supervisord at http://127.0.0.1:1 does not answer",
                    "SupervisorUnreachable true memmon: supervisord at http://127.0.0.1:1 answers again",
                    "NoSuchProgram false memmon: -p wbe matches no program of this supervisord (programs: web; did you mean web?)"),
                    subjects);
            int reads = ops.reads.get();
            tickUntil(runtime, () -> ops.reads.get() >= reads + 5);
            assertEquals(3, sent.size(), "once per condition");
            assertFalse(sent.stream().anyMatch(a -> a.kind() == AlertKind.PROCESS_CRASHED));
            assertEquals(1, runtime.incidentsFiring(), "the misspelt name fires in --metrics-file too; supervisord answers again");
        }
    }

    static MemMonitor memmonOfWbe() {
        return new MemMonitor(new MemoryLimits(Map.of("wbe", 100L << 20), Map.of(), null), false, null, null, 1,
                new RestartBudget(null), ZoneOffset.UTC);
    }

    /**
     * The listener restarted (kill -9, an upgrade) while a name matched nothing: its journal keeps the watch's
     * incident, so the restarted listener does not alert it again, and superlance status shows it firing.
     */
    @Test
    void aWatchIncidentIsKeptInTheJournal_soARestartDoesNotAlertItAgain_andStatusShowsIt(@TempDir Path dir) throws Exception {
        Files.createFile(dir.resolve("lock")); // a spool directory, as status finds them
        List<Alert> sent = new CopyOnWriteArrayList<>();
        Unreachable first = new Unreachable();
        first.reads.set(2); // supervisord answers, with web alone
        try (MonitorRuntime runtime = new MonitorRuntime(memmonOfWbe(), sent::add, dir, first, Clock.systemUTC(), Duration.ofHours(4))) {
            runtime.start();
            tickUntil(runtime, () -> !sent.isEmpty());
            tickUntil(runtime, () -> first.reads.get() >= 2 + 3); // a few events more: the journal is written after each
        }
        assertEquals(List.of("NoSuchProgram memmon: -p wbe matches no program of this supervisord (programs: web; did you mean web?)"),
                sent.stream().map(a -> a.kind() + " " + a.subject()).toList());

        Unreachable second = new Unreachable();
        second.reads.set(2);
        try (MonitorRuntime runtime = new MonitorRuntime(memmonOfWbe(), sent::add, dir, second, Clock.systemUTC(), Duration.ofHours(4))) {
            runtime.start();
            tickUntil(runtime, () -> second.reads.get() >= 2 + 5);
            assertEquals(1, sent.size(), "not alerted again after the restart: " + sent);
            assertEquals(1, runtime.incidentsFiring());
        }
        List<Incidents.Firing> firing = HostStatus.read(dir).get(0).firing();
        assertEquals(List.of("-p wbe"), firing.stream().map(Incidents.Firing::what).toList());
    }

    /**
     * crashmail and logmon check nothing, yet {@code -p wbe} for {@code web} would mail nothing, forever:
     * they read the process list at start (no event needed) and at each TICK they get, and alert the name
     * once; supervisord not answering them is logged, not alerted (they work without it).
     */
    @Test
    void crashmailAndLogmonReadTheProcessListAtStartAndEachTick_toAlertANameMatchingNothing() throws Exception {
        ProcessInfo wbe = new ProcessInfo("wbe", "wbe", 20, "RUNNING", 100, 1, 2, 0, "");
        for (io.superlance.monitor.Monitor monitor : List.of(
                new io.superlance.monitor.CrashMailMonitor(ProgramSelector.of(List.of("wbe"), false), null, ZoneOffset.UTC),
                new io.superlance.monitor.LogMonitor(new io.superlance.monitor.LogMonitor.Settings(
                        ProgramSelector.of(List.of("wbe"), false), List.of(java.util.regex.Pattern.compile("ERROR")), List.of(),
                        java.util.Set.of("stdout"), Duration.ofSeconds(10), null, ZoneOffset.UTC, "h")))) {
            List<Alert> sent = new CopyOnWriteArrayList<>();
            FakeOperations ops = new FakeOperations();
            try (MonitorRuntime runtime = new MonitorRuntime(monitor, sent::add, null, ops, Clock.systemUTC())) {
                assertTrue(runtime.wants("TICK_60"), "it takes ticks to read the list again");
                runtime.start();
                waitFor(() -> !sent.isEmpty());
                boolean crashmail = monitor.name().equals("crashmail");
                assertEquals(List.of(crashmail
                                ? "crashmail: -p wbe matches no program of this supervisord (programs: web; did you mean web?)"
                                : "logmon: -p wbe matches no program of this supervisord (programs: web; did you mean web?)"),
                        sent.stream().map(Alert::subject).toList());
                assertEquals(AlertKind.NO_SUCH_PROGRAM, sent.get(0).kind());
                ops.processes(List.of(FakeOperations.WEB, wbe));
                tickUntil(runtime, () -> sent.size() >= 2);
                assertTrue(sent.get(1).resolved());
                assertEquals(crashmail ? "crashmail: -p wbe now matches wbe" : "logmon: -p wbe now matches wbe",
                        sent.get(1).subject());
            }
        }
        List<Alert> sent = new CopyOnWriteArrayList<>();
        Unreachable ops = new Unreachable();
        try (MonitorRuntime runtime = new MonitorRuntime(
                new io.superlance.monitor.CrashMailMonitor(ProgramSelector.of(List.of("web"), false), null, ZoneOffset.UTC),
                sent::add, null, ops, Clock.systemUTC())) {
            runtime.start();
            tickUntil(runtime, () -> ops.reads.get() >= 4);
            assertEquals(List.of(), sent, "supervisord not answering crashmail is no alert; web matches once it answers");
        }
    }

    static void waitFor(BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out");
            Thread.sleep(10);
        }
    }
}
