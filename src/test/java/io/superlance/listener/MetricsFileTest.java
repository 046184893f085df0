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
        assertTrue(text.matches("(?s).*channel=\"webhook \\\\\"x\\\\\"\",outcome=\"failed\"} [1-9][0-9]*\n.*"), text);
        assertTrue(text.contains("# TYPE superlance_alerts_total counter\n"), text);
        assertEquals(List.of(), Files.list(dir).filter(p -> !p.equals(file)).toList(), "nothing beside it");

        webhookUp.set(true); // its retries end before the next test
        assertTrue(queue.drain(Duration.ofSeconds(10)));
        runtime.close();

        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool), "promtool (Debian's prometheus package) is not installed");
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true)
                .redirectInput(file.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), said);
        assertEquals("", said.strip(), "promtool finds nothing to say:\n" + text);
    }
}
