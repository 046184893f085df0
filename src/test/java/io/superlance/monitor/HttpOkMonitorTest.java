package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.listener.FakeOperations;
import io.superlance.protocol.Event;
import io.superlance.protocol.ProcessId;
import io.superlance.rpc.ProcessInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.superlance.monitor.MemMonitorTest.T0;
import static io.superlance.monitor.MemMonitorTest.alerts;
import static io.superlance.monitor.MemMonitorTest.restarts;
import static io.superlance.monitor.MemMonitorTest.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpOkMonitorTest {
    static final String URL = "http://127.0.0.1:8080/health";

    static HttpOkMonitor.Settings settings(ProgramSelector programs) {
        return HttpOkMonitor.Settings.of(URL).programs(programs).build();
    }

    static HttpOkMonitor httpok(HttpOkMonitor.Settings s) {
        return new HttpOkMonitor(s, new RestartBudget(null));
    }

    static final List<ProcessInfo> PROCS = List.of(running("web", "web", 100, 600), running("grp", "api", 200, 5),
            new ProcessInfo("db", "db", 0, "STOPPED", 0, 0, T0.getEpochSecond(), 0, "Not started"));

    /** supervisord lists PROCS, the URL answers {@code status} with {@code body}, restarts work. */
    static FakeOperations answered(int status, String body) {
        return answering(PROCS, new HttpResult(URL, status, status == 200 ? "OK" : "Service Unavailable", body, null));
    }

    static FakeOperations noAnswer() {
        return answering(PROCS, new HttpResult(URL, -1, null, "", "timed out"));
    }

    static FakeOperations answering(List<ProcessInfo> processes, HttpResult answer) {
        return new FakeOperations().processes(processes).answer(answer).restarting(HttpOkMonitorTest::done);
    }

    /** What a restart or a core dump that worked reports, as superlance's httpok words it. */
    static Effect done(Action a) {
        if (a instanceof Action.DumpCore d) {
            return new Effect(d, null, null, List.of("gcore output for " + d.process().namespec() + ":\n\n core.100"));
        }
        String ns = ((Action.Restart) a).process().id().namespec();
        return new Effect(a, null, null, List.of(ns + " is in RUNNING state, restarting", ns + " restarted"));
    }

    @Test
    void aTickAsksForTheProcessesThenTheGet() throws IOException {
        HttpOkMonitor m = httpok(settings(ProgramSelector.of(List.of("web"), false)));
        assertEquals(List.of(new Action.Check("TICK_60")), m.onEvent(new Event.Tick("TICK_60", 60, 1), T0));
        FakeOperations ops = answered(200, "ok");
        ops.check(m, T0);
        assertEquals(List.of("processes", "get " + URL), ops.calls);
    }

    @Test
    void notEagerSkipsTheGetWhenNothingSelectedRuns() throws IOException {
        HttpOkMonitor.Settings s = settings(ProgramSelector.of(List.of("db"), false));
        HttpOkMonitor lazy = httpok(HttpOkMonitor.Settings.of(URL).eager(false).programs(s.programs()).build());
        FakeOperations ops = answered(200, "ok");
        assertEquals(List.of(), ops.check(lazy, T0));
        assertEquals(List.of("processes"), ops.calls);
        ops = answered(200, "ok");
        assertEquals(1, ops.check(httpok(s), T0).size());
        assertEquals(List.of("processes", "get " + URL), ops.calls, "eager checks anyway");
    }

    @Test
    void aGoodAnswerDoesNothing_butSayHowTheCheckCameOut() throws IOException {
        assertEquals(List.of(new Action.CheckResult("GET " + URL, true, "200 OK")), answered(200, "ok").check(httpok(settings(ProgramSelector.of(List.of("web"), false))), T0));
    }

    @Test
    void noAnswerRestartsTheSelectedRunningProcesses_andMailsWhatWasDone() throws IOException {
        HttpOkMonitor m = httpok(settings(ProgramSelector.of(List.of("web", "db", "ghost"), false)));
        List<Action> actions = noAnswer().check(m, T0);
        assertEquals(List.of(new ProcessId("web", "web")), restarts(actions).stream().map(r -> r.process().id()).toList());
        List<Alert> mails = alerts(actions);
        assertEquals(1, mails.size());
        assertEquals("httpok: " + URL + ": bad status returned", mails.get(0).subject());
        // superlance's text: Python's lists, each process in supervisord's order (web before db)
        assertEquals("error contacting " + URL + ":\n\n timed out\n"
                + "Restarting selected processes ['web', 'db', 'ghost']\n"
                + "web is in RUNNING state, restarting\n"
                + "web restarted\n"
                + "db not in RUNNING state, NOT restarting\n"
                + "Programs not restarted because they did not exist: ['ghost']", mails.get(0).body());
    }

    @Test
    void eachProcessLineIsInSupervisordsOrder_notTheStoppedOnesFirst() throws IOException {
        List<ProcessInfo> procs = List.of(running("a", "a", 100, 600),
                new ProcessInfo("b", "b", 0, "STOPPED", 0, 0, T0.getEpochSecond(), 0, "Not started"),
                running("c", "c", 300, 600));
        HttpOkMonitor m = httpok(settings(ProgramSelector.of(List.of("a", "b", "c"), false)));
        FakeOperations s = answering(procs, new HttpResult(URL, -1, null, "", "timed out"));
        assertEquals("error contacting " + URL + ":\n\n timed out\n"
                + "Restarting selected processes ['a', 'b', 'c']\n"
                + "a is in RUNNING state, restarting\n"
                + "a restarted\n"
                + "b not in RUNNING state, NOT restarting\n"
                + "c is in RUNNING state, restarting\n"
                + "c restarted", alerts(s.check(m, T0)).get(0).body());
    }

    @Test
    void unexpectedStatusMissingBodyAndFailedMetricEachHaveTheirSubject() throws IOException {
        HttpOkMonitor.Settings base = settings(null);
        HttpOkMonitor m = httpok(HttpOkMonitor.Settings.of(URL).codes(Set.of(200, 204)).body("healthy")
                .json(List.of(JsonCheck.parse("queue.depth<100"))).name("shop").build());
        Alert status = alerts(answered(503, "healthy").check(m, T0)).get(0);
        assertEquals("httpok [shop]: " + URL + ": bad status returned", status.subject());
        assertEquals("status contacting " + URL + ": 503 Service Unavailable\nRestarting selected processes []", status.body());

        List<Alert> bodyAndStatusOk = alerts(answered(200, "{\"queue\":{\"depth\":1}}").check(m, T0));
        Alert body = bodyAndStatusOk.get(0);
        assertEquals("httpok [shop]: " + URL + ": bad body returned", body.subject());
        assertEquals(List.of(false, true), bodyAndStatusOk.stream().map(Alert::resolved).toList(), "the status is ok again");

        Alert metric = alerts(answered(200, "{\"status\":\"healthy\",\"queue\":{\"depth\":\"250\"}}").check(m, T0)).get(0);
        assertEquals("httpok [shop]: " + URL + ": bad metric returned", metric.subject());
        assertEquals("status contacting " + URL + ": 200 OK\nqueue.depth is 250, expected < 100\nRestarting selected processes []",
                metric.body());

        List<Alert> good = alerts(answered(200, "{\"status\":\"healthy\",\"queue\":{\"depth\":\"2\"}}").check(m, T0));
        assertTrue(good.stream().allMatch(Alert::resolved), "a good answer only resolves: " + good);
    }

    @Test
    void withoutProgramsItOnlyAlerts_withoutAskingSupervisord() throws IOException {
        HttpOkMonitor m = httpok(settings(null));
        assertEquals(List.of(new Action.Check("TICK_60")), m.onEvent(new Event.Tick("TICK_60", 60, T0.getEpochSecond()), T0));
        FakeOperations httpOnly = noAnswer();
        assertEquals(1, alerts(httpOnly.check(m, T0)).size());
        assertEquals(List.of("get " + URL), httpOnly.calls, "supervisord is not asked");
        List<Action> actions = noAnswer().check(httpok(settings(null)), T0);
        assertEquals(0, restarts(actions).size());
        assertEquals("error contacting " + URL + ":\n\n timed out\nRestarting selected processes []", alerts(actions).get(0).body());
    }

    @Test
    void anyRestartsEveryRunningProcess() throws IOException {
        List<Action> actions = noAnswer().check(httpok(settings(ProgramSelector.of(List.of(), true))), T0);
        assertEquals(2, restarts(actions).size());
        assertTrue(alerts(actions).get(0).body().contains("Restarting all running processes"));
    }

    @Test
    void graceLeavesAYoungProcessAlone_andStaysQuietWhenThatIsAllThereIs() throws IOException {
        HttpOkMonitor.Settings s = settings(ProgramSelector.of(List.of("api", "web"), false));
        HttpOkMonitor m = httpok(HttpOkMonitor.Settings.of(URL).programs(s.programs()).grace(Duration.ofSeconds(30)).graceText("30s").build());
        List<Action> actions = noAnswer().check(m, T0);
        assertEquals(List.of(new ProcessId("web", "web")), restarts(actions).stream().map(r -> r.process().id()).toList());
        assertTrue(alerts(actions).get(0).body().contains("api started 5 s ago, within --grace 30s, NOT restarting"));

        HttpOkMonitor onlyYoung = httpok(HttpOkMonitor.Settings.of(URL).programs(ProgramSelector.of(List.of("api"), false))
                .grace(Duration.ofSeconds(30)).graceText("30s").build());
        List<Action> quiet = noAnswer().check(onlyYoung, T0);
        assertEquals(0, restarts(quiet).size());
        assertEquals(0, alerts(quiet).size());
        assertEquals(new Action.CheckResult("GET " + URL, false, "timed out"), quiet.get(0));
        assertTrue(quiet.get(1) instanceof Action.Log l && l.message().contains("within --grace 30s"), quiet.toString());
    }

    @Test
    void coreDirDumpsBeforeTheRestart() throws IOException {
        HttpOkMonitor.Settings s = settings(ProgramSelector.of(List.of("web"), false));
        HttpOkMonitor m = httpok(HttpOkMonitor.Settings.of(URL).programs(s.programs()).coreDir(Path.of("/var/cores")).build());
        List<Action> first = noAnswer().check(m, T0);
        int dump = -1;
        int restart = -1;
        for (int i = 0; i < first.size(); i++) {
            if (first.get(i) instanceof Action.DumpCore d) {
                dump = i;
                assertEquals("/usr/bin/gcore -o \"/var/cores/web\" 100", d.command());
            } else if (first.get(i) instanceof Action.Restart) {
                restart = i;
            }
        }
        assertTrue(dump >= 0 && restart > dump, first.toString());
    }

    @Test
    void maxRestartsLeavesTheProgramAlone_withOneAlertSayingSo() throws IOException {
        HttpOkMonitor m = new HttpOkMonitor(settings(ProgramSelector.of(List.of("web"), false)),
                new RestartBudget(new RestartBudget.Limit(1, Duration.ofHours(1), "1/1h")));
        assertEquals(1, restarts(noAnswer().check(m, T0)).size());
        List<Action> second = noAnswer().check(m, T0.plusSeconds(60));
        assertEquals(0, restarts(second).size());
        List<String> subjects = alerts(second).stream().map(Alert::subject).toList();
        assertEquals(List.of("httpok: web: not restarted: --max-restarts 1/1h reached"), subjects,
                "the incident fired with the restart; nothing restarted now, so only a reminder would tell again");
        List<Action> third = noAnswer().check(m, T0.plusSeconds(120));
        assertEquals(List.of(), alerts(third));
    }

    /** A restart a silence paused (the operations return null: not begun) does not use up --max-restarts. */
    @Test
    void aRestartNotBegunLeavesTheBudgetAsItWas() throws IOException {
        HttpOkMonitor m = new HttpOkMonitor(settings(ProgramSelector.of(List.of("web"), false)),
                new RestartBudget(new RestartBudget.Limit(1, Duration.ofHours(1), "1/1h")));
        FakeOperations paused = noAnswer().restarting(a -> null);
        paused.check(m, T0);
        paused.check(m, T0.plusSeconds(60));
        assertEquals(List.of("restart web", "restart web"),
                paused.calls.stream().filter(c -> c.startsWith("restart")).toList(), "asked each time, not begun");
        List<Action> after = noAnswer().check(m, T0.plusSeconds(120));
        assertEquals(1, restarts(after).size(), "the silence over, the budget is whole: " + after);
    }

    /**
     * A restart not begun said nothing, so its incident is not told: the next bad check alerts (web stopped
     * meanwhile, as a deploy under a silence with --pause-actions does), and a good answer resolves nothing.
     */
    @Test
    void aRestartNotBegunLeavesTheIncidentUntold_theNextBadCheckAlerts_aGoodAnswerResolvesNothing() throws IOException {
        HttpOkMonitor m = httpok(settings(ProgramSelector.of(List.of("web"), false)));
        assertEquals(List.of(), alerts(noAnswer().restarting(a -> null).check(m, T0)), "paused: nothing said");
        List<ProcessInfo> webStopped = List.of(new ProcessInfo("web", "web", 0, "STOPPED", 0, 0, T0.getEpochSecond(), 0, "Dec 07"));
        List<Alert> later = alerts(answering(webStopped, new HttpResult(URL, -1, null, "", "connection refused"))
                .check(m, T0.plusSeconds(60)));
        assertEquals(1, later.size(), later.toString());
        assertTrue(later.get(0).body().contains("web not in RUNNING state, NOT restarting"), later.get(0).body());

        HttpOkMonitor other = httpok(settings(ProgramSelector.of(List.of("web"), false)));
        noAnswer().restarting(a -> null).check(other, T0);
        assertEquals(List.of(), alerts(answered(200, "ok").check(other, T0.plusSeconds(60))), "no 'ok again' for an alert never sent");
    }

    @Test
    void aGoodAnswerAfterFailuresResolvesEachKindRaised_once() throws IOException {
        HttpOkMonitor.Settings base = settings(null);
        HttpOkMonitor m = httpok(HttpOkMonitor.Settings.of(URL).body("healthy").build());
        Alert status = alerts(answered(503, "").check(m, T0)).get(0);
        List<Alert> bodyBad = alerts(answered(200, "sick").check(m, T0));
        Alert body = bodyBad.get(0);
        assertTrue(!status.resolved() && status.process() == null);
        List<Alert> resolved = new ArrayList<>(bodyBad.subList(1, 2)); // the status is good again with that answer
        resolved.addAll(alerts(answered(200, "healthy").check(m, T0)));
        assertEquals(List.of(AlertKind.HTTP_BAD_STATUS, AlertKind.HTTP_BAD_BODY), resolved.stream().map(Alert::kind).toList());
        assertTrue(resolved.stream().allMatch(Alert::resolved));
        assertEquals("httpok: " + URL + ": ok again", resolved.get(0).subject());
        assertEquals("status contacting " + URL + ": 200 OK", resolved.get(0).body());
        assertEquals(body.kind(), resolved.get(1).kind());
        assertEquals(List.of(), alerts(answered(200, "healthy").check(m, T0)), "resolved once");
    }

    @Test
    void whatIsFiringAndTheBudgetOutliveTheListener() throws IOException {
        RestartBudget.Limit oneAnHour = new RestartBudget.Limit(1, Duration.ofHours(1), "1/1h");
        HttpOkMonitor before = new HttpOkMonitor(settings(ProgramSelector.of(List.of("web"), false)), new RestartBudget(oneAnHour));
        assertEquals(1, restarts(noAnswer().check(before, T0)).size());

        HttpOkMonitor after = new HttpOkMonitor(settings(ProgramSelector.of(List.of("web"), false)), new RestartBudget(oneAnHour));
        after.restore(before.state()); // the listener was restarted
        assertEquals(0, restarts(noAnswer().check(after, T0.plusSeconds(60))).size(), "the budget is still spent");
        List<Alert> resolved = alerts(answered(200, "").check(after, T0.plusSeconds(120)));
        assertEquals(1, resolved.size(), "what the first listener raised is resolved by the second");
        assertTrue(resolved.get(0).resolved());
    }

    static final Instant TICK = Instant.parse("2026-11-21T05:00:00Z");

    /** A TICK_5 at {@code seconds} after TICK, then the answer: what the monitor says about it. */
    static List<Alert> tickAndAnswer(HttpOkMonitor m, int seconds, FakeOperations answer) throws IOException {
        Instant when = TICK.plusSeconds(seconds);
        m.onEvent(new Event.Tick("TICK_5", 5, when.getEpochSecond()), when);
        return alerts(answer.check(m, when));
    }

    static Incidents incidents(int forChecks, Duration repeat) {
        return new Incidents("host", "httpok", forChecks, repeat, true);
    }

    @Test
    void itsLogLinesLeaveOutTheLeadingHttpok_whichTheLinesPrefixSays() throws IOException {
        HttpOkMonitor m = new HttpOkMonitor(settings(ProgramSelector.of(List.of("web"), false)), new RestartBudget(null),
                incidents(2, Incidents.DEFAULT_REPEAT));
        List<String> said = noAnswer().check(m, T0).stream().filter(a -> a instanceof Action.Log)
                .map(a -> ((Action.Log) a).message()).toList();
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).startsWith(URL + ": bad status returned (check 1 of --for 2"), said.get(0));
    }

    @Test
    void forNAlertsOnlyAfterNConsecutiveBadChecks_andAGoodOneStartsTheCountAgain() throws IOException {
        HttpOkMonitor m = new HttpOkMonitor(settings(null), new RestartBudget(null), incidents(3, Incidents.DEFAULT_REPEAT));
        assertEquals(List.of(), tickAndAnswer(m, 0, noAnswer()));
        assertEquals(List.of(), tickAndAnswer(m, 5, noAnswer()));
        assertEquals(List.of(), tickAndAnswer(m, 10, answered(200, "")), "two bad samples, then good: no incident, nothing to resolve");
        assertEquals(List.of(), tickAndAnswer(m, 15, noAnswer()));
        assertEquals(List.of(), tickAndAnswer(m, 20, noAnswer()));
        List<Alert> fired = tickAndAnswer(m, 25, noAnswer());
        assertEquals(1, fired.size());
        assertEquals("httpok: " + URL + ": bad status returned", fired.get(0).subject());
        assertEquals("host/httpok/" + URL + " status", fired.get(0).incident());
        assertEquals(List.of(), tickAndAnswer(m, 30, noAnswer()), "firing: no new alert on each tick");
        List<Alert> resolved = tickAndAnswer(m, 35, answered(200, ""));
        assertEquals(1, resolved.size());
        assertTrue(resolved.get(0).resolved());
        assertEquals("20s", resolved.get(0).fact("duration"), "from the first of the three bad checks to the good one");
    }

    @Test
    void forNAlsoHoldsBackTheRestart() throws IOException {
        HttpOkMonitor m = new HttpOkMonitor(settings(ProgramSelector.of(List.of("web"), false)), new RestartBudget(null),
                incidents(2, Incidents.DEFAULT_REPEAT));
        List<Action> first = noAnswer().check(m, T0);
        assertEquals(0, restarts(first).size());
        assertTrue(first.get(1) instanceof Action.Log l && l.message().contains("check 1 of --for 2"), first.toString());
        assertEquals(1, restarts(noAnswer().check(m, T0)).size());
    }

    /** The example: a JSON check failing for 30 s at TICK_5 with --repeat 12s. */
    @Test
    void aMetricFailingFor30sWithRepeat12sGivesOneAlertTwoRemindersOneResolution() throws IOException {
        HttpOkMonitor.Settings base = settings(null);
        HttpOkMonitor m = new HttpOkMonitor(HttpOkMonitor.Settings.of(URL).json(List.of(JsonCheck.parse("CHANNEL.ch-1.ChannelFillPercentage<=80"))).build(),
                new RestartBudget(null), incidents(1, Duration.ofSeconds(12)));
        String full = "{\"CHANNEL.ch-1\":{\"ChannelFillPercentage\":\"93.5\"}}";
        String fine = "{\"CHANNEL.ch-1\":{\"ChannelFillPercentage\":\"12.0\"}}";
        List<Alert> all = new ArrayList<>();
        for (int t = 0; t <= 30; t += 5) {
            all.addAll(tickAndAnswer(m, t, answered(200, full)));
        }
        for (int t = 35; t <= 60; t += 5) {
            all.addAll(tickAndAnswer(m, t, answered(200, fine)));
        }
        List<String> subjects = all.stream().map(Alert::subject).toList();
        assertEquals(List.of("httpok: " + URL + ": bad metric returned",
                "httpok: " + URL + ": bad metric returned (still after 15s)",
                "httpok: " + URL + ": bad metric returned (still after 30s)",
                "httpok: " + URL + ": ok again"), subjects);
        assertTrue(all.get(1).body().startsWith("Still failing after 15s (since " + io.superlance.alert.Asctime.format(TICK, null) + ", 4 bad checks, reminder 1)."), all.get(1).body());
        assertTrue(all.get(3).resolved());
        assertEquals("35s", all.get(3).fact("duration"));
        assertEquals(1, all.stream().map(Alert::incident).distinct().count(), "one incident: " + all);
    }

    @Test
    void aFiringIncidentSurvivesARestart_neitherFiredAgainNorForgotten() throws IOException {
        HttpOkMonitor before = new HttpOkMonitor(settings(null), new RestartBudget(null), incidents(1, Duration.ofMinutes(10)));
        assertEquals(1, tickAndAnswer(before, 0, noAnswer()).size());
        HttpOkMonitor after = new HttpOkMonitor(settings(null), new RestartBudget(null), incidents(1, Duration.ofMinutes(10)));
        assertEquals(List.of(), after.restore(before.state()));
        assertEquals(List.of(), tickAndAnswer(after, 60, noAnswer()), "fired before the restart: not again");
        assertEquals(1, tickAndAnswer(after, 600, noAnswer()).size(), "the reminder is due 10 minutes after the first alert");
        List<Alert> resolved = tickAndAnswer(after, 660, answered(200, ""));
        assertEquals("11m", resolved.get(0).fact("duration"));
    }

    @Test
    void sampleAlertLooksLikeTheRealOne() throws IOException {
        Alert a = httpok(settings(null)).sampleAlert(Instant.EPOCH);
        assertEquals("httpok: " + URL + ": bad status returned", a.subject());
    }
}
