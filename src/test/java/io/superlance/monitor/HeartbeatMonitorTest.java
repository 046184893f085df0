package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.listener.FakeOperations;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventNames;
import io.superlance.protocol.ProcessId;
import io.superlance.protocol.ProcessState;
import io.superlance.rpc.ProcessInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
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
        return new HeartbeatMonitor(settings().programs(ProgramSelector.of(programs, programs.isEmpty())).every(every)
                .failParam(failParam).within(within).build());
    }

    private static HeartbeatMonitor jobs(List<HeartbeatMonitor.Within> within, List<HeartbeatMonitor.Cron> cron, boolean exitAlerts,
                                         int forChecks) {
        return new HeartbeatMonitor(settings().within(within).forChecks(forChecks).cron(cron).exitAlerts(exitAlerts).build());
    }

    /** TICK_5, every program, pinging URL (failures to URL/fail) with 3 s and 2 retries, on host1, times in UTC. */
    private static HeartbeatMonitor.Builder settings() {
        return HeartbeatMonitor.Settings.of(URL).tick(EventNames.TICK_5).timeout(Duration.ofSeconds(3)).host("host1").zone(ZoneOffset.UTC);
    }

    private static ProcessInfo info(String name, int state, String stateName) {
        return new ProcessInfo(name, name, state, stateName, state == 20 ? 100 : 0, 1000, 2000, 0, "desc");
    }

    private static final ProcessInfo WEB_UP = info("web", 20, "RUNNING");
    private static final ProcessInfo WEB_STOPPED = info("web", 0, "STOPPED");
    private static final ProcessInfo DB_UP = info("db", 20, "RUNNING");

    /** One check at {@code now}, supervisord listing {@code processes}: what it decided, then its ping. */
    private static List<Action> check(HeartbeatMonitor m, Instant now, ProcessInfo... processes) throws IOException {
        return new FakeOperations().processes(List.of(processes)).check(m, now);
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
    void checksOnEveryNthTickOfItsOwnTickOnly() throws IOException {
        HeartbeatMonitor m = monitor(List.of(), 2, null, List.of());
        assertEquals(Set.of(EventNames.TICK_5), m.events());
        Event.Tick five = new Event.Tick(EventNames.TICK_5, 5, 1);
        assertEquals(1, m.onEvent(five, T0).size());
        assertEquals(List.of(), m.onEvent(five, T0));
        assertEquals(List.of(), m.onEvent(new Event.Tick(EventNames.TICK_60, 60, 1), T0));
        assertTrue(m.onEvent(five, T0).get(0) instanceof Action.Check);
    }

    @Test
    void successWhileAllRun_failureNamingWhatIsDown_oneAlertPerChange_resolvedOnRecovery() throws IOException {
        HeartbeatMonitor m = monitor(List.of(), 1, null, List.of());
        List<Action> ok = check(m, T0, WEB_UP, DB_UP);
        assertEquals(List.of(new Action.CheckResult("the watched programs", true, "2 RUNNING"),
                new Action.Ping(URL, "POST", "", Duration.ofSeconds(3), 2, Duration.ofSeconds(5), false)), ok);

        List<Action> down = check(m, T0.plusSeconds(5), WEB_STOPPED, DB_UP);
        Action.Ping fail = ping(down);
        assertEquals(URL + "/fail", fail.url());
        assertTrue(fail.failure());
        assertEquals("heartbeat on host1: 1 problem\nweb is STOPPED (desc), not RUNNING since 2026-11-21 05:00:05,000", fail.body());
        List<Alert> a = alerts(down);
        assertEquals(1, a.size());
        assertEquals("heartbeat: web is STOPPED", a.get(0).subject());
        assertFalse(a.get(0).resolved());

        List<Action> still = check(m, T0.plusSeconds(10), WEB_STOPPED, DB_UP);
        assertEquals(List.of(), alerts(still), "no second alert for the same outage");
        assertTrue(ping(still).body().contains("since 2026-11-21 05:00:05,000"), "since the first time it was seen down");

        List<Action> back = check(m, T0.plusSeconds(15), WEB_UP, DB_UP);
        assertFalse(ping(back).failure());
        Alert up = alerts(back).get(0);
        assertEquals("heartbeat: web is RUNNING again", up.subject());
        assertTrue(up.resolved());
        assertEquals(a.get(0).kind(), up.kind());
        assertEquals(a.get(0).process(), up.process());
    }

    @Test
    void failParamPutsTheTextInThatQueryParameterOfTheSuccessUrl_andAMissingProgramIsAFailure() throws IOException {
        HeartbeatMonitor m = new HeartbeatMonitor(HeartbeatMonitor.Settings.of("http://hb/api/pings/?service=X").failUrl(null)
                .failParam("data").programs(ProgramSelector.of(List.of("web", "nosuch"), false)).timeout(Duration.ofSeconds(3))
                .retries(0).host("host1").zone(ZoneOffset.UTC).build());
        Action.Ping p = ping(check(m, T0, WEB_UP));
        assertTrue(p.url().startsWith("http://hb/api/pings/?service=X&data="), p.url());
        String data = URLDecoder.decode(p.url().substring(p.url().indexOf("&data=") + 6), StandardCharsets.UTF_8);
        assertEquals("heartbeat on host1: 1 problem\nnosuch: no such program in supervisord", data);
        assertTrue(p.failure());
    }

    @Test
    void withinAlertsOncePerOverduePeriod_clearsOnTheNextSuccess_andTheJobNeedNotBeRunning() throws IOException {
        HeartbeatMonitor m = jobs(List.of(new HeartbeatMonitor.Within("job", Duration.ofSeconds(8), "job=8s")), List.of(), false, 1);
        assertEquals(Set.of(EventNames.TICK_5, EventNames.PROCESS_STATE_EXITED, EventNames.PROCESS_COMMUNICATION_STDOUT,
                EventNames.PROCESS_COMMUNICATION_STDERR), m.events(), "--no-exit-alerts: no BACKOFF, no FATAL");
        ProcessId job = new ProcessId("job", "job");
        ProcessInfo jobExited = info("job", 100, "EXITED");
        Event.ProcessStateChange success = new Event.ProcessStateChange(EventNames.PROCESS_STATE_EXITED, ProcessState.EXITED, job,
                "RUNNING", 5, null, true);
        Event.ProcessStateChange crash = new Event.ProcessStateChange(EventNames.PROCESS_STATE_EXITED, ProcessState.EXITED, job,
                "RUNNING", 6, null, false);

        assertEquals(List.of(), m.onEvent(success, T0));
        assertFalse(ping(check(m, T0.plusSeconds(5), WEB_UP, jobExited)).failure());
        assertEquals(List.of(), m.onEvent(crash, T0.plusSeconds(6)));

        List<Action> late = check(m, T0.plusSeconds(9), WEB_UP, jobExited);
        assertEquals(List.of("heartbeat: job has not succeeded within 8s"), alerts(late).stream().map(Alert::subject).toList());
        assertTrue(ping(late).body().contains("job has not exited successfully since 2026-11-21 05:00:00,000 (--within job=8s); it is EXITED now"),
                ping(late).body());
        List<Action> stillLate = check(m, T0.plusSeconds(14), WEB_UP, jobExited);
        assertEquals(List.of(), alerts(stillLate), "once per period");
        assertTrue(ping(stillLate).failure());
        assertEquals(1, alerts(check(m, T0.plusSeconds(17), WEB_UP, jobExited)).size(), "the next period alerts again");

        List<Action> cleared = m.onEvent(success, T0.plusSeconds(18));
        Alert resolved = alerts(cleared).get(0);
        assertEquals("heartbeat: job succeeded again", resolved.subject());
        assertTrue(resolved.resolved());
        assertFalse(ping(check(m, T0.plusSeconds(19), WEB_UP, jobExited)).failure());
        assertEquals(List.of(), m.onEvent(success, T0.plusSeconds(20)), "a success without an overdue alert says nothing");
    }

    @Test
    void anOverdueAlertWithoutAnyExitEventSaysTheSubscriptionLacksIt() throws IOException {
        HeartbeatMonitor m = monitor(List.of(), 1, null, List.of(new HeartbeatMonitor.Within("job", Duration.ofSeconds(8), "job=8s")));
        ProcessInfo job = info("job", 20, "RUNNING");
        check(m, T0, job);
        Alert a = alerts(check(m, T0.plusSeconds(9), job)).get(0);
        assertTrue(a.body().contains("if the job did run, --within and --cron need PROCESS_STATE in the listener's events= line"), a.body());
    }

    @Test
    void withForTwoAProgramSeenDownOnOneCheckOnlyIsNoAlertAndNoFailurePing_twoInARowAre() throws IOException {
        HeartbeatMonitor m = new HeartbeatMonitor(settings().forChecks(2).build());
        ProcessInfo webStarting = info("web", 10, "STARTING");
        List<Action> blip = check(m, T0, webStarting, DB_UP);
        assertEquals(List.of(), alerts(blip), "one check in STARTING after a kill -9 is no incident");
        assertFalse(ping(blip).failure());
        List<Action> back = check(m, T0.plusSeconds(5), WEB_UP, DB_UP);
        assertEquals(List.of(), alerts(back), "nothing fired, so nothing resolves");

        assertEquals(List.of(), alerts(check(m, T0.plusSeconds(10), WEB_STOPPED, DB_UP)));
        List<Action> confirmed = check(m, T0.plusSeconds(15), WEB_STOPPED, DB_UP);
        Alert a = alerts(confirmed).get(0);
        assertEquals("heartbeat: web is STOPPED", a.subject());
        assertEquals("host1/heartbeat/web", a.incident());
        assertTrue(ping(confirmed).body().contains("web is STOPPED (desc), not RUNNING since 2026-11-21 05:00:10,000"),
                ping(confirmed).body());
        Alert up = alerts(check(m, T0.plusSeconds(20), WEB_UP, DB_UP)).get(0);
        assertTrue(up.resolved());
        assertEquals("10s", up.fact(io.superlance.alert.Facts.DURATION));
        assertEquals(a.incident(), up.incident());
    }

    /** --repeat 12s: a program down for 30 s at TICK_5 gives one alert, two reminders and, when it runs again, one resolution. */
    @Test
    void aProgramDownRemindsEveryRepeat_thenResolvesOnce() throws IOException {
        HeartbeatMonitor m = new HeartbeatMonitor(settings().build(), new Incidents("host1", "heartbeat", 1, Duration.ofSeconds(12), true));
        List<String> said = new java.util.ArrayList<>();
        for (int t = 0; t <= 40; t += 5) {
            for (Alert a : alerts(check(m, T0.plusSeconds(t), t <= 30 ? WEB_STOPPED : WEB_UP))) {
                said.add(a.resolved() ? "resolution" : a.subject().contains("still after") ? "reminder" : "alert");
            }
        }
        assertEquals(List.of("alert", "reminder", "reminder", "resolution"), said);
    }

    @Test
    void withForTwoAnOverdueJobFiresOnTheSecondOverdueCheck() throws IOException {
        HeartbeatMonitor m = new HeartbeatMonitor(settings().within(List.of(new HeartbeatMonitor.Within("job", Duration.ofSeconds(8),
                "job=8s"))).forChecks(2).build());
        ProcessInfo job = info("job", 100, "EXITED");
        check(m, T0, job);
        List<Action> first = check(m, T0.plusSeconds(9), job);
        assertEquals(List.of(), alerts(first));
        assertFalse(ping(first).failure());
        List<Action> second = check(m, T0.plusSeconds(10), job);
        assertEquals("host1/heartbeat/job=job", alerts(second).get(0).incident());
        assertTrue(ping(second).failure());
    }

    private static final ProcessId BACKUP = new ProcessId("backup", "backup");
    private static final java.time.ZoneId SHANGHAI = java.time.ZoneId.of("Asia/Shanghai");

    private static HeartbeatMonitor.Cron cron(String schedule, Duration grace) {
        return new HeartbeatMonitor.Cron("backup", CronSchedule.parse(schedule, SHANGHAI), grace, "backup=" + schedule);
    }

    private static Event.ProcessCommunication says(ProcessId id, String text) {
        return new Event.ProcessCommunication(EventNames.PROCESS_COMMUNICATION_STDOUT, id, 7, text);
    }

    private static Event.ProcessStateChange exited(ProcessId id, boolean expected) {
        return new Event.ProcessStateChange(EventNames.PROCESS_STATE_EXITED, ProcessState.EXITED, id, "RUNNING", 7, null, expected);
    }

    @Test
    void aCronJobInShanghaiMissingItsWindowAlertsOnceAtTheDeadline_andTheNextSuccessResolves() throws IOException {
        // 16:05 in Shanghai is 08:05 UTC; the host's zone plays no part.
        HeartbeatMonitor m = jobs(List.of(), List.of(cron("5 16 * * *", Duration.ofMinutes(30))), true, 1);
        ProcessInfo idle = info("backup", 100, "EXITED");
        Instant start = Instant.parse("2026-12-02T07:00:00Z");
        assertFalse(ping(check(m, start, idle)).failure());
        assertFalse(ping(check(m, Instant.parse("2026-12-02T08:34:59Z"), idle)).failure(), "the window is still open");
        List<Action> missed = check(m, Instant.parse("2026-12-02T08:35:00Z"), idle);
        Alert a = alerts(missed).get(0);
        assertEquals("heartbeat: backup missed its run due at 2026-12-02 08:05:00,000", a.subject());
        assertTrue(a.body().contains("deadline 2026-12-02 08:35:00,000, --cron backup=5 16 * * *, Asia/Shanghai"), a.body());
        assertEquals("host1/heartbeat/job=backup", a.incident());
        assertTrue(ping(missed).failure());
        List<Action> still = check(m, Instant.parse("2026-12-02T09:00:00Z"), idle);
        assertEquals(List.of(), alerts(still), "one alert per missed window");
        assertTrue(ping(still).failure());

        Alert ok = alerts(m.onEvent(exited(BACKUP, true), Instant.parse("2026-12-02T09:10:00Z"))).get(0);
        assertEquals("heartbeat: backup succeeded again", ok.subject());
        assertTrue(ok.resolved());
        assertEquals("35m", ok.fact(io.superlance.alert.Facts.DURATION));
        assertFalse(ping(check(m, Instant.parse("2026-12-02T09:15:00Z"), idle)).failure());
        // a success inside the next window keeps it quiet
        m.onEvent(exited(BACKUP, true), Instant.parse("2026-12-03T08:06:00Z"));
        assertFalse(ping(check(m, Instant.parse("2026-12-03T08:40:00Z"), idle)).failure());
        assertEquals(1, alerts(check(m, Instant.parse("2026-12-04T08:35:00Z"), idle)).size(), "the next missed window alerts again");
    }

    @Test
    void endOfDayGraceClosesTheWindowAtMidnightInTheSchedulesZone() throws IOException {
        HeartbeatMonitor m = jobs(List.of(), List.of(cron("5 16 * * *", null)), true, 1);
        ProcessInfo idle = info("backup", 100, "EXITED");
        check(m, Instant.parse("2026-12-02T07:00:00Z"), idle);
        assertFalse(ping(check(m, Instant.parse("2026-12-02T15:59:00Z"), idle)).failure());
        assertTrue(ping(check(m, Instant.parse("2026-12-02T16:00:00Z"), idle)).failure(), "midnight in Shanghai is 16:00 UTC");
    }

    @Test
    void aJobReportsStartAndAFailureInChinese_theMessageIsTheAlertsTextAndInTheFailurePing_successGivesTheDuration() throws IOException {
        HeartbeatMonitor m = new HeartbeatMonitor(HeartbeatMonitor.Settings.of("http://hb/api/pings/?service=backup").failUrl(null)
                .failParam("data").tick(EventNames.TICK_5).timeout(Duration.ofSeconds(3)).host("host1").zone(ZoneOffset.UTC)
                .cron(List.of(cron("5 16 * * *", null))).build());
        ProcessInfo running = info("backup", 20, "RUNNING");
        assertEquals(List.of(), m.onEvent(says(BACKUP, "start\n"), T0));
        List<Action> failed = m.onEvent(says(BACKUP, "failure 备份失败：磁盘已满\n"), T0.plusSeconds(200));
        Alert a = alerts(failed).get(0);
        assertEquals("heartbeat: backup failed", a.subject());
        assertEquals("backup failed at 2026-11-21 05:03:20,000 after 3m20s: 备份失败：磁盘已满.", a.body());
        assertEquals("备份失败：磁盘已满", a.fact(io.superlance.alert.Facts.MESSAGE));
        assertEquals("3m20s", a.fact(io.superlance.alert.Facts.DURATION));
        assertEquals(io.superlance.alert.AlertKind.JOB_FAILED, a.kind());
        assertTrue(failed.stream().anyMatch(x -> x instanceof Action.Check), "a check sends the failure ping at once");
        Action.Ping p = ping(check(m, T0.plusSeconds(201), running));
        String data = URLDecoder.decode(p.url().substring(p.url().indexOf("&data=") + 6), StandardCharsets.UTF_8);
        assertTrue(data.contains("backup failed at 2026-11-21 05:03:20,000 after 3m20s: 备份失败：磁盘已满"), data);
        assertEquals(List.of(), alerts(m.onEvent(says(BACKUP, "failure again"), T0.plusSeconds(210))), "told once per incident");
        assertEquals(List.of(), m.onEvent(exited(BACKUP, true), T0.plusSeconds(220)), "a job that reports is judged by its reports, not exits");

        m.onEvent(says(BACKUP, "start"), T0.plusSeconds(300));
        Alert ok = alerts(m.onEvent(says(BACKUP, "success"), T0.plusSeconds(345))).get(0);
        assertTrue(ok.resolved());
        assertTrue(ok.body().startsWith("backup reported success at 2026-11-21 05:05:45,000 in 45s (--cron backup=5 16 * * *)"), ok.body());
        assertEquals("45s", ok.fact(io.superlance.alert.Facts.DURATION));
        assertFalse(ping(check(m, T0.plusSeconds(346), running)).failure());
    }

    @Test
    void theReportVocabulary() throws IOException {
        assertEquals(JobReport.START, JobReport.of(" Start \n"));
        assertEquals(JobReport.SUCCESS, JobReport.of("success"));
        assertEquals(JobReport.FAILURE, JobReport.of("failure disk full"));
        assertEquals("disk full\nline 2", JobReport.message("fail disk full\nline 2\n"));
        assertEquals(JobReport.FAILURE, JobReport.of("Traceback (most recent call last)"));
        assertEquals("Traceback (most recent call last)", JobReport.message("Traceback (most recent call last)"));
        assertEquals("(no message)", JobReport.message("failure"));
    }

    @Test
    void anUnexpectedExitOfAJobIsAlertedAtOnceWithItsExitStatus_unlessTurnedOff() throws IOException {
        HeartbeatMonitor m = jobs(List.of(new HeartbeatMonitor.Within("backup", Duration.ofHours(1), "backup=1h")), List.of(), true, 2);
        List<Action> exit = m.onEvent(exited(BACKUP, false), T0);
        assertTrue(exit.get(0) instanceof Action.Check, exit.toString());
        assertTrue(exit.get(1) instanceof Action.Wake, "asked again in case a tick's check was running");
        ProcessInfo before = new ProcessInfo("backup", "backup", 20, "RUNNING", 7, 1000, 2000, 0, "pid 7, uptime 0:01:00");
        assertEquals(List.of(), alerts(check(m, T0.plusMillis(5), before)), "read before the exit: its status is not known yet");
        assertTrue(m.onTimer(T0.plusMillis(300)).get(0) instanceof Action.Check);
        ProcessInfo dead = new ProcessInfo("backup", "backup", 100, "EXITED", 0, 1000, 2000, 3, "Dec 02 07:00 AM");
        List<Action> told = check(m, T0.plusMillis(20), dead);
        Alert a = alerts(told).get(0);
        assertEquals("heartbeat: backup failed", a.subject());
        assertEquals("backup failed at 2026-11-21 05:00:00,000: exited unexpectedly with exit status 3.", a.body());
        assertTrue(ping(told).failure(), "no --for confirmation for a run that failed");
        assertTrue(ping(told).body().contains("exited unexpectedly with exit status 3"), ping(told).body());
        assertEquals(List.of(), m.onTimer(T0.plusMillis(600)), "read: no more checks asked for");
        assertTrue(alerts(m.onEvent(exited(BACKUP, true), T0.plusSeconds(60))).get(0).resolved());

        HeartbeatMonitor quiet = jobs(List.of(new HeartbeatMonitor.Within("backup", Duration.ofHours(1), "backup=1h")), List.of(), false, 1);
        assertEquals(List.of(), quiet.onEvent(exited(BACKUP, false), T0));
        assertFalse(ping(check(quiet, T0.plusMillis(20), dead)).failure());
        // a restarted job's status is gone; BACKOFF says so
        HeartbeatMonitor again = jobs(List.of(new HeartbeatMonitor.Within("backup", Duration.ofHours(1), "backup=1h")), List.of(), true, 1);
        again.onEvent(new Event.ProcessStateChange(EventNames.PROCESS_STATE_BACKOFF, ProcessState.BACKOFF, BACKUP, "STARTING", null, 1, null), T0);
        assertTrue(alerts(check(again, T0, info("backup", 30, "BACKOFF"))).get(0).body().contains("exited within startsecs (BACKOFF)"));
    }

    /**
     * A failed run fires as JobFailed; its resolution must be a JobFailed too, with the same incident, or
     * Alertmanager and webhooks (which tell alerts apart by kind) never see the failure end.
     */
    @Test
    void aFailedRunIsResolvedAsTheJobFailedThatFired_andIsOneAlertEvenOnceTheJobIsOverdue() throws IOException {
        HeartbeatMonitor m = jobs(List.of(new HeartbeatMonitor.Within("backup", Duration.ofHours(1), "backup=1h")), List.of(), true, 1);
        ProcessInfo idle = info("backup", 100, "EXITED");
        check(m, T0, idle);
        Alert failed = alerts(m.onEvent(says(BACKUP, "failure disk full"), T0.plusSeconds(60))).get(0);
        assertEquals(io.superlance.alert.AlertKind.JOB_FAILED, failed.kind());
        Alert ok = alerts(m.onEvent(says(BACKUP, "success"), T0.plusSeconds(120))).get(0);
        assertTrue(ok.resolved());
        assertEquals(io.superlance.alert.AlertKind.JOB_FAILED, ok.kind(), "resolved as what fired");
        assertEquals(failed.incident(), ok.incident());
        assertEquals("backup", ok.fact(io.superlance.alert.Facts.JOB));

        // failed, then overdue: the failed run was told; "not succeeded within 1h" for the same run is no news
        assertEquals(1, alerts(m.onEvent(says(BACKUP, "failure disk full"), T0.plusSeconds(180))).size());
        assertEquals(List.of(), alerts(check(m, T0.plusSeconds(120 + 3600), idle)), "one failed run, one alert");
        assertEquals(List.of(), alerts(check(m, T0.plusSeconds(120 + 7300), idle)), "nor a period later");
        List<Alert> ends = alerts(m.onEvent(says(BACKUP, "success"), T0.plusSeconds(8000)));
        assertEquals(List.of("JobFailed true"), ends.stream().map(a -> a.kind() + " " + a.resolved()).toList());
    }

    /**
     * The listener restarted (kill -9, supervisorctl restart): the state it kept gives the new monitor the program
     * already alerted down and the job's clock, so nothing is alerted again and the job is overdue on time.
     */
    @Test
    void aRestartKeepsTheProgramsDownAndTheJobsClocks_soNothingIsAlertedAgain() throws IOException {
        List<HeartbeatMonitor.Within> within = List.of(new HeartbeatMonitor.Within("backup", Duration.ofHours(1), "backup=1h"));
        HeartbeatMonitor before = jobs(within, List.of(), true, 1);
        ProcessInfo idle = info("backup", 100, "EXITED");
        assertEquals(List.of("heartbeat: web is STOPPED"), alerts(check(before, T0, WEB_STOPPED, idle)).stream().map(Alert::subject).toList());
        before.onEvent(says(BACKUP, "start"), T0.plusSeconds(10));

        HeartbeatMonitor after = jobs(within, List.of(), true, 1);
        assertEquals(List.of(), after.restore(before.state()));
        assertEquals(before.state(), after.state());
        List<Action> next = check(after, T0.plus(Duration.ofMinutes(30)), WEB_STOPPED, idle);
        assertEquals(List.of(), alerts(next), "web was alerted before the restart");
        assertTrue(ping(next).failure(), "and is still named in the failure ping");
        assertEquals(List.of("heartbeat: backup has not succeeded within 1h"),
                alerts(check(after, T0.plus(Duration.ofMinutes(61)), WEB_STOPPED, idle)).stream().map(Alert::subject).toList(),
                "the job's clock ran on from its first sight, not from the restart");
        Alert up = alerts(check(after, T0.plus(Duration.ofMinutes(62)), WEB_UP, idle)).get(0);
        assertEquals("web is RUNNING again; it was STOPPED since 2026-11-21 05:00:00,000.", up.body());
        Alert ok = alerts(after.onEvent(says(BACKUP, "success"), T0.plus(Duration.ofMinutes(63)))).get(0);
        assertTrue(ok.body().contains(" in 1h2m ("), "the run's start was kept: " + ok.body());
    }

    @Test
    void aJobNoOptionNamesAnyMoreAndADamagedRecordAreLeftOutOfTheRestore() throws IOException {
        HeartbeatMonitor m = jobs(List.of(new HeartbeatMonitor.Within("backup", Duration.ofHours(1), "backup=1h")), List.of(), true, 1);
        List<String> rejected = m.restore(java.util.Map.of("job sync:sync", "2026-11-21T05:00:00Z 0 - - 0 0 false - - - -",
                "job backup:backup", "yesterday", "down web:web", "STOPPED"));
        assertEquals(2, rejected.size(), rejected.toString());
        assertEquals(java.util.Map.of("down web:web", "STOPPED"), m.state());
    }
}
