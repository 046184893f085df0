package io.superlance.cli;

import io.superlance.alert.channels.ChannelSettings;
import io.superlance.alert.mail.SmtpSettings;
import io.superlance.log.Log;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchMailOptionsTest {
    static CrashmailbatchCommand parse(String... args) {
        CrashmailbatchCommand c = new CrashmailbatchCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    private static ChannelSettings.Mail mail(String... args) {
        return MailSettings.mail(parse(args).mail, false, Log.of("test"));
    }

    @Test
    void superlanceSpellingsAndDefaults() {
        CrashmailbatchCommand c = parse("-t", "a@example.com,b@example.com", "-f", "me@example.com");
        ChannelSettings.Mail m = MailSettings.mail(c.mail, false, Log.of("test"));
        SmtpSettings s = m.smtp().server();
        assertEquals("localhost", s.host());
        assertEquals(25, s.port());
        assertEquals(SmtpSettings.Tls.NONE, s.tls());
        assertEquals(Duration.ofSeconds(30), s.timeout());
        assertEquals(2, m.to().size());
        assertEquals("TICK_60", c.tickEvent);
        assertEquals(Duration.ofMinutes(1), c.interval);

        c = parse("--toEmail=a@example.com", "--fromEmail=me@example.com", "--smtpHost=mail.example.com:587", "--tls",
                "--userName=bob", "--password=pw", "--subject=S", "--tickEvent=TICK_5", "--interval=0.5", "--smtp-timeout=1m");
        m = MailSettings.mail(c.mail, false, Log.of("test"));
        s = m.smtp().server();
        assertEquals("mail.example.com", s.host());
        assertEquals(587, s.port());
        assertEquals(SmtpSettings.Tls.STARTTLS, s.tls());
        assertEquals("bob", s.user());
        assertEquals("pw", m.smtp().password());
        assertEquals(Duration.ofMinutes(1), s.timeout());
        assertEquals("S", c.subject);
        assertEquals(Duration.ofSeconds(30), c.interval);

        c = parse("-tA@example.com", "-fme@example.com", "-Hsmtp.example.com", "--smtps", "-ubob", "-i0.05", "-eTICK_3600");
        m = MailSettings.mail(c.mail, false, Log.of("test"));
        assertEquals(465, m.smtp().server().port());
        assertNull(m.smtp().password(), "read by Channels from the file or the environment");
        assertEquals("-u/--userName", m.smtp().userOption());
        assertEquals("TICK_3600", c.tickEvent);
        assertEquals(Duration.ofSeconds(3), c.interval);
    }

    @Test
    void theSendmailCommandInsteadOfSmtp() {
        ChannelSettings.Mail m = mail("-t", "a@example.com", "-f", "b@example.com", "--sendmail", "cat", "--tls", "--smtps");
        assertNull(m.smtp(), "no SMTP settings to check");
        assertEquals("cat", m.sendmail());
        assertEquals("b@example.com", m.from().toString());
        assertNull(mail("-t", "a@example.com", "-f", "b@example.com").sendmail());
    }

    @Test
    void withoutRecipientsNothingIsMailed_unlessTheSmsGatewaysNeedTheRoute() {
        assertNull(mail("-f", "b@example.com"));
        ChannelSettings.Mail route = MailSettings.mail(parse("--sendmail", "cat").mail, true, Log.of("test"));
        assertEquals(List.of(), route.to());
        assertNull(route.from(), "sendmail fills it in");
    }

    @Test
    void clearErrors() {
        assertTrue(assertThrows(ConfigException.class, () -> parse("-t", "a@example.com", "-f", "b@example.com",
                "-e", "TICK_7").monitor()).getMessage().contains("TICK_5, TICK_60 or TICK_3600, not 'TICK_7'"));
        assertEquals("-f/--fromEmail is required with -t/--toEmail",
                assertThrows(ConfigException.class, () -> mail("-t", "a@example.com")).getMessage());
        assertEquals("--tls and --smtps exclude each other",
                assertThrows(ConfigException.class, () -> mail("-t", "a@example.com", "-f", "b@example.com", "--tls", "--smtps"))
                        .getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> mail("-t", "a@example.com", "-f", "b@example.com", "-H", "host:99999"))
                .getMessage().startsWith("-H/--smtpHost: "));
        assertEquals("--smtp-timeout must be positive",
                assertThrows(ConfigException.class, () -> mail("-t", "a@example.com", "-f", "b@example.com", "--smtp-timeout", "0"))
                        .getMessage());
        // -u without a password anywhere: superlance sent without logging in (PythonCompatTest)
        assertEquals(1, parse("-t", "a@example.com", "-u", "bob", "-f", "b@example.com").setup(Map.of()).channels().size());
        assertEquals("-t/--toEmail is required (or another channel option)",
                assertThrows(ConfigException.class, () -> parse().setup(Map.of())).getMessage());
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
        CrashmailbatchCommand c = parse("--spool-dir", "/tmp/x", "--spool-max", "5", "--min-interval", "1h30m",
                "--retry-max", "10s", "--give-up-after", "2h");
        var d = DeliverySettings.of(c.delivery);
        assertEquals(5, d.spoolMax());
        assertEquals(Duration.ofMinutes(90), d.minInterval());
        assertEquals(Duration.ofSeconds(1), d.retry().firstDelay());
        assertEquals(Duration.ofSeconds(10), d.retry().maxDelay());
        assertEquals(Duration.ofHours(2), d.retry().giveUpAfter());
        d = DeliverySettings.of(parse().delivery);
        assertEquals(Duration.ZERO, d.minInterval());
        assertEquals(Duration.ofSeconds(60), d.retry().maxDelay());
        assertEquals(Duration.ofHours(24), d.retry().giveUpAfter());
        assertEquals(Duration.ofMillis(500), DeliverySettings.of(parse("--retry-max", "500ms").delivery).retry().firstDelay(),
                "the first wait is never longer than the longest");
        assertEquals("--retry-max must be more than 0",
                assertThrows(ConfigException.class, () -> DeliverySettings.of(parse("--retry-max", "0").delivery)).getMessage());
        assertEquals("--spool-max must be at least 1",
                assertThrows(ConfigException.class, () -> DeliverySettings.of(parse("--spool-max", "0").delivery)).getMessage());
    }
}
