package io.superlance.listener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.superlance.alert.Alert;
import io.superlance.log.CapturedLog;
import io.superlance.monitor.Action;
import io.superlance.monitor.CheckOperations;
import io.superlance.monitor.CheckingMonitor;
import io.superlance.monitor.HttpOkMonitor;
import io.superlance.monitor.Incidents;
import io.superlance.monitor.RestartBudget;
import io.superlance.protocol.Event;
import io.superlance.status.HostStatus;
import io.superlance.testing.VirtualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class CheckResultsTest {
    static final Instant T = Instant.parse("2026-12-02T08:00:00Z");
    static final String URL = "http://127.0.0.1:1/health";

    @TempDir
    Path root;

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    /** httpok alerting only, each bad answer an incident after --for 2: one failure alerts nothing. */
    static HttpOkMonitor httpok(String programs, int forChecks) {
        return new HttpOkMonitor(HttpOkMonitor.Settings.of(URL).timeout(Duration.ofSeconds(5))
                .programs(programs == null ? null : io.superlance.monitor.ProgramSelector.of(List.of(programs), false)).gcore(null).build(), new RestartBudget(null), new Incidents("host", "httpok", forChecks, null, true));
    }

    /** A spool directory as a listener leaves it, for {@code superlance status} to find. */
    private Path spool(String name) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.createFile(dir.resolve("lock"));
        return dir;
    }

    /** What status shows once the monitor's journal says what {@code until} waits for. */
    private HostStatus.Monitor status(Predicate<HostStatus.Monitor> until) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            List<HostStatus.Monitor> ms = HostStatus.read(root);
            if (ms.size() == 1 && until.test(ms.get(0))) {
                return ms.get(0);
            }
            Thread.sleep(20);
        }
        fail("status never showed it: " + HostStatus.table(HostStatus.read(root), T));
        return null;
    }

    private static Predicate<HostStatus.Monitor> lastAt(String kind, Instant at) {
        return m -> m.checks().stream().anyMatch(c -> c.kind().equals(kind) && c.at().equals(at));
    }

    @Test
    void aCheckThatFailsThenSucceeds_statusShowsEach_andTheLogSaysOkAgainOnce() throws Exception {
        Path dir = spool("httpok");
        FakeOperations ops = new FakeOperations();
        VirtualClock clock = new VirtualClock(T);
        try (MonitorRuntime runtime = new MonitorRuntime(httpok(null, 2), a -> { }, dir, ops, clock)) {
            runtime.start();
            runtime.onEvent(new Event.Tick("TICK_5", 5, T.getEpochSecond()), "1");
            awaitChecks(runtime, 1);
            HostStatus.Monitor failed = status(lastAt(CheckResults.CHECK, T));
            CheckResults.Result c = failed.checks().get(0);
            assertEquals(List.of(false, "GET " + URL, "bad status 500 Internal Server Error"), List.of(c.ok(), c.what(), c.reason()));
            String table = HostStatus.table(List.of(failed), T.plusSeconds(3));
            assertTrue(table.contains("last check:  3s ago (") && table.contains("FAILED: GET " + URL
                    + ": bad status 500 Internal Server Error (no success known)"), table);
            JsonNode json = new ObjectMapper().readTree(HostStatus.json(List.of(failed))).get(0);
            assertEquals("failed", json.get("lastCheck").get("result").asText());
            assertTrue(json.get("lastCheck").get("lastOk").isNull());
            assertTrue(json.get("lastPing").isNull(), "httpok does not ping");
            assertEquals(List.of(), log.lines("INFO").stream().filter(l -> l.contains("ok again")).toList());

            ops.status = 200;
            clock.set(T.plusSeconds(5));
            runtime.onEvent(new Event.Tick("TICK_5", 5, T.getEpochSecond() + 5), "2");
            awaitChecks(runtime, 2);
            HostStatus.Monitor ok = status(lastAt(CheckResults.CHECK, T.plusSeconds(5)));
            table = HostStatus.table(List.of(ok), T.plusSeconds(65));
            assertTrue(table.contains("last check:  1m ago (") && table.contains("ok: GET " + URL + ": 200 OK\n"), table);
            json = new ObjectMapper().readTree(HostStatus.json(List.of(ok))).get(0);
            assertEquals("ok", json.get("lastCheck").get("result").asText());
            assertEquals(T.plusSeconds(5).toString(), json.get("lastCheck").get("lastOk").asText());

            // the check failing again keeps when it last went well
            ops.status = 500;
            clock.set(T.plusSeconds(10));
            runtime.onEvent(new Event.Tick("TICK_5", 5, T.getEpochSecond() + 10), "3");
            table = HostStatus.table(List.of(status(lastAt(CheckResults.CHECK, T.plusSeconds(10)))), T.plusSeconds(10));
            assertTrue(table.contains("(last ok 5s ago)"), table);
        }
        List<String> okAgain = log.lines("INFO").stream().filter(l -> l.contains("ok again")).toList();
        assertEquals(1, okAgain.size(), log.text());
        assertTrue(okAgain.get(0).endsWith("GET " + URL + " ok again: 200 OK"), okAgain.get(0));
    }

    @Test
    void aSuccessThatResolvesAnIncidentIsToldByTheResolutionAlone() throws Exception {
        FakeOperations ops = new FakeOperations();
        VirtualClock clock = new VirtualClock(T);
        List<Alert> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MonitorRuntime runtime = new MonitorRuntime(httpok(null, 1), sent::add, null, ops, clock)) {
            runtime.onEvent(new Event.Tick("TICK_5", 5, T.getEpochSecond()), "1");
            awaitChecks(runtime, 1);
            ops.status = 200;
            clock.set(T.plusSeconds(5));
            runtime.onEvent(new Event.Tick("TICK_5", 5, T.getEpochSecond() + 5), "2");
            awaitChecks(runtime, 2);
        }
        assertEquals(List.of(false, true), sent.stream().map(Alert::resolved).toList());
        assertEquals(List.of(), log.lines("INFO").stream().filter(l -> l.contains("ok again")).toList(), log.text());
    }

    /** Waits for the {@code n}th check to be over, so that the next tick is not skipped. */
    static void awaitChecks(MonitorRuntime runtime, long n) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            CheckResults.Counts c = runtime.checkCounts();
            if (c.checksOk() + c.checksFailed() >= n && !runtime.checking()) {
                return;
            }
            Thread.sleep(10);
        }
        fail("no " + n + " checks: " + runtime.checkCounts());
    }

    /** heartbeat's part that matters here: a check that comes out ok, then a success ping. */
    static CheckingMonitor pinger() {
        Action.Ping ping = new Action.Ping("https://hc.example/ping/5f4c2a1e-9b7d-4c3e-8a2f-1b6d9e0c7a35", "GET", "", Duration.ofSeconds(1), 0, false);
        return new CheckingMonitor() {
            @Override
            public void check(String trigger, CheckOperations io, Guard guard) throws IOException {
                io.processes();
                guard.decide((now, actions) -> actions.add(new Action.CheckResult("the watched programs", true, "1 RUNNING")));
                io.ping(ping);
            }

            @Override
            public String name() {
                return "heartbeat";
            }

            @Override
            public Set<String> events() {
                return Set.of("TICK_60");
            }

            @Override
            public List<Action> onEvent(Event event, Instant now) {
                return List.of(new Action.Check(event.name()));
            }

            @Override
            public Alert sampleAlert(Instant now) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void aPingsOutcomeIsInStatusToo() throws Exception {
        Path dir = spool("heartbeat");
        CheckingMonitor pinger = pinger();
        try (MonitorRuntime runtime = new MonitorRuntime(pinger, a -> { }, dir, new FakeOperations(),
                new VirtualClock(T))) {
            runtime.onEvent(new Event.Tick("TICK_60", 60, T.getEpochSecond()), "1");
            HostStatus.Monitor m = status(lastAt(CheckResults.PING, T));
            String table = HostStatus.table(List.of(m), T);
            assertTrue(table.contains("last check:  0ms ago (") && table.contains("ok: the watched programs: 1 RUNNING"), table);
            assertTrue(table.contains("last ping:   0ms ago (") && table.contains("FAILED: success ping to https://hc.example/ping/")
                    && table.contains(": Connection refused (no success known)"), table);
            assertTrue(!table.contains("5f4c2a1e"), "the ping URL is its secret: " + table);
            JsonNode json = new ObjectMapper().readTree(HostStatus.json(List.of(m))).get(0);
            assertEquals("failed", json.get("lastPing").get("result").asText());
            assertEquals("ok", json.get("lastCheck").get("result").asText());
        }
    }

    @Test
    void theFirstSuccessAfterAFailureIsLoggedAtOnce_otherwiseOneSummaryAnHour() {
        CheckResults r = new CheckResults(io.superlance.log.Log.of("httpok"));
        r.record(CheckResults.CHECK, T, false, "GET " + URL, "timed out", false);
        assertEquals(List.of(), log.lines("INFO"), "a failure is logged by what failed");
        r.record(CheckResults.CHECK, T.plusSeconds(60), true, "GET " + URL, "200 OK", false);
        assertEquals(1, log.lines("INFO").size(), log.text());
        assertTrue(log.lines("INFO").get(0).endsWith("GET " + URL + " ok again: 200 OK"), log.text());

        // then every minute for the rest of the hour: nothing, however many
        for (int minute = 2; minute < 60; minute++) {
            r.record(CheckResults.CHECK, T.plusSeconds(60L * minute), true, "GET " + URL, "200 OK", false);
            r.record(CheckResults.PING, T.plusSeconds(60L * minute), true, "success ping to https://hc/x", "went through", true);
        }
        assertEquals(1, log.lines("INFO").size(), log.text());
        // the first after the hour passed tells the hour's
        r.record(CheckResults.CHECK, T.plusSeconds(3600), true, "GET " + URL, "200 OK", false);
        List<String> lines = log.lines("INFO");
        assertEquals(2, lines.size(), log.text());
        assertTrue(lines.get(1).endsWith("in the last hour: 59 checks ok, 1 failed (GET " + URL + "); "
                + "58 pings ok (success ping to https://hc/x)"), lines.get(1));
        // and the next hour starts over
        r.record(CheckResults.CHECK, T.plusSeconds(3600 + 1800), true, "GET " + URL, "200 OK", false);
        assertEquals(2, log.lines("INFO").size(), log.text());
        r.record(CheckResults.CHECK, T.plusSeconds(7200), true, "GET " + URL, "200 OK", false);
        assertTrue(log.lines("INFO").get(2).endsWith("in the last hour: 2 checks ok (GET " + URL + ")"), log.text());
    }

    @Test
    void aPingThatGoesThroughAgainIsNotLoggedTwice() {
        CheckResults r = new CheckResults(io.superlance.log.Log.of("httpok"));
        r.record(CheckResults.PING, T, false, "success ping to https://hc/x", "Connection refused", true);
        r.record(CheckResults.PING, T.plusSeconds(60), true, "success ping to https://hc/x", "went through", true);
        assertEquals(List.of(), log.lines("INFO"), "CheckWorker says 'went through again' itself");
    }

    @Test
    void aCheckSupervisordGaveNoProcessListForIsAFailedCheck_sayingWhy() throws Exception {
        Path dir = spool("memmon");
        SupervisorWatchRuntimeTest.Unreachable ops = new SupervisorWatchRuntimeTest.Unreachable();
        io.superlance.monitor.MemMonitor memmon = new io.superlance.monitor.MemMonitor(new io.superlance.monitor.MemoryLimits(
                java.util.Map.of("web", 100L << 20), java.util.Map.of(), null), false, null, null, 1, new RestartBudget(null),
                java.time.ZoneOffset.UTC);
        VirtualClock clock = new VirtualClock(T);
        try (MonitorRuntime runtime = new MonitorRuntime(memmon, a -> { }, dir, ops, clock)) {
            runtime.onEvent(new Event.Tick("TICK_5", 5, T.getEpochSecond()), "1");
            awaitChecks(runtime, 1);
            String table = HostStatus.table(List.of(status(lastAt(CheckResults.CHECK, T))), T);
            assertTrue(table.contains("FAILED: supervisord's process list: cannot talk to supervisord at http://127.0.0.1:1: "
                    + "Connection refused (no success known)"), table);
            ops.reads.set(2); // it answers from now on
            clock.set(T.plusSeconds(5));
            runtime.onEvent(new Event.Tick("TICK_5", 5, T.getEpochSecond() + 5), "2");
            awaitChecks(runtime, 2);
            table = HostStatus.table(List.of(status(lastAt(CheckResults.CHECK, T.plusSeconds(5)))), T.plusSeconds(5));
            assertTrue(table.contains(", ok: RSS of the watched programs: "), table);
        }
    }
}
