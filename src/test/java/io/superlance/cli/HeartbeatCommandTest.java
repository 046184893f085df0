package io.superlance.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeartbeatCommandTest {
    private static HeartbeatCommand parse(String... args) {
        HeartbeatCommand c = new HeartbeatCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    private static String error(String... args) {
        return assertThrows(ConfigException.class, () -> parse(args).monitor()).getMessage();
    }

    @Test
    void theFailUrlDefaultsToTheSuccessUrlWithFailAppendedBeforeAnyQuery() {
        assertEquals("https://hc-ping.com/abc/fail", HeartbeatCommand.withPath("https://hc-ping.com/abc", "/fail"));
        assertEquals("https://hc-ping.com/abc/fail?rid=1", HeartbeatCommand.withPath("https://hc-ping.com/abc/?rid=1", "/fail"));
    }

    @Test
    void badSettingsAreOneLineStartupErrors() {
        assertTrue(error("--url", "http://x/", "-e", "TICK_10").contains("'TICK_10' is not one of TICK_5, TICK_60, TICK_3600"));
        assertTrue(error().contains("give the ping URL"));
        assertTrue(error("--url", "ftp://x/").contains("only http:// and https://"));
        assertTrue(error("--url", "http://x/", "--method", "PUT").contains("neither GET nor POST"));
        assertTrue(error("--url", "http://x/", "--fail-url", "http://y/", "--fail-param", "data").contains("contradict"));
        assertTrue(error("--url", "http://x/", "--within", "sync").contains("NAME=DURATION"));
        assertTrue(error("--url", "http://x/", "--every", "0").contains("--every"));
        assertTrue(assertThrows(CommandLine.ParameterException.class, () -> parse("--url", "http://x/", "--for", "0")).getMessage()
                .contains("--for must be at least 1"), "read by its converter");
        assertTrue(error("--url", "http://x/", "--cron", "backup=16:05").contains("--cron backup: '16:05' has 1 fields, not 5"),
                error("--url", "http://x/", "--cron", "backup=16:05"));
        assertTrue(error("--url", "http://x/", "--cron", "5 16 * * *").contains("is not NAME=SCHEDULE"));
        assertTrue(error("--url", "http://x/", "--cron", "b=5 16 * * *", "--tz", "Mars/Olympus").contains("'Mars/Olympus' is not a time zone"));
        assertTrue(error("--url", "http://x/", "--cron", "b=5 16 * * *", "--cron-grace", "c=1h").contains("'c' names no --cron job"));
        assertTrue(error("--url", "http://x/", "--cron", "b=5 16 * * *", "--cron-grace", "b=soon").contains("--cron-grace b"));
    }

    /** --within job=2 was 2 seconds: three alerts and three resolutions in 45 s, the alert saying "within 2". */
    @Test
    void aJobsIntervalNamesItsUnit() {
        assertEquals("--within job: '2' needs a unit (e.g. 2m, 2h, 2s)", error("--url", "http://x/", "--within", "job=2"));
        assertTrue(error("--url", "http://x/", "--cron", "b=5 16 * * *", "--cron-grace", "b=30").contains("'30' needs a unit"));
        assertEquals(1, parse("--url", "http://x/", "--within", "job=2m").monitor().events().stream()
                .filter(e -> e.equals("PROCESS_STATE_EXITED")).count());
    }

    @Test
    void subscribesToItsTickAndToExitsOnlyWithWithin() {
        assertEquals(java.util.Set.of("TICK_60"), parse("--url", "http://x/").monitor().events());
        assertEquals(java.util.Set.of("TICK_5", "PROCESS_STATE_EXITED", "PROCESS_STATE_BACKOFF", "PROCESS_STATE_FATAL",
                        "PROCESS_COMMUNICATION_STDOUT", "PROCESS_COMMUNICATION_STDERR"),
                parse("--url", "http://x/", "-e", "TICK_5", "--within", "sync=125m").monitor().events());
        assertEquals(java.util.Set.of("TICK_5", "PROCESS_STATE_EXITED", "PROCESS_COMMUNICATION_STDOUT", "PROCESS_COMMUNICATION_STDERR"),
                parse("--url", "http://x/", "-e", "TICK_5", "--cron", "backup=5 16 * * *", "--no-exit-alerts").monitor().events());
    }

    @Test
    void logmonNeedsAMatchAndAKnownChannel() {
        LogmonCommand c = new LogmonCommand();
        new CommandLine(c).parseArgs();
        assertTrue(assertThrows(ConfigException.class, c::monitor).getMessage().contains("--match"));
        LogmonCommand d = new LogmonCommand();
        new CommandLine(d).parseArgs("--match", "x", "--channel", "stdin");
        assertTrue(assertThrows(ConfigException.class, d::monitor).getMessage().contains("stdout, stderr or both"));
        LogmonCommand e = new LogmonCommand();
        new CommandLine(e).parseArgs("--match", "(", "--channel", "stderr");
        assertTrue(assertThrows(ConfigException.class, e::monitor).getMessage().contains("not a regular expression"));
        LogmonCommand ok = new LogmonCommand();
        new CommandLine(ok).parseArgs("--match", "ERROR", "--channel", "stderr");
        assertEquals(java.util.Set.of("PROCESS_LOG_STDERR"), ok.monitor().events());
    }

    @Test
    void thePingUrlsMayComeFromFilesOrTheEnvironment_andErrorsNeverQuoteThemWhole() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("ping", ".url");
        try {
            java.nio.file.Files.writeString(file, "https://hc-ping.com/5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278\n");
            HeartbeatCommand c = parse("--url-file", file.toString());
            c.env = java.util.Map.of();
            assertEquals("https://hc-ping.com/5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278", c.monitor().settings().url());
            assertEquals("https://hc-ping.com/5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278/fail", c.monitor().settings().failUrl());
        } finally {
            java.nio.file.Files.delete(file);
        }
        HeartbeatCommand fromEnv = parse();
        fromEnv.env = java.util.Map.of("SUPERLANCE_PING_URL", "https://hc-ping.com/e", "SUPERLANCE_PING_FAIL_URL", "https://hc-ping.com/f");
        assertEquals("https://hc-ping.com/e", fromEnv.monitor().settings().url());
        assertEquals("https://hc-ping.com/f", fromEnv.monitor().settings().failUrl());

        String bad = error("--url", "https://hc-ping.com/s3cr3t uuid");
        assertTrue(bad.startsWith("--url: 'https://hc-ping.com/*** uuid' is not a URL"), bad);
        assertTrue(!bad.contains("s3cr3t"), bad);
        String ftp = error("--url", "ftp://hc-ping.com/5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278");
        assertTrue(!ftp.contains("5bf66975"), ftp);
    }
}
