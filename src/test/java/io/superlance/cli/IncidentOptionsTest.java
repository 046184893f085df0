package io.superlance.cli;

import io.superlance.alert.Alert;
import io.superlance.listener.FakeOperations;
import io.superlance.listener.MonitorSetup;
import io.superlance.monitor.Action;
import io.superlance.monitor.HttpOkMonitor;
import io.superlance.monitor.HttpResult;
import io.superlance.monitor.Incidents;
import io.superlance.protocol.Event;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --repeat and --no-resolved: one mixin, on every command. */
class IncidentOptionsTest {
    private static final String URL = "http://127.0.0.1:8080/metrics";
    private static final Instant TICK = Instant.parse("2026-11-21T05:00:00Z");

    private static ListenerCommand parse(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(args));
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), all.toArray(new String[0]));
        CommandLine.ParseResult parsed = cl.parseArgs(all.toArray(new String[0]));
        return (ListenerCommand) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void everyCommandTakesThem_withTheDefaultOf4h() {
        for (String command : SuperlanceCommand.NAMES) {
            ListenerCommand c = parse(command, "--repeat", "90m", "--no-resolved");
            assertEquals(Duration.ofMinutes(90), c.incidents.repeat, command);
            assertTrue(c.incidents.noResolved, command);
            ListenerCommand plain = parse(command);
            assertEquals(Incidents.DEFAULT_REPEAT, plain.incidents.repeat, command);
            assertFalse(plain.incidents.noResolved, command);
        }
    }

    @Test
    void aRepeatThatIsNoDurationIsAStartUpError() {
        StringWriter err = new StringWriter();
        String[] args = {"httpok", "--repeat", "soon", URL};
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), args);
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute(args));
        assertTrue(err.toString().contains("--repeat"), err.toString());
    }

    /** Checked once, where it is read, for every command that has it: one line and exit 2. */
    @Test
    void forBelowOneIsAStartUpError() {
        for (String[] args : List.of(new String[] {"httpok", "--for", "0", URL}, new String[] {"memmon", "-a", "1MB", "--for", "0"},
                new String[] {"heartbeat", "--url", URL, "--for", "-1"}, new String[] {"httpok", "--for", "two", URL})) {
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), args);
            cl.setErr(new PrintWriter(err, true));
            assertEquals(2, cl.execute(args), String.join(" ", args));
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
            assertTrue(err.toString().startsWith("superlance " + args[0] + ": Invalid value for option '--for': "), err.toString());
            assertTrue(err.toString().contains("--for must be at least 1"), err.toString());
        }
    }

    /** The example, from the command line: a JSON check failing for 30 s at TICK_5 with --repeat 12s. */
    @Test
    void aMetricFailingFor30sWithRepeat12s_oneAlertTwoRemindersOneResolution() throws java.io.IOException {
        List<Alert> sent = run(parse("httpok", "--log-only", "--repeat", "12s", "--json", "CHANNEL.ch-1.ChannelFillPercentage<=80",
                "--hostname", "flume-1", URL));
        assertEquals(List.of("alert", "reminder", "reminder", "resolution"), sent.stream().map(IncidentOptionsTest::what).toList(),
                sent.toString());
        assertEquals("flume-1/httpok/" + URL + " CHANNEL.ch-1.ChannelFillPercentage<=80", sent.get(0).incident());
    }

    @Test
    void noResolvedKeepsTheAlertAndRemindersButNotTheResolution() throws java.io.IOException {
        ListenerCommand c = parse("httpok", "--log-only", "--repeat", "12s", "--no-resolved", "--json", "CHANNEL.ch-1.ChannelFillPercentage<=80", URL);
        assertEquals(List.of("alert", "reminder", "reminder"), run(c).stream().map(IncidentOptionsTest::what).toList());
    }

    @Test
    void noResolvedLeavesOutTheResolutionsOfEveryCommand() {
        MonitorSetup crashmail = parse("crashmail", "--log-only", "--no-resolved").setup(Map.of());
        assertFalse(crashmail.resolutions());
        List<Alert> sent = new ArrayList<>();
        Alert crash = crashmail.monitor().sampleAlert(TICK);
        crashmail.sink(sent::add).submit(crash);
        crashmail.sink(sent::add).submit(crash.withResolved(true));
        assertEquals(List.of(crash), sent);
        assertTrue(parse("crashmail", "--log-only").setup(Map.of()).resolutions());
    }

    private static String what(Alert a) {
        return a.resolved() ? "resolution" : a.subject().contains("(still after") ? "reminder" : "alert";
    }

    /** TICK_5 for a minute: the metric over its threshold for the first 30 s; what goes to the channels. */
    private static List<Alert> run(ListenerCommand c) throws java.io.IOException {
        MonitorSetup setup = c.setup(Map.of());
        HttpOkMonitor m = (HttpOkMonitor) setup.monitor();
        List<Alert> sent = new ArrayList<>();
        for (int t = 0; t <= 60; t += 5) {
            Instant when = TICK.plusSeconds(t);
            String fill = t <= 30 ? "93.5" : "12.0";
            List<Action> check = m.onEvent(new Event.Tick("TICK_5", 5, when.getEpochSecond()), when);
            assertNotEquals(List.of(), check);
            FakeOperations answer = new FakeOperations().answer(new HttpResult(URL, 200, "OK",
                    "{\"CHANNEL.ch-1\":{\"ChannelFillPercentage\":\"" + fill + "\"}}", null));
            for (Action a : answer.check(m, when)) {
                if (a instanceof Action.Notify n) {
                    setup.sink(sent::add).submit(n.alert());
                }
            }
        }
        return sent;
    }
}
