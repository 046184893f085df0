package io.superlance.status;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The alert rules docs/operations.md gives fire on the series the metrics file writes: promtool's rule unit tests. */
class AlertRulesTest {
    @TempDir
    Path dir;

    /** Series as --metrics-file names and labels them, node_exporter adding {@code instance}. */
    private static final String TESTS = """
            rule_files: [rules.yml]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
                  # httpok: the last good check at 0, every check failing since
                  - series: 'superlance_last_successful_check_timestamp_seconds{listener="h",monitor="httpok",instance="a"}'
                    values: '0x60'
                  - series: 'superlance_checks_total{listener="h",monitor="httpok",result="failed",instance="a"}'
                    values: '0+1x60'
                  - series: 'superlance_checks_total{listener="h",monitor="httpok",result="ok",instance="a"}'
                    values: '1x60'
                  # crashmail: one alert waiting for mail, none sent
                  - series: 'superlance_alerts_pending{listener="c",monitor="crashmail",channel="mail",instance="a"}'
                    values: '1x60'
                  - series: 'superlance_alerts_total{listener="c",monitor="crashmail",channel="mail",outcome="sent",instance="a"}'
                    values: '0x60'
                alert_rule_test:
                  - eval_time: 20m
                    alertname: SuperlanceChecksFailing
                  - eval_time: 45m
                    alertname: SuperlanceChecksFailing
                    exp_alerts:
                      - exp_labels: {listener: h, monitor: httpok, instance: a, severity: warning}
                        exp_annotations:
                          summary: "h/httpok: no check ok for 30 minutes"
                          description: "superlance status on the host shows the last check and why it failed."
                  - eval_time: 45m
                    alertname: SuperlanceAlertsStuck
                    exp_alerts:
                      - exp_labels: {listener: c, monitor: crashmail, channel: mail, instance: a, severity: warning}
                        exp_annotations:
                          summary: "c on a: 1 alert(s) stuck for mail"
                          description: "Run superlance status on the host for the last error."
            """;

    @Test
    void theDocumentedRulesFireOnTheMetricsFilesSeries() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool), "promtool (Debian's prometheus package) is not installed");
        String doc = Files.readString(Path.of("docs/operations.md"));
        int from = doc.indexOf("```yaml\n") + "```yaml\n".length();
        Files.writeString(dir.resolve("rules.yml"), doc.substring(from, doc.indexOf("```", from)));
        Files.writeString(dir.resolve("tests.yml"), TESTS);
        Process p = new ProcessBuilder(promtool.toString(), "test", "rules", "tests.yml").directory(dir.toFile())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), said);
    }
}
