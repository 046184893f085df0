package io.superlance.cli;

import io.superlance.alert.mail.SmtpSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchMailOptionsTest {
    static CrashmailbatchCommand parse(String... args) {
        CrashmailbatchCommand c = new CrashmailbatchCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    @Test
    void superlanceSpellingsAndDefaults() {
        CrashmailbatchCommand c = parse("-t", "a@example.com,b@example.com", "-f", "me@example.com");
        SmtpSettings s = c.mail.settings(Map.of());
        assertEquals("localhost", s.host());
        assertEquals(25, s.port());
        assertEquals(SmtpSettings.Tls.NONE, s.tls());
        assertEquals("TICK_60", c.mail.tickEvent);
        assertEquals(1.0, c.mail.interval);
        assertEquals(1, c.mail.channels(Map.of()).size());

        c = parse("--toEmail=a@example.com", "--fromEmail=me@example.com", "--smtpHost=mail.example.com:587", "--tls",
                "--userName=bob", "--password=pw", "--subject=S", "--tickEvent=TICK_5", "--interval=0.5");
        s = c.mail.settings(Map.of());
        assertEquals("mail.example.com", s.host());
        assertEquals(587, s.port());
        assertEquals(SmtpSettings.Tls.STARTTLS, s.tls());
        assertEquals("bob", s.user());
        assertEquals("pw", s.password());
        assertEquals("S", c.mail.subject);
        assertEquals(0.5, c.mail.interval);

        c = parse("-tA@example.com", "-fme@example.com", "-Hsmtp.example.com", "--smtps", "-ubob", "-i0.1", "-eTICK_3600");
        s = c.mail.settings(Map.of("SUPERLANCE_SMTP_PASSWORD", "from-env"));
        assertEquals(465, s.port());
        assertEquals("from-env", s.password());
        assertEquals("TICK_3600", c.mail.tickEvent);
    }

    @Test
    void clearErrors() {
        assertTrue(assertThrows(ConfigException.class, () -> parse("-t", "a@example.com", "-f", "b@example.com",
                "-e", "TICK_7").mail.monitor(io.superlance.monitor.DigestMonitor.Kind.CRASH))
                .getMessage().contains("TICK_5, TICK_60 or TICK_3600, not 'TICK_7'"));
        assertThrows(ConfigException.class, () -> parse("-t", "a@example.com", "-u", "bob", "-f", "b@example.com")
                .mail.settings(Map.of()));
        assertThrows(ConfigException.class, () -> parse("-t", "a@example.com").mail.channels(Map.of()));
        assertThrows(ConfigException.class, () -> parse("--tls", "--smtps").mail.settings(Map.of()));
        assertThrows(ConfigException.class, () -> parse("-H", "host:99999").mail.settings(Map.of()));
    }

    @Test
    void anUnknownTickStopsTheCommandWithStatus2() {
        StringWriter err = new StringWriter();
        String[] args = {"crashmailbatch", "-t", "a@example.com", "-f", "b@example.com", "-e", "TICK_10"};
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), args);
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute(args));
    }

    @Test
    void spoolAndStormOptions() {
        CrashmailbatchCommand c = parse("--spool-dir", "/tmp/x", "--spool-max", "5", "--min-interval", "5m",
                "--retry-max", "10s", "--give-up-after", "2h");
        var d = c.listener.delivery();
        assertEquals(5, d.spoolMax());
        assertEquals(Duration.ofMinutes(5), d.minInterval());
        assertEquals(Duration.ofSeconds(10), d.retry().maxDelay());
        assertEquals(Duration.ofHours(2), d.retry().giveUpAfter());
        assertEquals(Duration.ZERO, parse().listener.delivery().minInterval());
        assertEquals(Duration.ofMillis(1500), ListenerOptions.duration("x", "1.5"));
        assertEquals(Duration.ofMillis(250), ListenerOptions.duration("x", "250ms"));
        assertEquals(Duration.ofDays(1), ListenerOptions.duration("x", "1d"));
        assertThrows(ConfigException.class, () -> ListenerOptions.duration("x", "soon"));
        assertThrows(ConfigException.class, () -> ListenerOptions.duration("x", "-1s"));
    }
}
