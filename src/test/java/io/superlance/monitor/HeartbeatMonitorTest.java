package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventNames;
import io.superlance.protocol.ProcessId;
import io.superlance.protocol.ProcessState;
import io.superlance.rpc.ProcessInfo;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeartbeatMonitorTest {
    private static final Instant T0 = Instant.parse("2026-11-21T05:00:00Z");
    private static final String URL = "https://hc.example/ping/abc";

    private static HeartbeatMonitor monitor(List<String> programs, int every, String failParam, List<HeartbeatMonitor.Within> within) {
        return new HeartbeatMonitor(new HeartbeatMonitor.Settings(EventNames.TICK_5,
                ProgramSelector.of(programs, programs.isEmpty()), every, URL, URL + "/fail", failParam, "POST",
                Duration.ofSeconds(3), 2, within, "host1", ZoneOffset.UTC));
    }

    private static ProcessInfo info(String name, int state, String stateName) {
        return new ProcessInfo(name, name, state, stateName, state == 20 ? 100 : 0, 1000, 2000, 0, "desc");
    }

    private static final ProcessInfo WEB_UP = info("web", 20, "RUNNING");
    private static final ProcessInfo WEB_STOPPED = info("web", 0, "STOPPED");
    private static final ProcessInfo DB_UP = info("db", 20, "RUNNING");

    private static List<Action> decide(HeartbeatMonitor m, Instant now, ProcessInfo... processes) {
        return m.decide(Snapshot.EMPTY.withProcesses(List.of(processes)), now);
    }

    private static Action.Ping ping(List<Action> actions) {
        List<Action.Ping> pings = actions.stream().filter(a -> a instanceof Action.Ping).map(a -> (Action.Ping) a).toList();
        assertEquals(1, pings.size(), actions.toString());
        return pings.get(0);
    }

    private static List<Alert> alerts(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.Notify).map(a -> ((Action.Notify) a).alert()).toList();
    }

    @Test
    void checksOnEveryNthTickOfItsOwnTickOnly() {
        HeartbeatMonitor m = monitor(List.of(), 2, null, List.of());
        assertEquals(Set.of(EventNames.TICK_5), m.events());
        Event.Tick five = new Event.Tick(EventNames.TICK_5, 5, 1);
        assertEquals(1, m.onEvent(five, T0).size());
        assertEquals(List.of(), m.onEvent(five, T0));
        assertEquals(List.of(), m.onEvent(new Event.Tick(EventNames.TICK_60, 60, 1), T0));
        assertTrue(m.onEvent(five, T0).get(0) instanceof Action.Check);
    }

    @Test
    void successWhileAllRun_failureNamingWhatIsDown_oneAlertPerChange_resolvedOnRecovery() {
        HeartbeatMonitor m = monitor(List.of(), 1, null, List.of());
        List<Action> ok = decide(m, T0, WEB_UP, DB_UP);
        assertEquals(List.of(new Action.Ping(URL, "POST", "", Duration.ofSeconds(3), 2, Duration.ofSeconds(5), false)), ok);

        List<Action> down = decide(m, T0.plusSeconds(5), WEB_STOPPED, DB_UP);
        Action.Ping fail = ping(down);
        assertEquals(URL + "/fail", fail.url());
        assertTrue(fail.failure());
        assertEquals("heartbeat on host1: 1 problem\nweb is STOPPED (desc), not RUNNING since 2026-11-21 05:00:05,000", fail.body());
        List<Alert> a = alerts(down);
        assertEquals(1, a.size());
        assertEquals("heartbeat: web is STOPPED", a.get(0).subject());
        assertFalse(a.get(0).resolved());

        List<Action> still = decide(m, T0.plusSeconds(10), WEB_STOPPED, DB_UP);
        assertEquals(List.of(), alerts(still), "no second alert for the same outage");
        assertTrue(ping(still).body().contains("since 2026-11-21 05:00:05,000"), "since the first time it was seen down");

        List<Action> back = decide(m, T0.plusSeconds(15), WEB_UP, DB_UP);
        assertFalse(ping(back).failure());
        Alert up = alerts(back).get(0);
        assertEquals("heartbeat: web is RUNNING again", up.subject());
        assertTrue(up.resolved());
        assertEquals(a.get(0).kind(), up.kind());
        assertEquals(a.get(0).process(), up.process());
    }

    @Test
    void failParamPutsTheTextInThatQueryParameterOfTheSuccessUrl_andAMissingProgramIsAFailure() {
        HeartbeatMonitor m = new HeartbeatMonitor(new HeartbeatMonitor.Settings(EventNames.TICK_60,
                ProgramSelector.of(List.of("web", "nosuch"), false), 1, "http://hb/api/pings/?service=X", null, "data",
                "POST", Duration.ofSeconds(3), 0, List.of(), "host1", ZoneOffset.UTC));
        Action.Ping p = ping(decide(m, T0, WEB_UP));
        assertTrue(p.url().startsWith("http://hb/api/pings/?service=X&data="), p.url());
        String data = URLDecoder.decode(p.url().substring(p.url().indexOf("&data=") + 6), StandardCharsets.UTF_8);
        assertEquals("heartbeat on host1: 1 problem\nnosuch: no such program in supervisord", data);
        assertTrue(p.failure());
    }

    @Test
    void withinAlertsOncePerOverduePeriod_clearsOnTheNextSuccess_andTheJobNeedNotBeRunning() {
        HeartbeatMonitor m = monitor(List.of(), 1, null, List.of(new HeartbeatMonitor.Within("job", Duration.ofSeconds(8), "job=8s")));
        assertEquals(Set.of(EventNames.TICK_5, EventNames.PROCESS_STATE_EXITED), m.events());
        ProcessId job = new ProcessId("job", "job");
        ProcessInfo jobExited = info("job", 100, "EXITED");
        Event.ProcessStateChange success = new Event.ProcessStateChange(EventNames.PROCESS_STATE_EXITED, ProcessState.EXITED, job,
                "RUNNING", 5, null, true);
        Event.ProcessStateChange crash = new Event.ProcessStateChange(EventNames.PROCESS_STATE_EXITED, ProcessState.EXITED, job,
                "RUNNING", 6, null, false);

        assertEquals(List.of(), m.onEvent(success, T0));
        assertFalse(ping(decide(m, T0.plusSeconds(5), WEB_UP, jobExited)).failure());
        assertEquals(List.of(), m.onEvent(crash, T0.plusSeconds(6)));

        List<Action> late = decide(m, T0.plusSeconds(9), WEB_UP, jobExited);
        assertEquals(List.of("heartbeat: job has not succeeded within 8s"), alerts(late).stream().map(Alert::subject).toList());
        assertTrue(ping(late).body().contains("job has not exited successfully since 2026-11-21 05:00:00,000 (--within job=8s); it is EXITED now"),
                ping(late).body());
        List<Action> stillLate = decide(m, T0.plusSeconds(14), WEB_UP, jobExited);
        assertEquals(List.of(), alerts(stillLate), "once per period");
        assertTrue(ping(stillLate).failure());
        assertEquals(1, alerts(decide(m, T0.plusSeconds(17), WEB_UP, jobExited)).size(), "the next period alerts again");

        List<Action> cleared = m.onEvent(success, T0.plusSeconds(18));
        Alert resolved = alerts(cleared).get(0);
        assertEquals("heartbeat: job succeeded again", resolved.subject());
        assertTrue(resolved.resolved());
        assertFalse(ping(decide(m, T0.plusSeconds(19), WEB_UP, jobExited)).failure());
        assertEquals(List.of(), m.onEvent(success, T0.plusSeconds(20)), "a success without an overdue alert says nothing");
    }

    @Test
    void anOverdueAlertWithoutAnyExitEventSaysTheSubscriptionLacksIt() {
        HeartbeatMonitor m = monitor(List.of(), 1, null, List.of(new HeartbeatMonitor.Within("job", Duration.ofSeconds(8), "job=8s")));
        ProcessInfo job = info("job", 20, "RUNNING");
        decide(m, T0, job);
        Alert a = alerts(decide(m, T0.plusSeconds(9), job)).get(0);
        assertTrue(a.body().contains("--within needs it in the listener's events= line"), a.body());
    }

    @Test
    void withForTwoAProgramSeenDownOnOneCheckOnlyIsNoAlertAndNoFailurePing_twoInARowAre() {
        HeartbeatMonitor m = new HeartbeatMonitor(new HeartbeatMonitor.Settings(EventNames.TICK_5,
                ProgramSelector.of(List.of(), true), 1, URL, URL + "/fail", null, "POST", Duration.ofSeconds(3), 2, List.of(),
                "host1", ZoneOffset.UTC, 2));
        ProcessInfo webStarting = info("web", 10, "STARTING");
        List<Action> blip = decide(m, T0, webStarting, DB_UP);
        assertEquals(List.of(), alerts(blip), "one check in STARTING after a kill -9 is no incident");
        assertFalse(ping(blip).failure());
        List<Action> back = decide(m, T0.plusSeconds(5), WEB_UP, DB_UP);
        assertEquals(List.of(), alerts(back), "nothing fired, so nothing resolves");

        assertEquals(List.of(), alerts(decide(m, T0.plusSeconds(10), WEB_STOPPED, DB_UP)));
        List<Action> confirmed = decide(m, T0.plusSeconds(15), WEB_STOPPED, DB_UP);
        Alert a = alerts(confirmed).get(0);
        assertEquals("heartbeat: web is STOPPED", a.subject());
        assertEquals("host1/heartbeat/web", a.incident());
        assertTrue(ping(confirmed).body().contains("web is STOPPED (desc), not RUNNING since 2026-11-21 05:00:10,000"),
                ping(confirmed).body());
        Alert up = alerts(decide(m, T0.plusSeconds(20), WEB_UP, DB_UP)).get(0);
        assertTrue(up.resolved());
        assertEquals("10s", up.fact(io.superlance.alert.Facts.DURATION));
        assertEquals(a.incident(), up.incident());
    }

    @Test
    void withForTwoAnOverdueJobFiresOnTheSecondOverdueCheck() {
        HeartbeatMonitor m = new HeartbeatMonitor(new HeartbeatMonitor.Settings(EventNames.TICK_5,
                ProgramSelector.of(List.of(), true), 1, URL, URL + "/fail", null, "POST", Duration.ofSeconds(3), 2,
                List.of(new HeartbeatMonitor.Within("job", Duration.ofSeconds(8), "job=8s")), "host1", ZoneOffset.UTC, 2));
        ProcessInfo job = info("job", 100, "EXITED");
        decide(m, T0, job);
        List<Action> first = decide(m, T0.plusSeconds(9), job);
        assertEquals(List.of(), alerts(first));
        assertFalse(ping(first).failure());
        List<Action> second = decide(m, T0.plusSeconds(10), job);
        assertEquals("host1/heartbeat/job=job", alerts(second).get(0).incident());
        assertTrue(ping(second).failure());
    }
}
