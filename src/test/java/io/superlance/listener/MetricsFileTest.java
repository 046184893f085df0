package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.TestAlerts;
import io.superlance.alert.delivery.DeliveryQueue;
import io.superlance.alert.delivery.RetryPolicy;
import io.superlance.alert.spool.Spool;
import io.superlance.monitor.Action;
import io.superlance.monitor.Monitor;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventParser;
import io.superlance.testing.VirtualClock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsFileTest {
    @TempDir
    Path dir;

    private final java.util.concurrent.atomic.AtomicBoolean webhookUp = new java.util.concurrent.atomic.AtomicBoolean();

    private Channel channel(String name, boolean works) {
        return new Channel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void send(Alert alert) throws DeliveryException {
                if (!works && !webhookUp.get()) {
                    throw new DeliveryException("connection refused", true);
                }
            }
        };
    }

    private static Monitor crashmail() {
        return new Monitor() {
            @Override
            public String name() {
                return "crashmail";
            }

            @Override
            public Set<String> events() {
                return Set.of("PROCESS_STATE_EXITED");
            }

            @Override
            public List<Action> onEvent(Event event, Instant now) {
                return List.of(new Action.Notify(TestAlerts.crash("a", "web-1", now)));
            }

            @Override
            public Alert sampleAlert(Instant now) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void writtenEvery15Seconds_orAsSuperlanceMetricsEverySays() {
        assertEquals(Duration.ofSeconds(15), MetricsFile.every(java.util.Map.of()));
        assertEquals(Duration.ofSeconds(2), MetricsFile.every(java.util.Map.of("SUPERLANCE_METRICS_EVERY", "2")));
        assertEquals(Duration.ofSeconds(15), MetricsFile.every(java.util.Map.of("SUPERLANCE_METRICS_EVERY", "0")), "at least 1 s");
        assertEquals(Duration.ofSeconds(15), MetricsFile.every(java.util.Map.of("SUPERLANCE_METRICS_EVERY", "2s")), "seconds, a bare number");
    }

    @Test
    void theFileCountsEventsAndAlertsByChannelAndOutcome_andPromtoolTakesIt() throws Exception {
        List<Channel> channels = List.of(channel("mail", true), channel("webhook \"x\"", false));
        DeliveryQueue queue = new DeliveryQueue(channels, Spool.inMemory(10, DeliveryQueue.keys(channels)),
                new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofHours(1)), Duration.ZERO, Clock.systemUTC());
        queue.start();
        MonitorRuntime runtime = new MonitorRuntime(crashmail(), queue, null, null, Clock.systemUTC());
        runtime.start();
        runtime.onEvent(EventParser.parse("PROCESS_STATE_EXITED",
                "processname:web-1 groupname:web from_state:RUNNING expected:0 pid:7"), "1");
        Thread.sleep(300);
        Path file = dir.resolve("superlance.prom");
        MetricsFile metrics = new MetricsFile(file, "crash\\mail", Instant.ofEpochSecond(1_700_000_000), List.of(runtime), List.of(queue));
        metrics.write();
        String text = Files.readString(file);
        assertTrue(text.contains("superlance_start_time_seconds{listener=\"crash\\\\mail\"} 1700000000\n"), text);
        assertTrue(text.contains("superlance_events_handled_total{listener=\"crash\\\\mail\",monitor=\"crashmail\"} 1\n"), text);
        assertTrue(text.contains("superlance_alerts_total{listener=\"crash\\\\mail\",monitor=\"crashmail\",channel=\"mail\",outcome=\"sent\"} 1\n"), text);
        assertTrue(text.contains("superlance_alerts_pending{listener=\"crash\\\\mail\",monitor=\"crashmail\",channel=\"webhook \\\"x\\\"\"} 1\n"), text);
        assertTrue(text.contains("superlance_alerts_pending{listener=\"crash\\\\mail\",monitor=\"crashmail\",channel=\"mail\"} 0\n"), text);
        assertTrue(text.contains("superlance_alerts_unwritten{listener=\"crash\\\\mail\",monitor=\"crashmail\"} 1\n"),
                "an in-memory spool writes nothing:\n" + text);
        assertTrue(text.matches("(?s).*channel=\"webhook \\\\\"x\\\\\"\",outcome=\"failed\"} [1-9][0-9]*\n.*"), text);
        assertTrue(text.contains("# TYPE superlance_alerts_total counter\n"), text);
        assertTrue(!text.contains("superlance_checks_total") && !text.contains("superlance_restarts_total"),
                "crashmail does no checks:\n" + text);
        assertEquals(List.of(), Files.list(dir).filter(p -> !p.equals(file)).toList(), "nothing beside it");
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                "readable by the collector's group, not by everyone");

        webhookUp.set(true); // its retries end before the next test
        assertTrue(queue.drain(Duration.ofSeconds(10)));
        runtime.close();

        promtoolTakes(file);
    }

    /** Prometheus' own parser and linter has nothing to say of the file. */
    private static void promtoolTakes(Path file) throws Exception {
        String text = Files.readString(file);
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool), "promtool (Debian's prometheus package) is not installed");
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true)
                .redirectInput(file.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), said);
        assertEquals("", said.strip(), "promtool finds nothing to say:\n" + text);
    }

    private DeliveryQueue queue(List<Channel> channels) {
        DeliveryQueue queue = new DeliveryQueue(channels, Spool.inMemory(10, DeliveryQueue.keys(channels)),
                new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofHours(1)), Duration.ZERO, Clock.systemUTC());
        queue.start();
        return queue;
    }

    private static void await(MonitorRuntime r, java.util.function.Predicate<CheckResults.Counts> done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(done.test(r.checkCounts()) && !r.checking())) {
            assertTrue(System.nanoTime() < end, "never: " + r.checkCounts());
            Thread.sleep(10);
        }
    }

    @Test
    void checksByResult_restarts_theLastGoodCheck_andHeartbeatsPings_andPromtoolTakesThem() throws Exception {
        Instant t = Instant.parse("2026-12-02T08:00:00Z");
        FakeOperations ops = new FakeOperations();
        ops.releaseRestart.countDown();
        VirtualClock clock = new VirtualClock(t);
        List<Channel> channels = List.of(channel("mail", true));
        DeliveryQueue q1 = queue(channels);
        DeliveryQueue q2 = queue(channels);
        Path file = dir.resolve("superlance.prom");
        try (MonitorRuntime httpok = new MonitorRuntime(CheckResultsTest.httpok("web", 1), q1, null, ops, clock);
             MonitorRuntime heartbeat = new MonitorRuntime(CheckResultsTest.pinger(), q2, null, ops, clock)) {
            MetricsFile metrics = new MetricsFile(file, "checks", t, List.of(httpok, heartbeat), List.of(q1, q2));
            metrics.write();
            String before = Files.readString(file);
            assertTrue(before.contains("superlance_checks_total{listener=\"checks\",monitor=\"httpok\",result=\"failed\"} 0\n"), before);
            assertTrue(!before.contains("superlance_last_successful_check_timestamp_seconds"), "no check went well yet:\n" + before);

            httpok.onEvent(new Event.Tick("TICK_5", 5, t.getEpochSecond()), "1"); // 500: web restarted
            await(httpok, c -> c.checksFailed() == 1);
            ops.status = 200;
            clock.set(t.plusSeconds(5));
            httpok.onEvent(new Event.Tick("TICK_5", 5, t.getEpochSecond() + 5), "2");
            await(httpok, c -> c.checksOk() == 1);
            heartbeat.onEvent(new Event.Tick("TICK_60", 60, t.getEpochSecond() + 5), "1"); // refused
            await(heartbeat, c -> c.pingsFailed() == 1);
            ops.pingError = null;
            clock.set(t.plusSeconds(65));
            heartbeat.onEvent(new Event.Tick("TICK_60", 60, t.getEpochSecond() + 65), "2");
            await(heartbeat, c -> c.pingsOk() == 1);
            metrics.write();
            String text = Files.readString(file);
            String h = "{listener=\"checks\",monitor=\"httpok\"";
            String hb = "{listener=\"checks\",monitor=\"heartbeat\"";
            assertTrue(text.contains("superlance_checks_total" + h + ",result=\"ok\"} 1\n"), text);
            assertTrue(text.contains("superlance_checks_total" + h + ",result=\"failed\"} 1\n"), text);
            assertTrue(text.contains("superlance_restarts_total" + h + ",result=\"ok\"} 1\n"), text);
            assertTrue(text.contains("superlance_restarts_total" + h + ",result=\"failed\"} 0\n"), text);
            assertTrue(text.contains("superlance_last_successful_check_timestamp_seconds" + h + "} " + (t.getEpochSecond() + 5) + "\n"), text);
            assertTrue(text.contains("superlance_checks_total" + hb + ",result=\"ok\"} 2\n"), text);
            assertTrue(text.contains("superlance_pings_total" + hb + ",result=\"ok\"} 1\n"), text);
            assertTrue(text.contains("superlance_pings_total" + hb + ",result=\"failed\"} 1\n"), text);
            assertTrue(text.contains("superlance_last_successful_ping_timestamp_seconds" + hb + "} " + (t.getEpochSecond() + 65) + "\n"), text);
            assertTrue(!text.contains("superlance_pings_total" + h), "httpok does not ping:\n" + text);
            assertTrue(text.contains("# TYPE superlance_checks_total counter\n")
                    && text.contains("# TYPE superlance_last_successful_check_timestamp_seconds gauge\n"), text);
        } finally {
            assertTrue(q1.drain(Duration.ofSeconds(10)) && q2.drain(Duration.ofSeconds(10)));
        }
        promtoolTakes(file);
    }
}
