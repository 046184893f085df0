package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.listener.FakeOperations;
import io.superlance.proc.ProcessTree;
import io.superlance.protocol.Event;
import io.superlance.protocol.ProcessId;
import io.superlance.rpc.ProcessInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemMonitorTest {
    static final long MB = 1024 * 1024;
    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    static ProcessInfo running(String group, String name, int pid, long upSeconds) {
        long now = T0.getEpochSecond();
        return new ProcessInfo(name, group, 20, "RUNNING", pid, now - upSeconds, now, 0, "pid " + pid);
    }

    static MemMonitor memmon(MemoryLimits limits, boolean cumulative, Duration uptime, String name, int forChecks,
                             RestartBudget.Limit budget) {
        return new MemMonitor(limits, cumulative, uptime, name, forChecks, new RestartBudget(budget), ZoneOffset.UTC);
    }

    static MemoryLimits programs(Map<String, Long> p) {
        return new MemoryLimits(p, Map.of(), null);
    }

    static final ProcessTree TREE = ProcessTree.of(List.of(
            new ProcessTree.Entry(100, 1, 300 * MB),   // web, over 200MB
            new ProcessTree.Entry(200, 1, 50 * MB),    // api, under
            new ProcessTree.Entry(300, 1, 10 * MB),    // shell parent ...
            new ProcessTree.Entry(301, 300, 150 * MB), // ... whose child holds the memory
            new ProcessTree.Entry(302, 301, 60 * MB)));// ... and grandchild

    static final List<ProcessInfo> PROCS = List.of(running("web", "web", 100, 60), running("grp", "api", 200, 60),
            running("tree", "tree", 300, 60),
            new ProcessInfo("stopped", "stopped", 0, "STOPPED", 0, 0, T0.getEpochSecond(), 0, "Not started"));

    /** One check of {@code m} at {@code now}: supervisord lists PROCS, /proc has TREE, restarts work. */
    static List<Action> check(MemMonitor m, Instant now) throws IOException {
        return check(m, now, TREE);
    }

    static List<Action> check(MemMonitor m, Instant now, ProcessTree memory) throws IOException {
        return new FakeOperations().processes(PROCS).memory(memory).restarting(MemMonitorTest::ok).check(m, now);
    }

    static List<Action.Restart> restarts(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.Restart).map(a -> (Action.Restart) a).toList();
    }

    static List<Alert> alerts(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.Notify).map(a -> ((Action.Notify) a).alert()).toList();
    }

    static Effect ok(Action r) {
        return new Effect(r, null, null, List.of());
    }

    @Test
    void anyTickAsksForProcessesAndMemory_otherEventsNothing() throws IOException {
        MemMonitor m = memmon(programs(Map.of("web", 200 * MB)), false, null, null, 1, null);
        List<Action> a = m.onEvent(new Event.Tick("TICK_5", 5, 1), T0);
        assertEquals(List.of(new Action.Check("TICK_5")), a);
        assertEquals(1, m.onEvent(new Event.Tick("TICK_3600", 3600, 1), T0).size());
        assertEquals(List.of(), m.onEvent(new Event.SupervisorStateChange("SUPERVISOR_STATE_CHANGE_RUNNING"), T0));
    }

    @Test
    void restartsOnlyWhatIsOverItsLimit_thenMailsLikeSuperlance() throws IOException {
        MemMonitor m = memmon(programs(Map.of("web", 200 * MB, "api", 200 * MB, "stopped", 1L)), false, null, null, 1, null);
        List<Action> first = check(m, T0);
        assertEquals(new Action.CheckResult("RSS of the watched programs", false, "RSS of web:web is 300 MB, over its limit of 200 MB"),
                first.get(0), "what status and the metrics show of the check");
        List<Action.Restart> r = restarts(first);
        assertEquals(1, r.size());
        assertEquals(new ProcessId("web", "web"), r.get(0).process().id());

        List<Alert> mails = alerts(first);
        assertEquals(1, mails.size());
        assertEquals("memmon: process web:web restarted", mails.get(0).subject());
        assertEquals("memmon restarted the process named web:web at Sat Nov 21 10:00:00 2026 UTC because it was "
                + "consuming too much memory (" + 300 * MB + " bytes RSS)", mails.get(0).body());
    }

    @Test
    void namespecLimitsWork_andProgramBeatsGroupBeatsAny() throws IOException {
        MemoryLimits limits = new MemoryLimits(Map.of("grp:api", 10 * MB), Map.of("web", 1000 * MB), 100 * MB);
        MemMonitor m = memmon(limits, false, null, null, 1, null);
        List<ProcessId> r = restarts(check(m, T0)).stream().map(x -> x.process().id()).toList();
        // api: its namespec limit (10MB) applies; web: its group's 1000MB, not -a's 100MB; tree: -a, 10MB is under.
        assertEquals(List.of(new ProcessId("grp", "api")), r);
    }

    @Test
    void cumulativeCountsTheWholeTree() throws IOException {
        assertEquals(List.of(), restarts(check(memmon(programs(Map.of("tree", 100 * MB)), false, null, null, 1, null), T0)));
        List<Action.Restart> r = restarts(check(memmon(programs(Map.of("tree", 100 * MB)), true, null, null, 1, null), T0));
        assertEquals(1, r.size());
        MemMonitor m = memmon(programs(Map.of("tree", 100 * MB)), true, null, null, 1, null);
        Alert mail = alerts(check(m, T0)).get(0);
        assertTrue(mail.body().contains("(" + 220 * MB + " bytes RSS)"), mail.body());
    }

    @Test
    void theLogSaysSizesAsTheOptionsWriteThem_theMailKeepsSuperlancesBytes() throws IOException {
        MemMonitor m = memmon(programs(Map.of("web", 200 * MB)), false, null, null, 2, null);
        List<String> said = check(m, T0).stream().filter(a -> a instanceof Action.Log)
                .map(a -> ((Action.Log) a).message()).toList();
        assertEquals(List.of("RSS of web:web is 300 MB, over its limit of 200 MB (1 of 2 checks before a restart)"), said);
        ProcessTree barely = ProcessTree.of(List.of(new ProcessTree.Entry(100, 1, 200 * MB + 1)));
        said = check(m, T0.plusSeconds(60), barely).stream().filter(a -> a instanceof Action.Log).map(a -> ((Action.Log) a).message()).toList();
        assertEquals(List.of("RSS of web:web is " + (200 * MB + 1) + " bytes, over its limit of " + 200 * MB + " bytes: restarting"), said,
                "in bytes where the rounded sizes would read the same");
    }

    @Test
    void forWaitsForConsecutiveChecks_andAnUnderReadingStartsOver() throws IOException {
        MemMonitor m = memmon(programs(Map.of("web", 200 * MB)), false, null, null, 3, null);
        assertEquals(0, restarts(check(m, T0)).size());
        assertEquals(0, restarts(check(m, T0.plusSeconds(60))).size());
        ProcessTree under = ProcessTree.of(List.of(new ProcessTree.Entry(100, 1, MB)));
        assertEquals(0, restarts(check(m, T0.plusSeconds(120), under)).size());
        assertEquals(0, restarts(check(m, T0.plusSeconds(180))).size());
        assertEquals(0, restarts(check(m, T0.plusSeconds(240))).size());
        assertEquals(1, restarts(check(m, T0.plusSeconds(300))).size());
        assertEquals(0, restarts(check(m, T0.plusSeconds(360))).size(), "the count starts over after a restart");
    }

    @Test
    void theBudgetAndTheForCountOutliveTheListener() throws IOException {
        RestartBudget.Limit oneAnHour = new RestartBudget.Limit(1, Duration.ofHours(1), "1/1h");
        MemMonitor before = memmon(programs(Map.of("web", 200 * MB)), false, null, null, 2, oneAnHour);
        assertEquals(0, restarts(check(before, T0)).size(), "1 of 2 checks");
        assertEquals(1, restarts(check(before, T0.plusSeconds(60))).size());
        assertEquals(0, restarts(check(before, T0.plusSeconds(120))).size(), "1 of 2 again");
        assertEquals(1, alerts(check(before, T0.plusSeconds(180))).size(), "the budget is spent: one alert");
        assertEquals(List.of("web:web"), Incidents.firingIn(before.state()).stream().map(Incidents.Firing::what).toList(),
                "left alone over its limit: firing in superlance status");

        MemMonitor after = memmon(programs(Map.of("web", 200 * MB)), false, null, null, 2, oneAnHour);
        after.restore(before.state()); // the listener was restarted
        assertEquals(before.state(), after.state(), "restored as kept");
        List<Action> next = check(after, T0.plusSeconds(240));
        assertEquals(0, restarts(next).size(), "still spent");
        assertEquals(0, alerts(next).size(), "and already said so");

        MemMonitor counting = memmon(programs(Map.of("web", 200 * MB)), false, null, null, 2, null);
        check(counting, T0);
        MemMonitor resumed = memmon(programs(Map.of("web", 200 * MB)), false, null, null, 2, null);
        resumed.restore(counting.state());
        assertEquals(1, restarts(check(resumed, T0.plusSeconds(60))).size(), "the second check over the limit");
    }

    @Test
    void restoredValuesItCannotUseAreLeftOut_theOthersKept() throws IOException {
        RestartBudget.Limit oneAnHour = new RestartBudget.Limit(1, Duration.ofHours(1), "1/1h");
        MemMonitor m = memmon(programs(Map.of("web", 200 * MB)), false, null, null, 2, oneAnHour);
        List<String> rejected = m.restore(Map.of("incident.web:web", "pending 1 " + T0 + " - 0", "incident.db:db", "pending -4 " + T0 + " - 0",
                "restarts api:api", "yesterday", "restarts web:web", T0 + " refused"));
        assertEquals(2, rejected.size(), rejected.toString());
        assertTrue(rejected.get(0).startsWith("incident.db:db pending -4") || rejected.get(1).startsWith("incident.db:db pending -4"),
                rejected.toString());
        assertEquals(Map.of("incident.web:web", "pending 1 " + T0 + " - 0", "restarts web:web", T0 + " refused"), m.state(),
                "the usable values are kept");
    }

    @Test
    void maxRestartsStopsRestarting_alertsOnce_andResumesWhenTheWindowFrees() throws IOException {
        MemMonitor m = memmon(programs(Map.of("web", 200 * MB)), false, null, "prod", 1,
                new RestartBudget.Limit(2, Duration.ofHours(1), "2/1h"));
        assertEquals(1, restarts(check(m, T0)).size());
        assertEquals(1, restarts(check(m, T0.plusSeconds(60))).size());
        List<Action> third = check(m, T0.plusSeconds(120));
        assertEquals(0, restarts(third).size());
        List<Alert> a = alerts(third);
        assertEquals(1, a.size());
        assertEquals("memmon [prod]: process web:web not restarted: --max-restarts 2/1h reached", a.get(0).subject());
        assertTrue(a.get(0).body().contains("restarted 2 times within 1h already"), a.get(0).body());
        List<Action> fourth = check(m, T0.plusSeconds(180));
        assertEquals(0, restarts(fourth).size());
        assertEquals(0, alerts(fourth).size(), "one alert, not one per check");
        assertEquals(1, restarts(check(m, T0.plusSeconds(3601))).size(), "the oldest restart left the window");
    }

    @Test
    void uptimeLimitsTheMail_notTheRestart() throws IOException {
        MemMonitor m = memmon(programs(Map.of("web", 200 * MB)), false, Duration.ofSeconds(30), null, 1, null);
        List<Action> checked = check(m, T0); // web has been up 60 s
        assertEquals(1, restarts(checked).size());
        assertEquals(List.of(), alerts(checked));

        MemMonitor young = memmon(programs(Map.of("web", 200 * MB)), false, Duration.ofSeconds(60), null, 1, null);
        checked = check(young, T0);
        assertEquals(1, restarts(checked).size());
        assertEquals(1, alerts(checked).size());
    }

    @Test
    void aFailedRestartIsAlertedWithTheFault() throws IOException {
        MemMonitor m = memmon(programs(Map.of("web", 200 * MB)), false, null, null, 1, null);
        List<Action> checked = new FakeOperations().processes(PROCS).memory(TREE).restarting(r ->
                new Effect(r, "start", "supervisor.startProcess(web, true) failed: SPAWN_ERROR: web", List.of())).check(m, T0);
        assertEquals(1, restarts(checked).size());
        Alert a = alerts(checked).get(0);
        assertEquals("memmon: failed to start process web:web", a.subject());
        assertEquals("Failed to start process web:web after stopping it: supervisor.startProcess(web, true) failed: SPAWN_ERROR: web", a.body());
    }

    @Test
    void aProcessGoneSinceTheListingIsSkipped() throws IOException {
        MemMonitor m = memmon(programs(Map.of("web", 1L)), false, null, null, 1, null);
        assertEquals(List.of(new Action.CheckResult("RSS of the watched programs", true, "0 programs within the limits")),
                check(m, T0, ProcessTree.of(List.of())));
    }
}
