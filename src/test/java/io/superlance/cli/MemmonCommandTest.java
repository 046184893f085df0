package io.superlance.cli;

import io.superlance.monitor.MemMonitor;
import io.superlance.protocol.ProcessId;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemmonCommandTest {
    private static final long MB = 1024 * 1024;

    static MemmonCommand parse(String... args) {
        MemmonCommand c = new MemmonCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    @Test
    void everySpellingOfProgramGivesTheSameLimit() {
        for (List<String> args : List.of(List.of("-pfoo=1MB"), List.of("-p", "foo=1MB"), List.of("--program=foo=1MB"),
                List.of("--program", "foo=1MB"), List.of("-p=foo=1MB"))) {
            MemMonitor m = parse(args.toArray(String[]::new)).monitor();
            assertEquals(MB, m.limits().limitFor(new ProcessId("foo", "foo")), args.toString());
            assertNull(m.limits().limitFor(new ProcessId("bar", "bar")), args.toString());
        }
    }

    @Test
    void groupHasThreeLongSpellings() {
        for (List<String> args : List.of(List.of("-gweb=2GB"), List.of("-g", "web=2GB"), List.of("--group=web=2GB"),
                List.of("--groupname", "web=2GB"), List.of("--groupname=web=2GB"))) {
            MemMonitor m = parse(args.toArray(String[]::new)).monitor();
            assertEquals(2048 * MB, m.limits().limitFor(new ProcessId("web", "web_01")), args.toString());
        }
    }

    @Test
    void namespecAnyCumulativeAndTheRest() {
        MemmonCommand c = parse("-c", "-p", "grp:api=100MB", "-a", "1GB", "-u", "1h", "-n", "prod",
                "-s", "cat > /dev/null", "-m", "ops@example.com", "--for", "3", "--max-restarts", "3/1h");
        MemMonitor m = c.monitor();
        assertTrue(m.cumulative());
        assertEquals(100 * MB, m.limits().limitFor(new ProcessId("grp", "api")));
        assertEquals(1024 * MB, m.limits().limitFor(new ProcessId("other", "api")));
        assertEquals("cat > /dev/null", c.mail.sendmail);
        assertEquals("ops@example.com", c.mail.email);
        assertEquals(3, c.forChecks);
        assertTrue(m.sampleAlert(Instant.EPOCH).subject().startsWith("memmon [prod]: process "));
    }

    @Test
    void longSpellingsOfTheOtherOptions() {
        MemmonCommand c = parse("--cumulative", "--any=5MB", "--uptime=30m", "--name=x", "--sendmail_program=true",
                "--email=a@example.com");
        assertTrue(c.monitor().cumulative());
        assertEquals("true", c.mail.sendmail);
        assertEquals(java.time.Duration.ofMinutes(30), c.uptime);
        assertEquals("true", parse("-a", "1MB", "--sendmail", "true").mail.sendmail);
    }

    @Test
    void withoutDashNTheSubjectNamesNoMemmon_unlikeSuperlanceWhichTookTheLastProgramName() {
        MemMonitor m = parse("-p", "foo=1MB", "-g", "bar=1MB").monitor();
        assertTrue(m.sampleAlert(Instant.EPOCH).subject().startsWith("memmon: process "), m.sampleAlert(Instant.EPOCH).subject());
    }

    @Test
    void mistakesAreOneLineConfigErrors() {
        assertEquals("give at least one limit: -p NAME=SIZE, -g GROUP=SIZE or -a SIZE",
                assertThrows(ConfigException.class, () -> parse().monitor()).getMessage());
        assertThrows(ConfigException.class, () -> parse("-p", "foo").monitor());
        assertThrows(ConfigException.class, () -> parse("-p", "foo=big").monitor());
        assertThrows(CommandLine.ParameterException.class, () -> parse("-a", "1MB", "-u", "forever"));
        assertThrows(CommandLine.ParameterException.class, () -> parse("-a", "1MB", "--for", "0"));
        assertThrows(ConfigException.class, () -> parse("-a", "1MB", "--max-restarts", "3").monitor());
        assertFalse(parse("-a", "1MB").monitor().cumulative());
    }
}
