package io.superlance.cli;

import io.superlance.monitor.HttpOkMonitor;
import io.superlance.protocol.ProcessId;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpokCommandTest {
    static HttpOkMonitor.Settings parse(String... args) {
        HttpokCommand c = new HttpokCommand();
        c.given = Launcher.given(new CommandLine(c).parseArgs(args)); // as the launcher tells it
        return c.monitor().settings();
    }

    @Test
    void defaultsAreSuperlances() {
        HttpOkMonitor.Settings s = parse("http://127.0.0.1:8080/health");
        assertEquals("http://127.0.0.1:8080/health", s.url());
        assertEquals(Duration.ofSeconds(10), s.timeout());
        assertEquals(Set.of(200), s.codes());
        assertTrue(s.eager());
        assertEquals("/usr/bin/gcore -o", s.gcore());
        assertNull(s.coreDir());
        assertNull(s.programs(), "no -p and no -a: alert only");
        assertNull(s.body());
        assertNull(s.name());
    }

    @Test
    void shortAndAttachedSpellings() {
        HttpOkMonitor.Settings s = parse("-pweb", "-p", "grp:api", "-t5", "-c", "200", "-c204", "-bOK", "-E", "-nshop",
                "-g", "gcore -o", "-d/tmp", "-s", "true", "-m", "ops@example.com", "https://example.com/");
        assertEquals(List.of("web", "grp:api"), s.programs().patterns());
        assertTrue(s.programs().matches(new ProcessId("web", "web")));
        assertTrue(s.programs().matches(new ProcessId("grp", "api")));
        assertEquals(Duration.ofSeconds(5), s.timeout());
        assertEquals(Set.of(200, 204), s.codes());
        assertEquals("OK", s.body());
        assertFalse(s.eager());
        assertEquals("shop", s.name());
        assertEquals("gcore -o", s.gcore());
        assertEquals(Path.of("/tmp"), s.coreDir());
    }

    @Test
    void longSpellings() {
        HttpOkMonitor.Settings s = parse("--program=web", "--any", "--timeout=3", "--code=500", "--body=up",
                "--eager", "--name=n", "--gcore=gc", "--coredir=/tmp", "--sendmail_program=true", "--email=a@example.com",
                "--grace=30s", "--max-restarts=3/1h", "--json", "a.b<80", "--json=CHANNEL.ch-1.ChannelFillPercentage<=90",
                "http://x/");
        assertTrue(s.programs().any());
        assertEquals(Duration.ofSeconds(3), s.timeout());
        assertEquals(Set.of(500), s.codes());
        assertTrue(s.eager());
        assertEquals(Duration.ofSeconds(30), s.grace());
        assertEquals(2, s.json().size());
        assertEquals("<=", s.json().get(1).op());
        assertFalse(parse("--not-eager", "http://x/").eager());
        assertEquals(Duration.ofSeconds(45), parse("-w", "45", "http://x/").grace());
        assertEquals(Duration.ofSeconds(45), parse("--delay=45", "http://x/").grace());
        assertEquals("1h30m", parse("--grace", "1h30m", "http://x/").graceText(), "log lines quote it as written");
        assertEquals("45", parse("-w45", "http://x/").graceText());
    }

    @Test
    void mistakesAreOneLineConfigErrors() {
        assertThrows(ConfigException.class, () -> parse());
        assertTrue(assertThrows(ConfigException.class, () -> parse("ftp://x/")).getMessage().contains("only http:// and https://"));
        assertThrows(ConfigException.class, () -> parse("-e", "-E", "http://x/"));
        assertThrows(ConfigException.class, () -> parse("-t", "0", "http://x/"));
        assertThrows(ConfigException.class, () -> parse("--json", "a.b~3", "http://x/"));
        assertThrows(ConfigException.class, () -> parse("--json", "a.b<high", "http://x/"));
        assertThrows(CommandLine.ParameterException.class, () -> parse("--grace", "a while", "http://x/"));
        assertThrows(CommandLine.ParameterException.class, () -> parse("-c", "ok", "http://x/"));
    }
}
