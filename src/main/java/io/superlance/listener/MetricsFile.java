package io.superlance.listener;

import io.superlance.alert.delivery.DeliveryQueue;
import io.superlance.log.Log;
import io.superlance.status.Metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code --metrics-file}: the listener's counts in node_exporter's textfile format, replaced whole
 * (written beside it, then renamed) so the collector never reads half a file.
 */
final class MetricsFile {
    /** How often it is written; node_exporter reads it at each scrape. */
    static final Duration EVERY = Duration.ofSeconds(15);

    /**
     * How often it is written: {@link #EVERY}, or {@code SUPERLANCE_METRICS_EVERY} seconds (from 1), for a
     * test that would otherwise wait for the next write.
     */
    static Duration every(Map<String, String> env) {
        String given = env.get("SUPERLANCE_METRICS_EVERY");
        if (given == null) {
            return EVERY;
        }
        try {
            int seconds = Integer.parseInt(given.strip());
            if (seconds >= 1) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        Log.warn("ignoring SUPERLANCE_METRICS_EVERY: '" + given + "' is not a number of seconds from 1; writing every "
                + EVERY.toSeconds() + " s");
        return EVERY;
    }

    private final Path file;
    private final String listener;
    private final Instant start;
    private final List<MonitorRuntime> runtimes;
    private final List<DeliveryQueue> queues;
    private String lastFault;

    MetricsFile(Path file, String listener, Instant start, List<MonitorRuntime> runtimes, List<DeliveryQueue> queues) {
        this.file = file;
        this.listener = listener;
        this.start = start;
        this.runtimes = runtimes;
        this.queues = queues;
    }

    String text() {
        Metrics m = new Metrics();
        m.gauge("superlance_start_time_seconds", "When the listener started, in seconds since the epoch.",
                start.getEpochSecond(), "listener", listener);
        for (int i = 0; i < runtimes.size(); i++) {
            MonitorRuntime r = runtimes.get(i);
            m.counter("superlance_events_handled_total", "Events the monitor handled (not those supervisord sent again).",
                    r.eventsHandled(), "listener", listener, "monitor", r.name());
            Instant last = r.lastEvent();
            if (last != null) {
                m.gauge("superlance_last_event_timestamp_seconds", "When the monitor last handled an event.",
                        last.toEpochMilli() / 1000.0, "listener", listener, "monitor", r.name());
            }
            m.gauge("superlance_incidents_firing", "Incidents that fired and have not resolved.",
                    r.incidentsFiring(), "listener", listener, "monitor", r.name());
            m.counter("superlance_alerts_silenced_total", "Alerts a silence (superlance silence) kept from being sent.",
                    r.alertsSilenced(), "listener", listener, "monitor", r.name());
            checks(m, r);
            m.gauge("superlance_alerts_unwritten", "Alerts accepted that are not on disk (the spool cannot be written, or there is "
                    + "none): a kill -9 loses them, and superlance status, which reads the disk, does not count them.",
                    queues.get(i).unwritten(), "listener", listener, "monitor", r.name());
            for (DeliveryQueue.ChannelStats c : queues.get(i).stats()) {
                String[] labels = {"listener", listener, "monitor", r.name(), "channel", c.channel()};
                m.gauge("superlance_alerts_pending", "Alerts waiting to be delivered through the channel.", c.pending(), labels);
                m.counter("superlance_alerts_total", "Alerts by what became of them: sent, failed (an attempt that is "
                        + "retried), given_up.", c.sent(), with(labels, "outcome", "sent"));
                m.counter("superlance_alerts_total", "", c.failed(), with(labels, "outcome", "failed"));
                m.counter("superlance_alerts_total", "", c.givenUp(), with(labels, "outcome", "given_up"));
            }
        }
        return m.text();
    }

    /** What a checking monitor's checks, pings and restarts came out as; nothing for a monitor that does none. */
    private void checks(Metrics m, MonitorRuntime r) {
        CheckResults.Counts c = r.checkCounts();
        if (c == null) {
            return;
        }
        String[] labels = {"listener", listener, "monitor", r.name()};
        m.counter("superlance_checks_total", "Checks by result, ok or failed: httpok's GET, memmon's round of the programs' RSS, "
                + "heartbeat's look at its programs and jobs.", c.checksOk(), with(labels, "result", "ok"));
        m.counter("superlance_checks_total", "", c.checksFailed(), with(labels, "result", "failed"));
        if (c.lastOkCheck() != null) {
            m.gauge("superlance_last_successful_check_timestamp_seconds", "When a check last came out ok, in seconds since the epoch.",
                    c.lastOkCheck().toEpochMilli() / 1000.0, labels);
        }
        m.counter("superlance_restarts_total", "Restarts the monitor carried out, by result: ok, failed (to stop or to start).",
                c.restartsOk(), with(labels, "result", "ok"));
        m.counter("superlance_restarts_total", "", c.restartsFailed(), with(labels, "result", "failed"));
        if (c.pingsOk() + c.pingsFailed() > 0 || c.lastOkPing() != null) { // heartbeat's
            m.counter("superlance_pings_total", "Pings to the heartbeat endpoint by result: ok (it took the ping) or failed.",
                    c.pingsOk(), with(labels, "result", "ok"));
            m.counter("superlance_pings_total", "", c.pingsFailed(), with(labels, "result", "failed"));
            if (c.lastOkPing() != null) {
                m.gauge("superlance_last_successful_ping_timestamp_seconds", "When the heartbeat endpoint last took a ping, in "
                        + "seconds since the epoch.", c.lastOkPing().toEpochMilli() / 1000.0, labels);
            }
        }
    }

    private static String[] with(String[] labels, String name, String value) {
        String[] out = java.util.Arrays.copyOf(labels, labels.length + 2);
        out[labels.length] = name;
        out[labels.length + 1] = value;
        return out;
    }

    /** Writes it now; a failure is logged once until it clears. */
    void write() {
        try {
            // not AtomicFile: its temporary .tmp-NAME.prom would match the collector's *.prom while half written
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            // 0640: the collector reads it through the group; others have no business with the listener's state
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
            Files.write(tmp, text().getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (lastFault != null) {
                Log.info("--metrics-file: " + file + " written again");
                lastFault = null;
            }
        } catch (IOException | RuntimeException e) {
            String fault = Log.describe(e);
            if (!fault.equals(lastFault)) {
                Log.error("--metrics-file: cannot write " + file + ": " + fault);
                lastFault = fault;
            }
        }
    }
}
