package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.TestMode;
import io.superlance.log.Log;
import io.superlance.log.MonitorLog;
import io.superlance.monitor.Action;
import io.superlance.monitor.HeartbeatMonitor;
import io.superlance.monitor.HttpOkMonitor;
import io.superlance.monitor.HttpResult;
import io.superlance.monitor.Monitor;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** {@code --test-alert}: each monitor's channels and its own I/O tried once by hand, outside supervisord. */
public final class TestAlertRun {
    private TestAlertRun() {
    }

    /**
     * Each monitor's test: heartbeat's success ping and httpok's check, done for real once (nothing is
     * restarted), then its sample alert, marked as a test ({@link TestMode}), through its channels.
     * @return 0 when all went well, 2 when a monitor has nothing to test, else 1
     */
    public static int run(List<MonitorSetup> setups, Map<String, String> env, Clock clock) {
        int status = 0;
        for (MonitorSetup s : setups) {
            int own = testAction(s.monitor(), env);
            if (own >= 0 && s.channels().isEmpty()) {
                status = Math.max(status, own); // heartbeat and httpok with -p may have no channel
                continue;
            }
            status = Math.max(status, Math.max(own, send(s.monitor(), s.channels(), clock)));
        }
        return status;
    }

    /** What the monitor itself does, once: @return 0 went well, 1 did not, -1 when it does nothing of its own to test */
    static int testAction(Monitor monitor, Map<String, String> env) {
        MonitorLog log = Log.of(monitor.name());
        if (monitor instanceof HeartbeatMonitor heartbeat) {
            Action.Ping ping = heartbeat.successPing();
            String error = new HttpPing(env).send(ping);
            if (error != null) {
                log.error("test ping to " + ping.url() + " failed: " + error);
                return 1;
            }
            log.info("test ping to " + ping.url() + ": answered (2xx)");
            return 0;
        }
        if (monitor instanceof HttpOkMonitor httpok) {
            HttpResult answer = new HttpProbe().get(httpok.probe());
            String verdict = httpok.verdict(answer);
            if (verdict != null) {
                log.error("test check of " + httpok.settings().url() + ": FAILS, a real check would act (nothing restarted now): " + verdict);
                return 1;
            }
            log.info("test check of " + httpok.settings().url() + ": OK (" + answer.status() + " " + answer.reason() + ")");
            return 0;
        }
        return -1;
    }

    /** Sends the monitor's sample alert, marked as a test, through every channel now. @return 0 when all took it, 2 with no channel, else 1 */
    public static int send(Monitor monitor, List<Channel> channels, Clock clock) {
        MonitorLog log = Log.of(monitor.name());
        if (channels.isEmpty()) {
            log.error("--test-alert: no channel configured (give -m ADDRESS, and --smtp-host HOST to use SMTP)");
            return 2; // a setting, not a delivery, is wrong
        }
        Alert alert = TestMode.mark(monitor.sampleAlert(clock.instant()));
        int failed = 0;
        for (Channel channel : channels) {
            try {
                channel.send(alert);
                log.info("test alert sent via " + channel.name());
            } catch (DeliveryException | RuntimeException e) {
                log.error("test alert failed via " + channel.name() + ": " + Log.describe(e));
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
